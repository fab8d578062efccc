/**
 * The sidecar daemon with its repository on S3 (s3rver on loopback) against a real cluster, as the compose
 * stack runs it against MinIO: a scheduled backup lands in the bucket, the API lists it, a drill through the
 * API passes, and the audit log and metrics describe both.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../src/core/config/load-config.ts';
import { type LocalCluster, startLocalCluster } from '../src/core/postgres/local-cluster.ts';
import { createDatabase } from '../src/core/postgres/server.ts';
import { openConfiguredStorage } from '../src/core/storage/open-storage.ts';
import { type RunningDaemon, startDaemon } from '../src/daemon/run-daemon.ts';
import { loadSampleData } from '../src/demo/load-sample-data.ts';
import { cliEnvFor } from './helpers/cli.ts';
import { S3RVER_CREDENTIALS, type S3rverProcess, startS3rver } from './helpers/object-servers.ts';

const PASSWORD = 'daemon-s3-Secret-pw';
const TOKEN = 'daemon-s3-token-0123456789';
let cluster: LocalCluster;
let server: S3rverProcess;
let daemon: RunningDaemon;

async function api(path: string, init: RequestInit = {}) {
  const response = await fetch(`http://127.0.0.1:${daemon.port}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...init.headers },
  });
  return { status: response.status, json: (await response.json()) as any };
}

async function until<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  [cluster, server] = await Promise.all([
    startLocalCluster({ password: PASSWORD }),
    startS3rver(['backups']),
  ]);
  await createDatabase(cluster.connection, 'shop');
  await loadSampleData(cluster.connection, 'shop');
  const config = loadConfig({
    env: {
      ...cliEnvFor(cluster, PASSWORD),
      BACKUP_STORAGE: 's3://backups/sidecar',
      S3_ENDPOINT: server.endpoint,
      S3_FORCE_PATH_STYLE: 'true',
      S3_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
      S3_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
      S3_CREATE_ONLY: 'head-then-put',
      BACKUP_DATABASES: 'shop',
      BACKUP_SCHEDULE: '*/3 * * * * *',
      HEALTHCHECK_PORT: '0',
      HEALTHCHECK_LISTEN: '127.0.0.1',
      API_TOKEN: TOKEN,
    },
  });
  daemon = await startDaemon({
    config,
    storage: openConfiguredStorage(config),
    log: { debug() {}, info() {}, warn() {} },
  });
}, 180_000);

afterAll(async () => {
  await daemon?.stop();
  await Promise.all([cluster?.stop(), server?.stop()]);
});

it('a scheduled backup lands in the bucket, a drill through the API passes, audit and metrics show both', async () => {
  const backups = await until(async () => {
    const { json } = await api('/api/v1/backups');
    return Array.isArray(json) && json.length > 0 ? json : undefined;
  }, 'a scheduled backup on S3');
  expect(backups[0].databases).toEqual(['shop']);
  // Disabled through the API, in the bucket: the schedule stops firing for every replica.
  expect((await api('/api/v1/schedules/backup/disable', { method: 'POST' })).status).toBe(200);
  const started = await api('/api/v1/drills', { method: 'POST', body: JSON.stringify({ database: 'shop' }) });
  expect(started.status).toBe(202);
  const job = await until(async () => {
    const j = daemon.daemon.jobs.get(started.json.job.id);
    return j && ['succeeded', 'failed', 'cancelled'].includes(j.status) ? j : undefined;
  }, 'the drill job');
  expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
  const audit = await api('/api/v1/audit');
  const entries = audit.json.map(
    (e: { actor: string; operation: string; outcome: string }) => `${e.actor}:${e.operation}:${e.outcome}`,
  );
  expect(entries).toEqual(
    expect.arrayContaining([
      'schedule:backup:backup:success',
      'api:api-token:drill:success',
      'api:api-token:schedule:success',
    ]),
  );
  const metrics = await fetch(`http://127.0.0.1:${daemon.port}/metrics`).then((r) => r.text());
  expect(metrics).toMatch(/db_backup_drill_success\{database="shop"\} 1/);
  expect(metrics).toMatch(/db_backup_last_success_timestamp_seconds\{database="shop"\} \d+/);
});
