/**
 * The PITR scenario of `npm run bench:wal`: `db-backup restore --pitr --start` of the benchmark dataset
 * against a raw restore of the same state, interleaved, several times (target: ratio <= 1.25).
 *
 * One source cluster archives every segment twice (a `cp` into a plain directory, and our wal-push into a
 * repository), is loaded with the dataset, base-backed-up once (`db-backup base-backup`: pg_basebackup's tar
 * through zstd; the raw side unpacks a copy of the same stored file), then loaded again (WAL to replay) and
 * ends with a named restore point.
 *
 *   db-backup  restore --pitr --target-name bench_end --start: fetch, check and unpack the base backup,
 *              replay WAL through wal-fetch, wait for promotion
 *   raw        `zstd -dc base.tar.zst | tar -x` into a data directory, restore_command = 'cp DIR/%f %p',
 *              the same target, start, wait for promotion
 *
 * Both clocks stop when the restored server has left recovery. Environment: BENCH_PITR_SCALE (default 0.3).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, chownSync, copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { childEnv, type PgConnection, withClient } from '../src/core/postgres/connection.ts';
import { findFreePort, type LocalCluster, startLocalCluster } from '../src/core/postgres/local-cluster.ts';
import { median } from './timing.ts';

const CLI = fileURLToPath(new URL('../dist/cli/index.js', import.meta.url));
const WAL_ENTRY = fileURLToPath(new URL('../dist/cli/wal.js', import.meta.url));
const DATASET = fileURLToPath(new URL('./dataset.sql', import.meta.url));
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const isRoot = () => process.getuid?.() === 0;

/** argv running `program` as the postgres OS user when we are root. */
const asPostgres = (program: string, args: string[]): [string, string[]] =>
  isRoot() ? ['runuser', ['-u', 'postgres', '--', program, ...args]] : [program, args];

function run(program: string, args: string[], env: Record<string, string> = {}): string {
  const [command, argv] = asPostgres(program, args);
  const result = spawnSync(command, argv, { env: { ...process.env, ...env }, encoding: 'utf8' });
  if (result.status !== 0)
    throw new Error(`${program} ${args.slice(0, 3).join(' ')} failed: ${result.stderr.slice(-1500)}`);
  return result.stdout;
}

function ownByPostgres(path: string): void {
  if (!isRoot()) return;
  chownSync(
    path,
    Number(execFileSync('id', ['-u', 'postgres'])),
    Number(execFileSync('id', ['-g', 'postgres'])),
  );
}

interface Prepared {
  binDir: string;
  repo: string;
  segmentsDir: string;
  baseTar: string;
  cliEnv: Record<string, string>;
  password: string;
}

/** Loads the dataset into an archiving cluster, takes the base backup, loads again, ends with a restore point. */
async function prepare(work: string, scale: number): Promise<Prepared> {
  const repo = join(work, 'repo');
  const segmentsDir = join(work, 'segments');
  for (const dir of [repo, segmentsDir]) {
    mkdirSync(dir);
    ownByPostgres(dir);
  }
  const archive = `cp %p ${quote(segmentsDir)}/%f && ${quote(process.execPath)} ${quote(WAL_ENTRY)} wal-push %p --storage ${quote(repo)}`;
  const cluster: LocalCluster = await startLocalCluster({
    settings: { wal_level: 'replica', archive_mode: 'on', archive_command: archive, max_wal_size: '4GB' },
  });
  try {
    const env = childEnv(cluster.connection, 'postgres');
    const psql = join(cluster.binDir, 'psql');
    const load = () =>
      execFileSync(psql, ['-X', '-q', '-v', `scale=${scale}`, '-f', DATASET], {
        env: { ...process.env, ...env },
        stdio: 'ignore',
      });
    load();
    const cliEnv = {
      ...env,
      BACKUP_STORAGE: repo,
      BACKUP_PG_BIN_DIR: cluster.binDir,
      BACKUP_LOG_LEVEL: 'warn',
    };
    const backup = JSON.parse(
      execFileSync(process.execPath, [CLI, '--json', 'base-backup'], {
        env: { ...process.env, ...cliEnv },
        encoding: 'utf8',
      }),
    ) as { id: string };
    // Both sides restore the same base backup (the same bytes: pg_basebackup's tar at zstd -3), so both replay
    // the same WAL; a second pg_basebackup would start one segment later and leave the raw side less to replay.
    const baseTar = join(work, 'base.tar.zst');
    copyFileSync(join(repo, 'backups', backup.id, 'base.tar.zst'), baseTar);
    ownByPostgres(baseTar);
    load();
    await withClient(cluster.connection, 'postgres', async (c) => {
      await c.query("SELECT pg_create_restore_point('bench_end')");
      const { rows } = await c.query<{ n: string }>('SELECT pg_walfile_name(pg_switch_wal()) AS n');
      for (;;) {
        const s = await c.query<{ last: string | null }>(
          'SELECT last_archived_wal AS last FROM pg_stat_archiver',
        );
        if (s.rows[0]!.last && s.rows[0]!.last >= rows[0]!.n) break;
        await new Promise((r) => setTimeout(r, 200));
      }
    });
    return {
      binDir: cluster.binDir,
      repo,
      segmentsDir,
      baseTar,
      cliEnv,
      password: cluster.connection.password,
    };
  } finally {
    await cluster.stop();
  }
}

