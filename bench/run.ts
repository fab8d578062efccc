/**
 * `npm run bench`: db-backup against shell baselines in the same run, interleaved, several times; medians and
 * ratios to bench/results/latest.json and a table on stdout.
 *
 * Scenarios (issue targets in brackets):
 *   backup        vs `pg_dump -Fc -Z0 | zstd -3 > file`            [ratio <= 1.10]
 *   backup        vs `pg_dump -Fc > file` (built-in gzip)           [>= 2.5x faster, output no larger]
 *   encrypted backup (age) vs the same backup unencrypted          [ratio <= 1.05]
 *   restore       vs `zstd -dc file > tmp && pg_restore -j 2`       [ratio <= 1.10]
 *   drill RTO     vs the same raw restore baseline                  [ratio <= 1.15]
 *   peak RSS of the backup process at 1x and 4x                     [<= 150 MiB both]
 *
 * Environment: BENCH_SCALE (default 1 ≈ 500 MB raw dump), BENCH_RUNS (default 5), BENCH_RSS_SCALE (default 4;
 * 0 skips the large run).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { childEnv } from '../src/core/postgres/connection.ts';
import { startLocalCluster } from '../src/core/postgres/local-cluster.ts';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const RSS_SCALE = Number(process.env.BENCH_RSS_SCALE ?? 4);
// The shipped artifact (`npm run build`), as users run it: the bundle, not the TypeScript sources.
const CLI = fileURLToPath(new URL('../dist/cli/index.js', import.meta.url));
const DATASET = fileURLToPath(new URL('./dataset.sql', import.meta.url));
const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));

interface Timed {
  ms: number;
  peakRssKiB?: number;
  stdout: string;
}

/** Runs a command, timing it; for `trackRss`, polls the process's VmHWM (its peak resident set). */
function timed(
  command: string,
  args: string[],
  env: Record<string, string>,
  trackRss = false,
): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let peak = 0;
    child.stdout.on('data', (c) => {
      stdout += c;
    });
    child.stderr.on('data', (c) => {
      stderr += c;
    });
    const poll = trackRss
      ? setInterval(() => {
          try {
            const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
            if (m) peak = Math.max(peak, Number(m[1]));
          } catch {
            // process already gone
          }
        }, 20)
      : undefined;
    child.on('close', (code) => {
      if (poll) clearInterval(poll);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0)
        reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr.slice(-2000)}`));
      else resolve({ ms, stdout, ...(trackRss ? { peakRssKiB: peak } : {}) });
    });
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

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
  const psql = (db: string, sql: string) =>
    timed(join(bin, 'psql'), ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', sql], pgEnv(db));
  const loadDataset = async (db: string, scale: number) => {
    await psql('postgres', `CREATE DATABASE ${db}`);
    const t = await timed(join(bin, 'psql'), ['-X', '-q', '-v', `scale=${scale}`, '-f', DATASET], pgEnv(db));
    console.error(`loaded ${db} (scale ${scale}) in ${(t.ms / 1000).toFixed(1)}s`);
  };
  const cli = (args: string[], rss = false) => timed(process.execPath, [CLI, '--json', ...args], cliEnv, rss);
  // The same backup into an age-encrypted repository (X25519 recipient): the cost of encryption alone.
  const { generateIdentity } = await import('../src/core/crypto/age/keys.ts');
  const encryptedEnv = {
    ...cliEnv,
    BACKUP_STORAGE: join(work, 'repo-encrypted'),
    BACKUP_ENCRYPTION_RECIPIENTS: generateIdentity().recipient,
  };
  const cliEncrypted = (args: string[]) => timed(process.execPath, [CLI, '--json', ...args], encryptedEnv);
  const sh = (script: string, db: string) =>
    timed('bash', ['-o', 'pipefail', '-c', script], { ...pgEnv(db), PATH: `${bin}:${process.env.PATH}` });

  try {
    await loadDataset('bench', SCALE);
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
      await loadDataset('bench_large', SCALE * RSS_SCALE);
      const r = await cli(['backup', '-d', 'bench_large'], true);
      rss[`${RSS_SCALE}x`] = r.peakRssKiB ?? 0;
      add('backup.db-backup.large', r.ms);
      add('backup.db-backup.large', JSON.parse(r.stdout).backups[0].objects[0].rawSize, sizes);
    }

    const med = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
    const medSize = Object.fromEntries(Object.entries(sizes).map(([k, v]) => [k, median(v)]));
    const rawSize = statSync(shellZst).size;
    const ratios = {
      backupVsShellZstd: med['backup.db-backup']! / med['backup.shell-zstd']!,
      encryptedBackupVsPlain: med['backup.db-backup-encrypted']! / med['backup.db-backup']!,
      backupSpeedupVsPgDumpGzip: med['backup.pg_dump-gzip']! / med['backup.db-backup']!,
      backupSizeVsPgDumpGzip: medSize['backup.db-backup']! / medSize['backup.pg_dump-gzip']!,
      restoreVsShell: med['restore.db-backup']! / med['restore.shell']!,
      drillRtoVsShellRestore: med['drill.rto']! / med['restore.shell']!,
    };
    const targets = {
      backupVsShellZstd: ratios.backupVsShellZstd <= 1.1,
      encryptedBackupVsPlain: ratios.encryptedBackupVsPlain <= 1.05,
      backupSpeedupVsPgDumpGzip: ratios.backupSpeedupVsPgDumpGzip >= 2.5,
      backupSizeVsPgDumpGzip: ratios.backupSizeVsPgDumpGzip <= 1.0,
      restoreVsShell: ratios.restoreVsShell <= 1.1,
      drillRtoVsShellRestore: ratios.drillRtoVsShellRestore <= 1.15,
      peakRss1x: (rss['1x'] ?? 0) <= 150 * 1024,
      ...(RSS_SCALE > 0 ? { [`peakRss${RSS_SCALE}x`]: (rss[`${RSS_SCALE}x`] ?? 0) <= 150 * 1024 } : {}),
    };
    const result = {
      date: new Date().toISOString(),
      machine: {
        cpus: (await import('node:os')).cpus().length,
        node: process.version,
        postgres: cluster.major,
      },
      scale: SCALE,
      runs: RUNS,
      storedZstdBytes: rawSize,
      medianMs: med,
      medianBytes: medSize,
      samplesMs: samples,
      peakRssMiB: Object.fromEntries(Object.entries(rss).map(([k, v]) => [k, Math.round(v / 102.4) / 10])),
      ratios,
      targetsMet: targets,
    };
    mkdirSync(RESULTS, { recursive: true });
    writeFileSync(join(RESULTS, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
    const rows = [
      [
        'backup: db-backup / (pg_dump -Z0 | zstd -3)',
        ratios.backupVsShellZstd.toFixed(3),
        '<= 1.10',
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
      ...Object.entries(result.peakRssMiB).map(([k, v]) => [
        `peak RSS of backup at ${k}`,
        `${v} MiB`,
        '<= 150 MiB',
        v <= 150,
      ]),
    ];
    console.log(
      `\nmedians of ${RUNS} interleaved runs, scale ${SCALE} (${((medSize['backup.db-backup'] ?? 0) / 1e6).toFixed(0)} MB stored by db-backup)`,
    );
    for (const [k, v] of Object.entries(med)) console.log(`  ${k.padEnd(28)} ${(v / 1000).toFixed(2)} s`);
    console.log('');
    for (const [name, value, target, ok] of rows)
      console.log(
        `${String(name).padEnd(52)} ${String(value).padStart(10)}  ${target}  ${ok ? 'ok' : 'MISSED'}`,
      );
    console.log(`\nwritten to bench/results/latest.json`);
  } finally {
    await cluster.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
