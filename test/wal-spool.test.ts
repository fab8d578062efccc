/**
 * Spool shipping end to end: a busy real cluster whose archive_command is the compose script
 * (sidecar/wal-spool-archive.sh) copying into a spool directory, and the real `db-backup daemon` shipping it;
 * the daemon is SIGKILLed in the middle and started again. Every segment PostgreSQL archived must be in the
 * repository with the right content (a wal-fetch round trip checks each one's header), `wal verify` finds no
 * gap, and an acknowledgement never exists for a segment the repository does not hold yet (checked every few
 * milliseconds throughout).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { silentLogger } from '../src/core/logger.ts';
import { withClient } from '../src/core/postgres/connection.ts';
import { findFreePort, type LocalCluster, startLocalCluster } from '../src/core/postgres/local-cluster.ts';
import { walObjectKey } from '../src/core/repository/keys.ts';
import { LocalStorage } from '../src/core/storage/local.ts';
import { SPOOL_ACK_DIR } from '../src/core/wal/spool.ts';
import { verifyWalArchive } from '../src/core/wal/verify-archive.ts';
import { walFetch } from '../src/core/wal/wal-fetch.ts';
import { DEFAULT_SEGMENT_SIZE, parseWalFileName, segmentName } from '../src/core/wal/wal-names.ts';
import { cliEnvFor, startCli } from './helpers/cli.ts';
import { postgresOwnedDir } from './helpers/wal-cluster.ts';

const PASSWORD = 'spool-secret-pw';
const SCRIPT = fileURLToPath(new URL('../sidecar/wal-spool-archive.sh', import.meta.url));
let cluster: LocalCluster;
let spool: { path: string; remove(): Promise<void> };
let repo: string;
let fetched: string;
let daemon: ReturnType<typeof startCli> | undefined;
let port: number;

const sql = <T extends Record<string, unknown>>(text: string) =>
  withClient(cluster.connection, 'postgres', async (c) => (await c.query<T>(text)).rows);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

function startDaemon() {
  return startCli(['daemon'], {
    env: cliEnvFor(cluster, PASSWORD, {
      BACKUP_STORAGE: repo,
      WAL_SPOOL_DIR: spool.path,
      HEALTHCHECK_PORT: String(port),
      HEALTHCHECK_LISTEN: '127.0.0.1',
      BACKUP_LOG_LEVEL: 'info',
    }),
  });
}

beforeAll(async () => {
  spool = await postgresOwnedDir('dbb-spool-');
  repo = await mkdtemp(join(tmpdir(), 'dbb-spool-repo-'));
  fetched = await mkdtemp(join(tmpdir(), 'dbb-spool-fetch-'));
  port = await findFreePort();
  cluster = await startLocalCluster({
    password: PASSWORD,
    settings: {
      wal_level: 'replica',
      archive_mode: 'on',
      // A short wait, so the script fails (and PostgreSQL retries) while the daemon is down.
      archive_command: `WAL_SPOOL_DIR='${spool.path}' WAL_SPOOL_TIMEOUT=3 /bin/sh '${SCRIPT}' %p %f`,
      archive_timeout: '0',
    },
  });
  await sql('CREATE TABLE busy (id bigserial primary key, note text)');
}, 120_000);

afterAll(async () => {
  daemon?.child.kill('SIGKILL');
  await daemon?.done;
  await cluster?.stop();
  await spool?.remove();
  await rm(repo, { recursive: true, force: true });
  await rm(fetched, { recursive: true, force: true });
});

it('ships every segment of a busy cluster through a daemon crash, acknowledging none early', async () => {
  const storage = new LocalStorage(repo);
  const first = (await sql<{ first: string }>('SELECT pg_walfile_name(pg_current_wal_lsn()) AS first'))[0]!
    .first;
  const sysid = (await sql<{ s: string }>('SELECT system_identifier::text AS s FROM pg_control_system()'))[0]!
    .s;

  // The invariant, checked continuously: an ack exists only for a segment the repository already holds.
  const early: string[] = [];
  const acked = new Set<string>();
  let watching = true;
  const watcher = (async () => {
    while (watching) {
      for (const name of await readdir(join(spool.path, SPOOL_ACK_DIR)).catch(() => [] as string[])) {
        if (acked.has(name) || !parseWalFileName(name)) continue;
        if (!(await storage.stat(walObjectKey(sysid, name)))) early.push(name);
        acked.add(name);
      }
      await pause(10);
    }
  })();

  // A busy server: inserts plus frequent segment switches, so many segments pass through the spool.
  let writing = true;
  const workload = (async () => {
    for (let i = 0; writing; i++) {
      await sql(`INSERT INTO busy (note) SELECT md5(g::text) FROM generate_series(1, 2000) g`);
      if (i % 2 === 0) await sql('SELECT pg_switch_wal()');
    }
  })();

  daemon = startDaemon();
  await waitFor('the first shipped segments', async () => acked.size >= 4, 30_000);
  daemon.child.kill('SIGKILL');
  const killed = await daemon.done;
  expect(killed.signal).toBe('SIGKILL');
  // Down longer than the script's wait: archive_command fails and PostgreSQL keeps the segment.
  await pause(4500);
  const failed = (
    await sql<{ failed: string }>('SELECT failed_count::text AS failed FROM pg_stat_archiver')
  )[0]!.failed;
  expect(Number(failed)).toBeGreaterThan(0);
  const ackedBeforeRestart = acked.size;
  daemon = startDaemon();
  await waitFor('shipping after the restart', async () => acked.size >= ackedBeforeRestart + 4, 30_000);
  writing = false;
  await workload;

  // Close the last segment and wait until PostgreSQL has archived everything up to it.
  await sql('SELECT txid_current()');
  const last = (await sql<{ last: string }>('SELECT pg_walfile_name(pg_switch_wal()) AS last'))[0]!.last;
  await waitFor(
    `archiving up to ${last}`,
    async () => {
      const [s] = await sql<{ done: string | null }>(
        'SELECT last_archived_wal AS done FROM pg_stat_archiver',
      );
      return s!.done !== null && s!.done >= last;
    },
    30_000,
  );
  watching = false;
  await watcher;
  daemon.child.kill('SIGTERM');
  const stopped = await daemon.done;
  expect(stopped.code, stopped.stderr).toBe(0);

  expect(early, 'acknowledged before the repository held them').toEqual([]);
  // Every segment from the first to the last, each fetched back whole from the right cluster and position.
  const from = parseWalFileName(first)!.segno!;
  const to = parseWalFileName(last)!.segno!;
  expect(Number(to - from)).toBeGreaterThanOrEqual(8);
  for (let segno = from; segno <= to; segno++) {
    const name = segmentName(1, segno);
    await walFetch({
      storage,
      name,
      destination: join(fetched, name),
      pgdata: fetched,
      prefetch: 0,
      log: silentLogger,
    });
    const raw = await readFile(join(fetched, name));
    expect(raw.length, name).toBe(DEFAULT_SEGMENT_SIZE);
    // XLogLongPageHeaderData: xlp_pageaddr at byte 8, xlp_sysid at byte 24.
    expect(raw.readBigUInt64LE(8), name).toBe(segno * BigInt(DEFAULT_SEGMENT_SIZE));
    expect(raw.readBigUInt64LE(24).toString(), name).toBe(sysid);
    await rm(join(fetched, name));
  }
  const summary = await verifyWalArchive(storage);
  expect(summary.gaps).toEqual([]);
  expect(summary.newestSegment! >= last).toBe(true);
  // The spool is drained: no WAL file left waiting.
  expect((await readdir(spool.path)).filter((n) => parseWalFileName(n))).toEqual([]);
  expect(existsSync(join(spool.path, SPOOL_ACK_DIR))).toBe(true);
}, 120_000);

async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await pause(100);
  }
}
