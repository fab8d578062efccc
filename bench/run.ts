/**
 * `npm run bench`: db-backup against shell baselines in the same run, interleaved, several times; medians and
 * ratios to bench/results/latest.json and a table on stdout.
 *
 * Scenarios (issue targets in brackets):
 *   small-db      backup of 300 small tables vs `pg_dump -Fc -Z0 | zstd -3 > file`   [<= 150 ms slower]
 *   backup        vs `pg_dump -Fc -Z0 | zstd -3 > file`            [ratio <= 1.05]
 *   backup        vs `pg_dump -Fc > file` (built-in gzip)           [>= 2.5x faster, output no larger]
 *   restore       vs `zstd -dc file > tmp && pg_restore -j 2`       [ratio <= 1.10]
 *   drill RTO     vs the same raw restore baseline                  [ratio <= 1.15]
 *   peak RSS of the backup process at 1x and 4x                     [<= 150 MiB both]
 *
 * Environment: BENCH_SCALE (default 1 ≈ 500 MB raw dump; 0 runs only small-db), BENCH_RUNS (default 5),
 * BENCH_RSS_SCALE (default 4; 0 skips the large run), BENCH_SMALL_RUNS (default 15; 0 skips small-db).
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateIdentity } from '../src/core/crypto/age/keys.ts';
import { childEnv } from '../src/core/postgres/connection.ts';
import { startLocalCluster } from '../src/core/postgres/local-cluster.ts';
import { benchSmallDatabase, SMALL_DB_TARGET_MS } from './small-db.ts';
import { median, type Timed, timed } from './timing.ts';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const RSS_SCALE = Number(process.env.BENCH_RSS_SCALE ?? 4);
const SMALL_RUNS = Number(process.env.BENCH_SMALL_RUNS ?? 15);
// The shipped artifact (`npm run build`), as users run it: the bundle, not the TypeScript sources.
const CLI = fileURLToPath(new URL('../dist/cli/index.js', import.meta.url));
const DATASET = fileURLToPath(new URL('./dataset.sql', import.meta.url));
const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));

/** One line of the summary table: scenario, measured value, target, met. */
type Row = [name: string, value: string, target: string, ok: boolean];

