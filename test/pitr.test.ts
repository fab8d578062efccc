/**
 * Base backup and point-in-time restore end to end with real clusters: archive_command = our wal-push,
 * `base-backup`, `verify` (pg_verifybackup), then `restore --pitr --start` to a time, a restore point and an
 * LSN, each giving exactly the rows committed before its target; out-of-range targets fail clearly.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChild } from '../src/core/pipeline/child.ts';
import { withClient } from '../src/core/postgres/connection.ts';
import { findFreePort, type LocalCluster } from '../src/core/postgres/local-cluster.ts';
import { walObjectKey } from '../src/core/repository/keys.ts';
import { LocalStorage } from '../src/core/storage/local.ts';
import { readWalArea } from '../src/core/wal/wal-area.ts';
import { cliEnvFor, runCli } from './helpers/cli.ts';
import { archiveEverything, postgresOwnedDir, startArchivingCluster } from './helpers/wal-cluster.ts';

const PASSWORD = 'pitr-secret-pw';
let cluster: LocalCluster;
let repo: { path: string; remove(): Promise<void> };
let work: { path: string; remove(): Promise<void> };
const restored: string[] = [];
const marks: { midTime?: string; lsnAfterD?: string; baseId?: string } = {};

const env = () => cliEnvFor(cluster, PASSWORD, { BACKUP_STORAGE: repo.path });
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function insertBatch(from: number, to: number) {
  await withClient(cluster.connection, 'postgres', (c) =>
    c.query('INSERT INTO t SELECT g, md5(g::text) FROM generate_series($1::int, $2::int) g', [from, to]),
  );
}

beforeAll(async () => {
  repo = await postgresOwnedDir('dbb-pitr-repo-');
  work = await postgresOwnedDir('dbb-pitr-work-');
  cluster = await startArchivingCluster(repo.path, PASSWORD);
  await withClient(cluster.connection, 'postgres', (c) =>
    c.query('CREATE TABLE t (id int primary key, note text)'),
  );
  await insertBatch(1, 100);
  const base = await runCli(['--json', 'base-backup'], { env: env() });
  expect(base.code, base.stderr).toBe(0);
  marks.baseId = JSON.parse(base.stdout).id;
  await insertBatch(101, 200);
  await pause(1100);
  marks.midTime = await withClient(
    cluster.connection,
    'postgres',
    async (c) =>
      (
        await c.query<{ t: string }>(
          'SELECT to_char(clock_timestamp() AT TIME ZONE \'UTC\', \'YYYY-MM-DD"T"HH24:MI:SS.US"Z"\') AS t',
        )
      ).rows[0]!.t,
  );
  await pause(1100);
  await insertBatch(201, 300);
  await withClient(cluster.connection, 'postgres', (c) =>
    c.query("SELECT pg_create_restore_point('after_c')"),
  );
  await insertBatch(301, 400);
  marks.lsnAfterD = await withClient(
    cluster.connection,
    'postgres',
    async (c) => (await c.query<{ l: string }>('SELECT pg_current_wal_lsn()::text AS l')).rows[0]!.l,
  );
  await insertBatch(401, 500);
  await archiveEverything(cluster);
}, 300_000);

afterAll(async () => {
  for (const dir of restored) {
    await runChild('runuser', [
      '-u',
      'postgres',
      '--',
      join(cluster.binDir, 'pg_ctl'),
      'stop',
      '-D',
      dir,
      '-m',
      'immediate',
      '-w',
    ]);
  }
  await cluster?.stop();
  await repo?.remove();
  await work?.remove();
});

/** Restores to `targetArgs` with --start on a free port and returns the row count the restored copy has. */
async function pitrRowCount(
  name: string,
  targetArgs: string[],
  extra: string[] = ['--server-setting', 'archive_mode=off'],
): Promise<number> {
  return (await pitr(name, targetArgs, extra)).rows;
}

async function pitr(
  name: string,
  targetArgs: string[],
  extra: string[],
): Promise<{ rows: number; port: number }> {
  const pgdata = join(work.path, name);
  const port = await findFreePort();
  restored.push(pgdata);
  const result = await runCli(
    [
      'restore',
      '--pitr',
      '--pgdata',
      pgdata,
      ...targetArgs,
      '--start',
      '--server-setting',
      `port=${port}`,
      '--server-setting',
      `unix_socket_directories=${work.path}`,
      ...extra,
    ],
    { env: env() },
  );
  expect(result.code, result.stderr + result.stdout).toBe(0);
  expect(result.stdout).toMatch(/recovery promoted at the target/);
  const rows = await withClient({ ...cluster.connection, port }, 'postgres', async (c) =>
    Number((await c.query<{ n: string }>('SELECT count(*)::text AS n FROM t')).rows[0]!.n),
  );
  return { rows, port };
}

