/**
 * `npm run bench:wal`: wal-push throughput against `archive_command = 'zstd -q -1 %p -o DIR/%f.zst'`, in the
 * same run, interleaved, several times; medians to bench/results/wal-latest.json and a table on stdout.
 *
 * Real WAL: the benchmark dataset is loaded into a throwaway cluster whose archive_command copies each
 * segment aside. PostgreSQL's archiver is then replayed faithfully over a copy of the data directory's
 * identity files and those segments: one archive_command call per segment, in order, through `sh -c` in the
 * data directory, the `.ready` file renamed to `.done` only after the call succeeded.
 *
 *   busy     every segment is `.ready` before archiving starts (a server writing faster than one call per
 *            segment): wal-push pushes the other ready segments ahead, later calls find them archived (with
 *            `db-backup wal archive-command`'s line: its sh fast path answers those without starting Node)
 *   trickle  a segment becomes ready only when the previous one is done: one Node start per segment, the
 *            start-up cost measured on its own                          [targets: busy >= 1.0x, >= 20 seg/s]
 *
 *   pitr     `restore --pitr --start` of the dataset against `zstd -dc | tar -x` plus a `cp` restore_command
 *            (bench/wal-pitr.ts), interleaved                                        [target: ratio <= 1.25]
 *
 * Environment: BENCH_WAL_SCALE (default 0.3 of the dataset, ~25-30 segments), BENCH_PITR_SCALE (default 0.3),
 * BENCH_RUNS (default 3).
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  chownSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { childEnv, withClient } from '../src/core/postgres/connection.ts';
import { startLocalCluster } from '../src/core/postgres/local-cluster.ts';
import { archiveCommand } from '../src/core/wal/archive-command.ts';
import { median } from './timing.ts';
import { benchPitrRestore } from './wal-pitr.ts';

const SCALE = Number(process.env.BENCH_WAL_SCALE ?? 0.3);
const PITR_SCALE = Number(process.env.BENCH_PITR_SCALE ?? 0.3);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const WAL_ENTRY = fileURLToPath(new URL('../dist/cli/wal.js', import.meta.url));
const DATASET = fileURLToPath(new URL('./dataset.sql', import.meta.url));
const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function sh(command: string, cwd: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', command], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c) => {
      stderr += c;
    });
    child.on('close', (code) => {
      if (code !== 0) process.stderr.write(stderr);
      resolve(code ?? 1);
    });
  });
}

/** Collects real WAL segments from loading the dataset; returns the directory holding them and pg identity. */
async function collectSegments(work: string): Promise<{ pgdata: string; segments: string[] }> {
  const collected = join(work, 'collected');
  mkdirSync(collected);
  if (process.getuid?.() === 0) {
    chownSync(
      work,
      Number(execFileSync('id', ['-u', 'postgres'])),
      Number(execFileSync('id', ['-g', 'postgres'])),
    );
    chownSync(
      collected,
      Number(execFileSync('id', ['-u', 'postgres'])),
      Number(execFileSync('id', ['-g', 'postgres'])),
    );
  }
  const cluster = await startLocalCluster({
    settings: {
      wal_level: 'replica',
      archive_mode: 'on',
      archive_command: `cp %p ${quote(collected)}/%f`,
      max_wal_size: '4GB',
    },
  });
  try {
    execFileSync(join(cluster.binDir, 'psql'), ['-X', '-q', '-v', `scale=${SCALE}`, '-f', DATASET], {
      env: { ...process.env, ...childEnv(cluster.connection, 'postgres') },
      stdio: 'ignore',
    });
    await withClient(cluster.connection, 'postgres', async (c) => {
      const { rows } = await c.query<{ n: string }>('SELECT pg_walfile_name(pg_switch_wal()) AS n');
      const target = rows[0]!.n;
      for (;;) {
        const s = await c.query<{ last: string | null }>(
          'SELECT last_archived_wal AS last FROM pg_stat_archiver',
        );
        if (s.rows[0]!.last && s.rows[0]!.last >= target) break;
        await new Promise((r) => setTimeout(r, 200));
      }
    });
    const pgdata = join(work, 'pgdata');
    mkdirSync(join(pgdata, 'global'), { recursive: true });
    cpSync(join(cluster.dataDir, 'global', 'pg_control'), join(pgdata, 'global', 'pg_control'));
    cpSync(join(cluster.dataDir, 'PG_VERSION'), join(pgdata, 'PG_VERSION'));
    const segments = readdirSync(collected)
      .filter((n) => /^[0-9A-F]{24}$/.test(n))
      .sort();
    return { pgdata, segments: segments.map((n) => join(collected, n)) };
  } finally {
    await cluster.stop();
  }
}

