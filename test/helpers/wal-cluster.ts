/**
 * A real cluster archiving into a real repository through our wal-push. The server runs as the postgres OS
 * user (we are root), so the repository is a temp dir it owns and node is called by absolute path.
 */
import { execFileSync } from 'node:child_process';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withClient } from '../../src/core/postgres/connection.ts';
import { type LocalCluster, startLocalCluster } from '../../src/core/postgres/local-cluster.ts';
import { archiveCommand } from '../../src/core/wal/archive-command.ts';

export const WAL_ENTRY = fileURLToPath(new URL('../../src/cli/wal.ts', import.meta.url));
export const NODE = process.execPath;

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** A temp directory the postgres OS user owns (when we are root); `remove()` deletes it. */
export async function postgresOwnedDir(prefix: string): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  if (process.getuid?.() === 0) {
    await chown(
      path,
      Number(execFileSync('id', ['-u', 'postgres'])),
      Number(execFileSync('id', ['-g', 'postgres'])),
    );
  }
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** The archive_command that pushes into `repository` with our wal-push: `wal archive-command`'s line (sh fast path). */
export function walPushCommand(repository: string): string {
  return archiveCommand({ node: NODE, script: WAL_ENTRY }, `file://${repository}`);
}

/** The archive_command servers configured before the sh fast path existed: Node for every call. */
export function legacyWalPushCommand(repository: string): string {
  return `${quote(NODE)} ${quote(WAL_ENTRY)} wal-push %p --storage ${quote(repository)}`;
}

/** Starts a cluster with WAL archiving into `repository`. */
export function startArchivingCluster(repository: string, password: string): Promise<LocalCluster> {
  return startLocalCluster({
    password,
    settings: {
      wal_level: 'replica',
      archive_mode: 'on',
      archive_command: walPushCommand(repository),
      archive_timeout: '0',
      max_wal_senders: '4',
    },
  });
}

/** Switches to a new segment and waits until everything up to it is archived; returns the last segment name. */
export async function archiveEverything(
  cluster: Pick<LocalCluster, 'connection'>,
  timeoutMs = 120_000,
): Promise<string> {
  return withClient(cluster.connection, 'postgres', async (client) => {
    // A switch on an empty segment is a no-op: write something first so the switch closes a segment.
    await client.query('SELECT txid_current()');
    const { rows } = await client.query<{ name: string }>('SELECT pg_walfile_name(pg_switch_wal()) AS name');
    const target = rows[0]!.name;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const { rows: s } = await client.query<{ last: string | null; failed: string; err: string | null }>(
        'SELECT last_archived_wal AS last, failed_count::text AS failed, last_failed_wal AS err FROM pg_stat_archiver',
      );
      if (s[0]!.last && s[0]!.last >= target) return target;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`archiving did not reach ${target} within ${timeoutMs} ms`);
  });
}
