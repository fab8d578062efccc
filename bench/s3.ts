/**
 * `node bench/s3.ts`: the S3 backend's claims, measured against s3rver on loopback.
 *   peak RSS of `db-backup backup` of the benchmark dataset (scale 1 ≈ 500 MB raw dump) to S3   [<= 150 MiB]
 *   `list`, `status` and `prune --dry-run` over 1,000 backups                                    [<= 2 s each]
 * The 1,000 backups are copies of one real manifest under new ids (list, status and prune read only manifests,
 * verification records and reports). Medians of BENCH_RUNS (default 3); JSON to bench/results/s3.json.
 * Environment: BENCH_SCALE (default 1), BENCH_BACKUPS (default 1000).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { S3SettingsSchema } from '../src/core/config/schema.ts';
import { childEnv } from '../src/core/postgres/connection.ts';
import { startLocalCluster } from '../src/core/postgres/local-cluster.ts';
import { readManifest, writeManifest } from '../src/core/repository/catalog.ts';
import { newBackupId } from '../src/core/repository/keys.ts';
import { S3Storage } from '../src/core/storage/s3.ts';
import { S3RVER_CREDENTIALS, startS3rver } from '../test/helpers/object-servers.ts';
import { median } from './timing.ts';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const BACKUPS = Number(process.env.BENCH_BACKUPS ?? 1000);
const CLI = fileURLToPath(new URL('../dist/cli/index.js', import.meta.url));
const DATASET = fileURLToPath(new URL('./dataset.sql', import.meta.url));
const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));

/** Runs a command; resolves its time, stdout and (polled) peak RSS in KiB. */
function run(command: string, args: string[], env: Record<string, string>, okCodes = [0]) {
  return new Promise<{ ms: number; stdout: string; peakRssKiB: number }>((resolve, reject) => {
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
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peak = Math.max(peak, Number(m[1]));
      } catch {
        // exited
      }
    }, 20);
    child.on('close', (code) => {
      clearInterval(poll);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (!okCodes.includes(code ?? -1))
        reject(new Error(`${args.join(' ')} exited ${code}: ${stderr.slice(-2000)}`));
      else resolve({ ms, stdout, peakRssKiB: peak });
    });
  });
}

const work = mkdtempSync(join(tmpdir(), 'bench-s3-'));
const [cluster, server] = await Promise.all([
  startLocalCluster({ settings: { fsync: 'off', full_page_writes: 'off' } }),
  startS3rver(['bench']),
]);
try {
  const pgEnv = childEnv(cluster.connection, 'postgres');
  const s3Env = {
    S3_ENDPOINT: server.endpoint,
    S3_FORCE_PATH_STYLE: 'true',
    S3_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
    S3_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
    S3_CREATE_ONLY: 'head-then-put',
  };
  const cliEnv = (prefix: string) => ({
    ...pgEnv,
    ...s3Env,
    BACKUP_STORAGE: `s3://bench/${prefix}`,
    BACKUP_PG_BIN_DIR: cluster.binDir,
    BACKUP_LOG_LEVEL: 'warn',
  });
  await run(join(cluster.binDir, 'psql'), ['-X', '-q', '-c', 'CREATE DATABASE bench'], pgEnv);
  await run(
    join(cluster.binDir, 'psql'),
    ['-X', '-q', '-v', `scale=${SCALE}`, '-f', DATASET],
    childEnv(cluster.connection, 'bench'),
  );

  // 1. Peak RSS of a backup to S3, default settings.
  const backup = await run(process.execPath, [CLI, '--json', 'backup', '-d', 'bench'], cliEnv('rss'));
  const made = JSON.parse(backup.stdout).backups[0];
  const rawBytes = made.databases[0].rawSize ?? made.objects?.[0]?.rawSize;
  const storedBytes = made.objects?.[0]?.storedSize;
  console.error(
    `backup to S3: ${(backup.ms / 1000).toFixed(1)}s, peak RSS ${(backup.peakRssKiB / 1024).toFixed(0)} MiB`,
  );

  // 2. 1,000 backups: copies of the real manifest under new ids.
  const storage = new S3Storage(
    { scheme: 's3', bucket: 'bench', prefix: 'many/' },
    S3SettingsSchema.parse({
      endpoint: server.endpoint,
      forcePathStyle: true,
      ...S3RVER_CREDENTIALS,
      createOnly: 'head-then-put',
    }),
  );
  const source = new S3Storage(
    { scheme: 's3', bucket: 'bench', prefix: 'rss/' },
    S3SettingsSchema.parse({ endpoint: server.endpoint, forcePathStyle: true, ...S3RVER_CREDENTIALS }),
  );
  const template = await readManifest(source, made.id);
  await storage.put('db-backup.json', await source.get('db-backup.json'));
  // The newest copy is as recent as the real backup, so `status` finds every database within its RPO.
  const base = Date.parse(template.startedAt) - (BACKUPS - 1) * 3_600_000;
  for (let i = 0; i < BACKUPS; i += 32) {
    await Promise.all(
      Array.from({ length: Math.min(32, BACKUPS - i) }, (_, j) => {
        const at = new Date(base + (i + j) * 3_600_000);
        return writeManifest(storage, {
          ...template,
          id: newBackupId('bench', at),
          startedAt: at.toISOString(),
          finishedAt: new Date(at.getTime() + template.durationMs).toISOString(),
        });
      }),
    );
  }
  const timings: Record<string, number[]> = { list: [], status: [], 'prune --dry-run': [] };
  for (let r = 0; r < RUNS; r++) {
    timings.list!.push((await run(process.execPath, [CLI, '--json', 'list'], cliEnv('many'))).ms);
    timings.status!.push((await run(process.execPath, [CLI, '--json', 'status'], cliEnv('many'), [0, 3])).ms);
    timings['prune --dry-run']!.push(
      (
        await run(
          process.execPath,
          [CLI, '--json', 'prune', '--dry-run', '--keep-last', '10'],
          cliEnv('many'),
        )
      ).ms,
    );
  }
  const result = {
    date: new Date().toISOString(),
    scale: SCALE,
    backupToS3: {
      rawBytes,
      storedBytes,
      seconds: backup.ms / 1000,
      peakRssMiB: backup.peakRssKiB / 1024,
      targetMiB: 150,
    },
    listing: Object.fromEntries(
      Object.entries(timings).map(([k, v]) => [
        k,
        { backups: BACKUPS, medianSeconds: median(v) / 1000, targetSeconds: 2 },
      ]),
    ),
  };
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, 's3.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
  storage.destroy();
  source.destroy();
} finally {
  await Promise.all([cluster.stop(), server.stop()]);
  rmSync(work, { recursive: true, force: true });
}