/** Replays PostgreSQL's archiver over `segments` with `command` (%p, %f); returns wall milliseconds. */
async function replayArchiver(pgdata: string, segments: string[], command: string, mode: 'busy' | 'trickle') {
  const walDir = join(pgdata, 'pg_wal');
  rmSync(walDir, { recursive: true, force: true });
  mkdirSync(join(walDir, 'archive_status'), { recursive: true });
  const names = segments.map((s) => s.split('/').at(-1)!);
  for (const s of segments) cpSync(s, join(walDir, s.split('/').at(-1)!));
  const ready = (n: string) => writeFileSync(join(walDir, 'archive_status', `${n}.ready`), '');
  if (mode === 'busy') names.forEach(ready);
  const started = process.hrtime.bigint();
  for (const name of names) {
    if (mode === 'trickle') ready(name);
    const code = await sh(command.replaceAll('%p', `pg_wal/${name}`).replaceAll('%f', name), pgdata);
    if (code !== 0) throw new Error(`archive_command failed for ${name}: ${command}`);
    renameSync(
      join(walDir, 'archive_status', `${name}.ready`),
      join(walDir, 'archive_status', `${name}.done`),
    );
  }
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const work = mkdtempSync(join(tmpdir(), 'dbb-bench-wal-'));
try {
  const { pgdata, segments } = await collectSegments(work);
  console.log(
    `${segments.length} real WAL segments from the dataset at scale ${SCALE}; ${RUNS} interleaved runs`,
  );
  const samples: Record<string, number[]> = {};
  const add = (k: string, v: number) => {
    samples[k] = [...(samples[k] ?? []), v];
  };
  for (let run = 0; run < RUNS; run++) {
    for (const mode of ['busy', 'trickle'] as const) {
      const repo = join(work, `repo-${run}-${mode}`);
      const zdir = join(work, `zstd-${run}-${mode}`);
      mkdirSync(zdir);
      const ours = await replayArchiver(
        pgdata,
        segments,
        archiveCommand({ node: process.execPath, script: WAL_ENTRY }, `file://${repo}`),
        mode,
      );
      const shell = await replayArchiver(pgdata, segments, `zstd -q -1 %p -o ${quote(zdir)}/%f.zst`, mode);
      add(`${mode} wal-push`, (segments.length * 1000) / ours);
      add(`${mode} zstd -1`, (segments.length * 1000) / shell);
      rmSync(repo, { recursive: true, force: true });
      rmSync(zdir, { recursive: true, force: true });
    }
  }
  const startup: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = process.hrtime.bigint();
    await sh(`${quote(process.execPath)} ${quote(WAL_ENTRY)} 2>/dev/null || true`, work);
    startup.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const pitrWork = join(work, 'pitr');
  mkdirSync(pitrWork);
  if (process.getuid?.() === 0)
    chownSync(
      pitrWork,
      Number(execFileSync('id', ['-u', 'postgres'])),
      Number(execFileSync('id', ['-g', 'postgres'])),
    );
  const pitr = await benchPitrRestore(pitrWork, PITR_SCALE, RUNS);
  const med = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, Number(median(v).toFixed(1))]));
  const result = {
    segments: segments.length,
    runs: RUNS,
    segmentsPerSecond: med,
    ratios: {
      busy: Number((med['busy wal-push']! / med['busy zstd -1']!).toFixed(2)),
      trickle: Number((med['trickle wal-push']! / med['trickle zstd -1']!).toFixed(2)),
    },
    walEntryStartupMs: Number(median(startup).toFixed(0)),
    samples,
    pitr,
  };
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, 'wal-latest.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log('scenario              segments/s (median)');
  for (const [k, v] of Object.entries(med)) console.log(`${k.padEnd(22)}${v}`);
  console.log(
    `ratio busy ${result.ratios.busy}x, trickle ${result.ratios.trickle}x; wal.js start-up ${result.walEntryStartupMs} ms`,
  );
  console.log(
    `PITR restore (scale ${pitr.scale}): db-backup ${pitr.medianSeconds['db-backup']} s, raw ${pitr.medianSeconds.raw} s, ratio ${pitr.ratio} (target <= ${pitr.target})`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
