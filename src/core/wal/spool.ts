/**
 * Spool shipping: the server's archive_command (`sidecar/wal-spool-archive.sh`) copies each WAL file into a
 * shared directory and waits; a warm process (the sidecar) stores it with wal-push's core and only then writes
 * `acks/<name>` and removes the spooled copy. The script succeeds only when its file is gone *and* the ack
 * exists, so an ack left over from an earlier attempt never counts: the shipper removes it before it stores.
 *
 * Spool layout: `<dir>/<name>` complete copies (the script renames them into place), `<dir>/.<name>.*` the
 * script's temp files, `<dir>/acks/<name>` acknowledgements. A file that cannot be stored (a conflict, an
 * unreachable repository) stays in the spool unacknowledged: the script times out and PostgreSQL retries.
 */
import { open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ResolvedEncryption } from '../crypto/encryption.ts';
import type { Logger } from '../logger.ts';
import type { PgConnection } from '../postgres/connection.ts';
import { withClient } from '../postgres/connection.ts';
import type { Storage } from '../storage/types.ts';
import type { ClusterIdentity } from './cluster-identity.ts';
import { NO_KEYS, prepareWalArea, type WalSealing } from './wal-crypto.ts';
import { parseWalFileName } from './wal-names.ts';
import { type PushedFile, pushFile } from './wal-push.ts';

export const SPOOL_ACK_DIR = 'acks';

/** Leftovers older than this (acks nobody waits for, temp files of a killed script) are removed. */
const STALE_MS = 60 * 60_000;

/** The identity of the cluster behind `conn`, asked over SQL (the sidecar cannot read the data directory). */
export async function clusterIdentityOf(conn: PgConnection): Promise<ClusterIdentity> {
  return withClient(conn, 'postgres', async (client) => {
    const { rows } = await client.query<{ sysid: string; num: string; segsize: string }>(
      `SELECT (SELECT system_identifier::text FROM pg_control_system()) AS sysid,
              current_setting('server_version_num') AS num,
              (SELECT setting FROM pg_settings WHERE name = 'wal_segment_size') AS segsize`,
    );
    const num = Number(rows[0]!.num);
    return {
      systemIdentifier: rows[0]!.sysid,
      // PG_VERSION's spelling: `15` from 10 on, `9.6` before.
      pgMajor:
        num >= 100000
          ? String(Math.floor(num / 10000))
          : `${Math.floor(num / 10000)}.${Math.floor(num / 100) % 100}`,
      walSegmentSize: Number(rows[0]!.segsize),
    };
  });
}

/** Spooled WAL file names in the order to store them: timeline history first, then by name. */
export function spoolOrder(names: string[]): string[] {
  return names
    .filter((n) => parseWalFileName(n) !== undefined)
    .sort((a, b) => Number(b.endsWith('.history')) - Number(a.endsWith('.history')) || (a < b ? -1 : 1));
}

export interface ShippedFile extends PushedFile {
  ackedAt: Date;
}

export interface SpoolPassResult {
  shipped: ShippedFile[];
  failed: { name: string; error: Error }[];
  /** WAL files in the spool when the pass started. */
  queued: number;
}

/** Writes `path` atomically and durably: temp file, fsync, rename, fsync of the directory. */
async function writeDurably(dir: string, name: string, content: string): Promise<void> {
  const temp = join(dir, `.${name}.${process.pid}.tmp`);
  const handle = await open(temp, 'w', 0o644);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, join(dir, name));
  const dirHandle = await open(dir, 'r');
  await dirHandle.sync().finally(() => dirHandle.close());
}

/**
 * Ships one spooled file: drops a stale ack, stores the file create-only (idempotent, cluster-checked), and
 * only after `storage.put` resolved (the object is durable) writes the ack and removes the spooled copy.
 */
export async function shipSpooledFile(
  spoolDir: string,
  name: string,
  storage: Storage,
  identity: ClusterIdentity,
  log: Logger,
  sealing: WalSealing = { keys: NO_KEYS },
): Promise<ShippedFile> {
  const ackDir = join(spoolDir, SPOOL_ACK_DIR);
  await rm(join(ackDir, name), { force: true });
  // `pgdata` only locates wal-push's push-ahead markers, which a requested (not ahead) push never writes.
  const pushed = await pushFile(
    storage,
    identity,
    { name, path: join(spoolDir, name), pgdata: spoolDir, ahead: false },
    log,
    sealing,
  );
  await writeDurably(
    ackDir,
    name,
    `${JSON.stringify({ name, status: pushed.status, location: storage.location })}\n`,
  );
  await rm(join(spoolDir, name), { force: true });
  return { ...pushed, ackedAt: new Date() };
}

/** One pass over the spool: ships every WAL file in it (`parallel` at a time) and cleans old leftovers. */
export async function shipSpool(options: {
  spoolDir: string;
  storage: Storage;
  identity: ClusterIdentity;
  log: Logger;
  parallel?: number;
  now?: Date;
  /** The configured keys: in an encrypted repository the recipients seal every file (as wal-push does). */
  encryption?: Pick<ResolvedEncryption, 'encryptor' | 'keys'>;
}): Promise<SpoolPassResult> {
  const { spoolDir, storage, identity, log } = options;
  const { sealing } = await prepareWalArea(storage, identity, options.encryption);
  const entries = await readdir(spoolDir);
  const names = spoolOrder(entries);
  const shipped: ShippedFile[] = [];
  const failed: { name: string; error: Error }[] = [];
  // History files first and alone: a restore needs a timeline's history before its segments.
  const history = names.filter((n) => n.endsWith('.history'));
  const rest = names.filter((n) => !n.endsWith('.history'));
  const ship = async (name: string) => {
    try {
      shipped.push(await shipSpooledFile(spoolDir, name, storage, identity, log, sealing));
    } catch (error) {
      // The script may have removed its file after a timeout: nothing to ship then.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      failed.push({ name, error: error as Error });
    }
  };
  for (const name of history) await ship(name);
  let next = 0;
  const worker = async () => {
    while (next < rest.length) await ship(rest[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, options.parallel ?? 2) }, worker));
  await removeLeftovers(spoolDir, new Set(entries), options.now ?? new Date());
  return { shipped, failed, queued: names.length };
}

/** Acks whose spooled file is gone, and script temp files, once older than STALE_MS. */
async function removeLeftovers(spoolDir: string, present: Set<string>, now: Date): Promise<void> {
  const ackDir = join(spoolDir, SPOOL_ACK_DIR);
  const acks = await readdir(ackDir).catch(() => [] as string[]);
  const candidates = [
    ...acks.filter((n) => !present.has(n)).map((n) => join(ackDir, n)),
    ...[...present].filter((n) => n.startsWith('.')).map((n) => join(spoolDir, n)),
  ];
  await Promise.all(
    candidates.map(async (path) => {
      const info = await stat(path).catch(() => undefined);
      if (info?.isFile() && now.getTime() - info.mtimeMs > STALE_MS) await rm(path, { force: true });
    }),
  );
}