describe('base backup and point-in-time restore', () => {
  it('verify checks the base backup against PostgreSQL’s backup_manifest', async () => {
    const result = await runCli(['verify', marks.baseId!], { env: env() });
    expect(result.code, result.stderr + result.stdout).toBe(0);
    expect(result.stdout).toMatch(/pg_verifybackup/);
  });

  it('restores to a time between two commits: exactly the rows committed before it', async () => {
    expect(await pitrRowCount('by-time', ['--target-time', marks.midTime!])).toBe(200);
  });

  it('restores to a named restore point', async () => {
    expect(await pitrRowCount('by-name', ['--target-name', 'after_c'])).toBe(300);
    // The restore's own prefetcher and the shell fast paths served recovery: no wal-fetch said "not archived"
    // (history probes, the end of the archive), and the prefetch cache is gone after promotion.
    const pgdata = join(work.path, 'by-name');
    expect(existsSync(join(pgdata, 'pg_wal', '.db-backup-prefetch'))).toBe(false);
    const serverLog = await readFile(join(pgdata, 'db-backup-pitr.log'), 'utf8');
    expect(serverLog).not.toMatch(/is not in the archive/);
    expect(serverLog).toMatch(/restored log file/);
  });

  it('restores to an LSN', async () => {
    expect(await pitrRowCount('by-lsn', ['--target-lsn', marks.lsnAfterD!])).toBe(400);
  });

  it('refuses targets outside the recoverable window and a non-empty directory', async () => {
    const before = await runCli(
      ['restore', '--pitr', '--pgdata', join(work.path, 'x1'), '--target-time', '2000-01-01T00:00:00Z'],
      { env: env() },
    );
    expect(before.code).toBe(4);
    expect(before.stderr).toMatch(/PITR_TARGET_OUT_OF_RANGE.*before the oldest base backup/);
    const after = await runCli(
      [
        'restore',
        '--pitr',
        '--pgdata',
        join(work.path, 'x2'),
        '--target-time',
        new Date(Date.now() + 3600_000).toISOString(),
      ],
      { env: env() },
    );
    expect(after.code).toBe(4);
    expect(after.stderr).toMatch(/after the newest archived WAL/);
    const full = join(work.path, 'full');
    await mkdir(full);
    await writeFile(join(full, 'keep-me'), 'x');
    const nonEmpty = await runCli(['restore', '--pitr', '--pgdata', full, '--target', 'immediate'], {
      env: env(),
    });
    expect(nonEmpty.code).toBe(2);
    expect(nonEmpty.stderr).toMatch(/is not empty/);
    // A base backup is not a logical one: plain restore refuses it and points at --pitr.
    const logical = await runCli(['restore', marks.baseId!, '--target-database', 'x'], { env: env() });
    expect(logical.code).toBe(2);
    expect(logical.stderr).toMatch(/is a base \(physical\) backup[\s\S]*restore --pitr/);
  });

  it('after promotion a new timeline archives (history file too) and a second PITR follows it', async () => {
    // Archiving stays on in the restored copy: its archive_command (from the base backup) is our wal-push.
    const first = await pitr('timeline-2', ['--target-name', 'after_c'], []);
    expect(first.rows).toBe(300);
    const promoted = { connection: { ...cluster.connection, port: first.port } };
    await withClient(promoted.connection, 'postgres', (c) =>
      c.query('INSERT INTO t SELECT g, md5(g::text) FROM generate_series(1001, 1010) g'),
    );
    await pause(1100);
    const afterTl2 = await withClient(
      promoted.connection,
      'postgres',
      async (c) =>
        (
          await c.query<{ t: string }>(
            'SELECT to_char(clock_timestamp() AT TIME ZONE \'UTC\', \'YYYY-MM-DD"T"HH24:MI:SS.US"Z"\') AS t',
          )
        ).rows[0]!.t,
    );
    await pause(1100);
    await withClient(promoted.connection, 'postgres', (c) =>
      c.query('INSERT INTO t VALUES (2000, $1)', ['after target']),
    );
    const last = await archiveEverything(promoted);
    expect(last.startsWith('00000002')).toBe(true);
    const storage = new LocalStorage(repo.path);
    const area = (await readWalArea(storage))!;
    expect(await storage.stat(walObjectKey(area.systemIdentifier, '00000002.history'))).toBeDefined();
    expect(await storage.stat(walObjectKey(area.systemIdentifier, last))).toBeDefined();
    // The second restore starts from the timeline-1 base backup and follows the history file onto timeline 2.
    expect(await pitrRowCount('timeline-2-again', ['--target-time', afterTl2])).toBe(310);
  });

  it('a damaged base backup fails the restore before the server starts (zstd feeds tar directly now)', async () => {
    const object = join(repo.path, 'backups', marks.baseId!, 'base.tar.zst');
    const original = await readFile(object);
    const damaged = Buffer.from(original);
    damaged[Math.floor(damaged.length / 2)]! ^= 0xff;
    await writeFile(object, damaged);
    try {
      const pgdata = join(work.path, 'damaged');
      const result = await runCli(
        [
          'restore',
          '--pitr',
          '--pgdata',
          pgdata,
          '--backup',
          marks.baseId!,
          '--target',
          'immediate',
          '--start',
        ],
        { env: env() },
      );
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(/VERIFICATION_FAILED/);
      expect(existsSync(join(pgdata, 'postmaster.pid'))).toBe(false);
      expect(existsSync(join(pgdata, 'recovery.signal'))).toBe(false);
    } finally {
      await writeFile(object, original);
    }
  });
});