/** Waits until the server on `port` accepts connections and has left recovery. */
async function awaitPromotion(conn: PgConnection): Promise<void> {
  for (let i = 0; i < 6000; i++) {
    const done = await withClient(
      conn,
      'postgres',
      async (c) => (await c.query<{ r: boolean }>('SELECT pg_is_in_recovery() AS r')).rows[0]!.r === false,
    ).catch(() => false);
    if (done) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the restored server on port ${conn.port} did not leave recovery`);
}

/** The raw restore: zstd | tar, a cp restore_command, start, promoted. Returns wall milliseconds. */
async function rawRestore(p: Prepared, pgdata: string, sockets: string): Promise<number> {
  const port = await findFreePort();
  const started = process.hrtime.bigint();
  run('sh', [
    '-c',
    `mkdir -m 700 ${quote(pgdata)} && zstd -dc ${quote(p.baseTar)} | tar -x -C ${quote(pgdata)}`,
  ]);
  const settings = [
    `restore_command = 'cp ${p.segmentsDir}/%f %p'`,
    "recovery_target_name = 'bench_end'",
    "recovery_target_action = 'promote'",
    `port = ${port}`,
    `unix_socket_directories = '${sockets}'`,
    "archive_mode = 'off'",
  ];
  appendFileSync(join(pgdata, 'postgresql.auto.conf'), `\n${settings.join('\n')}\n`);
  writeFileSync(join(pgdata, 'recovery.signal'), '');
  run(join(p.binDir, 'pg_ctl'), ['start', '-D', pgdata, '-l', join(pgdata, 'raw.log'), '-w', '-t', '600']);
  await awaitPromotion({ host: '127.0.0.1', port, user: 'postgres', password: p.password });
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** db-backup's restore: `restore --pitr --target-name bench_end --start`. Returns wall milliseconds. */
async function oursRestore(p: Prepared, pgdata: string, sockets: string): Promise<number> {
  const port = await findFreePort();
  const started = process.hrtime.bigint();
  const restored = spawnSync(
    process.execPath,
    [
      CLI,
      'restore',
      '--pitr',
      '--pgdata',
      pgdata,
      '--target-name',
      'bench_end',
      '--start',
      '--server-setting',
      `port=${port}`,
      '--server-setting',
      `unix_socket_directories=${sockets}`,
      '--server-setting',
      'archive_mode=off',
    ],
    { env: { ...process.env, ...p.cliEnv }, encoding: 'utf8' },
  );
  if (restored.status !== 0) throw new Error(`restore --pitr failed: ${restored.stderr.slice(-1500)}`);
  await awaitPromotion({ host: '127.0.0.1', port, user: 'postgres', password: p.password });
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** Runs the PITR scenario: `runs` interleaved pairs (order alternating); medians, ratio and samples. */
export async function benchPitrRestore(work: string, scale: number, runs: number) {
  const p = await prepare(work, scale);
  const sockets = join(work, 'sockets');
  mkdirSync(sockets);
  ownByPostgres(sockets);
  const samples = { 'db-backup': [] as number[], raw: [] as number[] };
  const once = async (kind: 'db-backup' | 'raw', index: number) => {
    const pgdata = join(work, `restored-${kind}-${index}`);
    try {
      samples[kind].push(await (kind === 'raw' ? rawRestore : oursRestore)(p, pgdata, sockets));
    } finally {
      spawnSync(...asPostgres(join(p.binDir, 'pg_ctl'), ['stop', '-D', pgdata, '-m', 'immediate', '-w']));
      rmSync(pgdata, { recursive: true, force: true });
    }
  };
  for (let i = 0; i < runs; i++) {
    for (const kind of i % 2 === 0 ? (['db-backup', 'raw'] as const) : (['raw', 'db-backup'] as const))
      await once(kind, i);
  }
  const ours = median(samples['db-backup']);
  const raw = median(samples.raw);
  return {
    scale,
    runs,
    medianSeconds: { 'db-backup': Number((ours / 1000).toFixed(2)), raw: Number((raw / 1000).toFixed(2)) },
    ratio: Number((ours / raw).toFixed(2)),
    target: 1.25,
    samplesMs: Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, v.map(Math.round)])),
  };
}