interface BenchContext {
  work: string;
  repo: string;
  cli: (args: string[], rss?: boolean) => Promise<Timed>;
  /** The same CLI into an age-encrypted repository (X25519 recipient). */
  cliEncrypted: (args: string[]) => Promise<Timed>;
  sh: (script: string, db: string) => Promise<Timed>;
  psql: (db: string, sql: string) => Promise<Timed>;
  loadDataset: (db: string, scale: number) => Promise<void>;
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'dbb-bench-'));
  const cluster = await startLocalCluster({
    settings: {
      shared_buffers: '256MB',
      max_wal_size: '4GB',
      maintenance_work_mem: '256MB',
      // Identical for ours and the baselines; keeps the disk from dominating the comparison.
      fsync: 'off',
      synchronous_commit: 'off',
      full_page_writes: 'off',
    },
  });
  const bin = cluster.binDir;
  const pgEnv = (db: string) => childEnv(cluster.connection, db);
  const repo = join(work, 'repo');
  const cliEnv = {
    ...pgEnv('postgres'),
    BACKUP_STORAGE: repo,
    BACKUP_PG_BIN_DIR: bin,
    BACKUP_LOG_LEVEL: 'warn',
    BACKUP_REPORT_DIR: join(work, 'logs'),
    BACKUP_DRILL_REPORT_DIR: join(work, 'drills'),
  };
  const psqlArgs = ['-X', '-q', '-v', 'ON_ERROR_STOP=1'];
  const psql = (db: string, sql: string) => timed(join(bin, 'psql'), [...psqlArgs, '-c', sql], pgEnv(db));
  const loadDataset = async (db: string, scale: number) => {
    await psql('postgres', `CREATE DATABASE ${db}`);
    const t = await timed(join(bin, 'psql'), ['-X', '-q', '-v', `scale=${scale}`, '-f', DATASET], pgEnv(db));
    console.error(`loaded ${db} (scale ${scale}) in ${(t.ms / 1000).toFixed(1)}s`);
  };
  const cli = (args: string[], rss = false) => timed(process.execPath, [CLI, '--json', ...args], cliEnv, rss);
  const encryptedEnv = {
    ...cliEnv,
    BACKUP_STORAGE: join(work, 'repo-encrypted'),
    BACKUP_ENCRYPTION_RECIPIENTS: generateIdentity().recipient,
  };
  const cliEncrypted = (args: string[]) => timed(process.execPath, [CLI, '--json', ...args], encryptedEnv);
  const sh = (script: string, db: string) =>
    timed('bash', ['-o', 'pipefail', '-c', script], { ...pgEnv(db), PATH: `${bin}:${process.env.PATH}` });

  try {
    const result: Record<string, unknown> = {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, node: process.version, postgres: cluster.major },
      loadAverageAtStart: loadavg()[0],
    };
    const rows: Row[] = [];
    if (SMALL_RUNS > 0) {
      const small = await benchSmallDatabase({
        work,
        runs: SMALL_RUNS,
        createDatabase: (db) => psql('postgres', `CREATE DATABASE ${db}`),
        psqlFile: (db, file) => timed(join(bin, 'psql'), [...psqlArgs, '-f', file], pgEnv(db)),
        cli,
        sh,
      });
      result.smallDb = small;
      console.error(
        `small-db: ${small.medianMs.dbBackup.toFixed(0)} ms vs ${small.medianMs.shell.toFixed(0)} ms (${SMALL_RUNS} paired runs)`,
      );
      rows.push(
        [
          `small-db (${small.tables} tables): db-backup − shell, median`,
          `${small.medianDifferenceMs.toFixed(0)} ms`,
          `<= ${SMALL_DB_TARGET_MS} ms`,
          small.medianDifferenceMs <= SMALL_DB_TARGET_MS,
        ],
        [`small-db: db-backup / shell, median`, small.medianRatio.toFixed(2), '', true],
      );
    }
    if (SCALE > 0) {
      const dataset = await benchDataset({ work, repo, cli, cliEncrypted, sh, psql, loadDataset });
      Object.assign(result, dataset.result);
      rows.push(...dataset.rows);
    }
    result.loadAverageAtEnd = loadavg()[0];
    mkdirSync(RESULTS, { recursive: true });
    writeFileSync(join(RESULTS, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
    console.log('');
    for (const [name, value, target, ok] of rows)
      console.log(
        `${name.padEnd(52)} ${value.padStart(10)}  ${target.padEnd(10)}  ${target ? (ok ? 'ok' : 'MISSED') : ''}`,
      );
    console.log(`\nwritten to bench/results/latest.json`);
  } finally {
    await cluster.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

/** The scenarios on the deterministic dataset: backup, restore and drill against their shell baselines, RSS. */
async function benchDataset(ctx: BenchContext): Promise<{ result: Record<string, unknown>; rows: Row[] }> {
  const { work, repo, cli, cliEncrypted, sh, psql } = ctx;
  await ctx.loadDataset('bench', SCALE);
  // The load leaves hundreds of MB of dirty pages (the cluster runs with fsync off) that the kernel writes back
  // for a while: flush them, then one unrecorded round of the zstd backups, as small-db has its warm-up.
  await sh('sync', 'bench');
  const warmUp = await cli(['backup', '-d', 'bench']);
  rmSync(join(repo, 'backups', JSON.parse(warmUp.stdout).backups[0].id), { recursive: true, force: true });
  const warmUpEncrypted = await cliEncrypted(['backup', '-d', 'bench']);
  rmSync(join(work, 'repo-encrypted', 'backups', JSON.parse(warmUpEncrypted.stdout).backups[0].id), {
    recursive: true,
    force: true,
  });
  await sh(`pg_dump -Fc -Z0 | zstd -q -3 > ${join(work, 'warm-up.dump.zst')}`, 'bench');
  const samples: Record<string, number[]> = {};
  const sizes: Record<string, number[]> = {};
  const rss: Record<string, number> = {};
  const add = (k: string, v: number, into = samples) => {
    into[k] ??= [];
    into[k].push(v);
  };
  const shellZst = join(work, 'shell.dump.zst');
  const shellGz = join(work, 'shell.dump');
  for (let run = 0; run < RUNS; run++) {
    // Interleave: the order rotates each run so drift (cache, temperature) hits every side alike.
    const backups = [
      async () => {
        const r = await cli(['backup', '-d', 'bench'], true);
        const manifest = JSON.parse(r.stdout).backups[0];
        add('backup.db-backup', r.ms);
        add('backup.db-backup', manifest.objects[0].storedSize, sizes);
        rss['1x'] = Math.max(rss['1x'] ?? 0, r.peakRssKiB ?? 0);
        return manifest.id as string;
      },
      async () => {
        // The same backup, encrypted: the cost of encryption alone.
        const r = await cliEncrypted(['backup', '-d', 'bench']);
        add('backup.db-backup-encrypted', r.ms);
        const manifest = JSON.parse(r.stdout).backups[0];
        rmSync(join(work, 'repo-encrypted', 'backups', manifest.id), { recursive: true, force: true });
      },
      async () => {
        const r = await sh(`pg_dump -Fc -Z0 | zstd -q -3 > ${shellZst}`, 'bench');
        add('backup.shell-zstd', r.ms);
        add('backup.shell-zstd', statSync(shellZst).size, sizes);
      },
      async () => {
        const r = await sh(`pg_dump -Fc > ${shellGz}`, 'bench');
        add('backup.pg_dump-gzip', r.ms);
        add('backup.pg_dump-gzip', statSync(shellGz).size, sizes);
      },
    ];
    let id = '';
    for (let i = 0; i < backups.length; i++) {
      const result = await backups[(i + run) % backups.length]!();
      if (typeof result === 'string') id = result;
    }
    const restores = [
      async () => {
        const r = await cli(['restore', id, '--target-database', 'r_ours', '--jobs', '2']);
        add('restore.db-backup', r.ms);
        await psql('postgres', 'DROP DATABASE r_ours');
      },
      async () => {
        const tmp = join(work, 'restore.tmp');
        const r = await sh(
          `createdb r_shell && zstd -q -dc ${shellZst} > ${tmp} && pg_restore -j 2 -d r_shell ${tmp}`,
          'postgres',
        );
        rmSync(tmp, { force: true });
        add('restore.shell', r.ms);
        await psql('postgres', 'DROP DATABASE r_shell');
      },
      async () => {
        const r = await cli(['drill', '--backup', id, '--rto', '30m']);
        const report = JSON.parse(r.stdout).report;
        if (report.status !== 'success')
          throw new Error(`drill not successful: ${JSON.stringify(report.checks)}`);
        add('drill.rto', report.restore_duration_minutes * 60_000);
        add('drill.total', r.ms);
      },
    ];
    for (let i = 0; i < restores.length; i++) await restores[(i + run) % restores.length]!();
    rmSync(join(repo, 'backups', id), { recursive: true, force: true });
    console.error(`run ${run + 1}/${RUNS} done`);
  }
  if (RSS_SCALE > 0) {
    await ctx.loadDataset('bench_large', SCALE * RSS_SCALE);
    const r = await cli(['backup', '-d', 'bench_large'], true);
    rss[`${RSS_SCALE}x`] = r.peakRssKiB ?? 0;
    add('backup.db-backup.large', r.ms);
    add('backup.db-backup.large', JSON.parse(r.stdout).backups[0].objects[0].rawSize, sizes);
  }

  const med = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
  const medSize = Object.fromEntries(Object.entries(sizes).map(([k, v]) => [k, median(v)]));
  const ratios = {
    backupVsShellZstd: med['backup.db-backup']! / med['backup.shell-zstd']!,
    encryptedBackupVsPlain: med['backup.db-backup-encrypted']! / med['backup.db-backup']!,
    backupSpeedupVsPgDumpGzip: med['backup.pg_dump-gzip']! / med['backup.db-backup']!,
    backupSizeVsPgDumpGzip: medSize['backup.db-backup']! / medSize['backup.pg_dump-gzip']!,
    restoreVsShell: med['restore.db-backup']! / med['restore.shell']!,
    drillRtoVsShellRestore: med['drill.rto']! / med['restore.shell']!,
  };
  const targets = {
    backupVsShellZstd: ratios.backupVsShellZstd <= 1.05,
    encryptedBackupVsPlain: ratios.encryptedBackupVsPlain <= 1.05,
    backupSpeedupVsPgDumpGzip: ratios.backupSpeedupVsPgDumpGzip >= 2.5,
    backupSizeVsPgDumpGzip: ratios.backupSizeVsPgDumpGzip <= 1.0,
    restoreVsShell: ratios.restoreVsShell <= 1.1,
    drillRtoVsShellRestore: ratios.drillRtoVsShellRestore <= 1.15,
    peakRss1x: (rss['1x'] ?? 0) <= 150 * 1024,
    ...(RSS_SCALE > 0 ? { [`peakRss${RSS_SCALE}x`]: (rss[`${RSS_SCALE}x`] ?? 0) <= 150 * 1024 } : {}),
  };
  const peakRssMiB = Object.fromEntries(Object.entries(rss).map(([k, v]) => [k, Math.round(v / 102.4) / 10]));
  console.log(
    `\nmedians of ${RUNS} interleaved runs, scale ${SCALE} (${((medSize['backup.db-backup'] ?? 0) / 1e6).toFixed(0)} MB stored by db-backup)`,
  );
  for (const [k, v] of Object.entries(med)) console.log(`  ${k.padEnd(28)} ${(v / 1000).toFixed(2)} s`);
  const rows: Row[] = [
    [
      'backup: db-backup / (pg_dump -Z0 | zstd -3)',
      ratios.backupVsShellZstd.toFixed(3),
      '<= 1.05',
      targets.backupVsShellZstd,
    ],
    [
      'backup: encrypted (age X25519) / plain',
      ratios.encryptedBackupVsPlain.toFixed(3),
      '<= 1.05',
      targets.encryptedBackupVsPlain,
    ],
    [
      'backup: speed-up vs pg_dump -Fc (gzip)',
      `${ratios.backupSpeedupVsPgDumpGzip.toFixed(2)}x`,
      '>= 2.5x',
      targets.backupSpeedupVsPgDumpGzip,
    ],
    [
      'backup: size / pg_dump -Fc size',
      ratios.backupSizeVsPgDumpGzip.toFixed(3),
      '<= 1.00',
      targets.backupSizeVsPgDumpGzip,
    ],
    [
      'restore: db-backup / (zstd -dc && pg_restore -j2)',
      ratios.restoreVsShell.toFixed(3),
      '<= 1.10',
      targets.restoreVsShell,
    ],
    [
      'drill RTO / shell restore',
      ratios.drillRtoVsShellRestore.toFixed(3),
      '<= 1.15',
      targets.drillRtoVsShellRestore,
    ],
    ...Object.entries(peakRssMiB).map(
      ([k, v]): Row => [`peak RSS of backup at ${k}`, `${v} MiB`, '<= 150 MiB', v <= 150],
    ),
  ];
  return {
    result: {
      scale: SCALE,
      runs: RUNS,
      storedZstdBytes: statSync(join(work, 'shell.dump.zst')).size,
      medianMs: med,
      medianBytes: medSize,
      samplesMs: samples,
      peakRssMiB,
      ratios,
      targetsMet: targets,
    },
    rows,
  };
}

await main();
