/**
 * The daemon's WAL side against a real archiving cluster (archive_command = our wal-push): the base-backup
 * schedule fires and is listed, a base backup can be triggered through the API, and `/healthz`, `/metrics` and
 * `/api/v1/status` report the PITR window, archive lag and gaps — including a segment deleted behind its back.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../src/core/config/load-config.ts';
import type { LocalCluster } from '../src/core/postgres/local-cluster.ts';
import { walObjectKey } from '../src/core/repository/keys.ts';
import { openStorage } from '../src/core/storage/open-storage.ts';
import { parseWalFileName, segmentName } from '../src/core/wal/wal-names.ts';
import { type RunningDaemon, startDaemon } from '../src/daemon/run-daemon.ts';
import { cliEnvFor, runCli } from './helpers/cli.ts';
import { archiveEverything, postgresOwnedDir, startArchivingCluster } from './helpers/wal-cluster.ts';

const PASSWORD = 'daemon-wal-pw';
const API_TOKEN = 'wal-read-token-0123456789';
let cluster: LocalCluster;
let repo: { path: string; remove(): Promise<void> };
let d: RunningDaemon | undefined;
const log = { debug: () => {}, info: () => {}, warn: () => {} };

beforeAll(async () => {
  repo = await postgresOwnedDir('dbb-daemon-wal-');
  cluster = await startArchivingCluster(repo.path, PASSWORD);
}, 120_000);

afterAll(async () => {
  await d?.stop();
  await cluster?.stop();
  await repo?.remove();
});

async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(`http://127.0.0.1:${d!.port}${path}`, {
    method,
    headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, text, json: text.startsWith('{') ? JSON.parse(text) : undefined };
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const finished = (id: string) =>
  waitFor(`job ${id}`, async () => {
    const job = d!.daemon.jobs.get(id);
    return job && ['succeeded', 'failed', 'cancelled'].includes(job.status) ? job : undefined;
  });

it('schedules and triggers base backups and reports the WAL archive in health, metrics and status', async () => {
  const env = cliEnvFor(cluster, PASSWORD, {
    BACKUP_STORAGE: repo.path,
    BACKUP_BASE_BACKUP_SCHEDULE: '*/3 * * * * *',
    BACKUP_KEEP_LAST: '5',
  });
  const listed = await runCli(['--json', 'schedule', 'list'], { env });
  expect(listed.code, listed.stderr).toBe(0);
  expect(JSON.parse(listed.stdout)).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ name: 'base-backup', kind: 'base-backup', cron: '*/3 * * * * *' }),
    ]),
  );
  const config = loadConfig({
    env: { ...env, HEALTHCHECK_PORT: '0', HEALTHCHECK_LISTEN: '127.0.0.1', API_TOKEN, BACKUP_RPO: '1h' },
  });
  d = await startDaemon({ config, storage: openStorage(config.storage), log });
  const scheduled = await waitFor('a scheduled base backup', async () =>
    d!.daemon.jobs.list().find((j) => j.actor === 'schedule:base-backup' && j.status === 'succeeded'),
  );
  expect((scheduled.result as { backupId: string }).backupId).toMatch(/base/);
  await d.daemon.setScheduleEnabled('base-backup', false, 'test');

  const triggered = await call('POST', '/api/v1/base-backups', {});
  expect(triggered.status).toBe(202);
  expect(triggered.json.job.kind).toBe('base-backup');
  const job = await finished(triggered.json.job.id);
  expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
  const last = await archiveEverything(cluster);
  // A dry-run cleanup re-reads the whole WAL area, as after a real prune.
  await finished((await call('POST', '/api/v1/cleanup', {})).json.job.id);

  const status = await call('GET', '/api/v1/status');
  expect(status.status).toBe(200);
  const wal = status.json.wal;
  expect(wal.archiving).toBe(true);
  expect(wal.gaps).toEqual([]);
  expect(wal.newestSegment).toBe(last);
  expect(wal.window).not.toBeNull();
  expect(wal.archiveLagSeconds).toBeLessThan(60);
  const healthy = await call('GET', '/healthz');
  expect(healthy.status, healthy.text).toBe(200);
  const metrics = (await call('GET', '/metrics')).text;
  const gauge = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(metrics)?.[1]);
  expect(gauge('db_backup_wal_gaps')).toBe(0);
  expect(gauge('db_backup_wal_archive_lag_seconds')).toBeLessThan(60);
  expect(gauge('db_backup_wal_pitr_window_start_timestamp_seconds')).toBe(
    Date.parse(wal.window.earliest) / 1000,
  );
  expect(gauge('db_backup_wal_pitr_window_end_timestamp_seconds')).toBe(Date.parse(wal.window.latest) / 1000);
  expect(gauge('db_backup_wal_archived_segments')).toBe(wal.segments);
  expect(gauge('db_backup_wal_archived_bytes')).toBeGreaterThan(0);

  // A segment inside the window disappears: the next full read reports the gap, and health degrades.
  const from = parseWalFileName(wal.checkedFrom)!.segno!;
  const missing = segmentName(1, from + 1n);
  expect(parseWalFileName(last)!.segno! > from + 1n).toBe(true);
  await rm(join(repo.path, walObjectKey(wal.systemIdentifier, missing)));
  await finished((await call('POST', '/api/v1/cleanup', {})).json.job.id);
  const after = await call('GET', '/api/v1/status');
  expect(after.json.wal.gaps).toEqual([missing]);
  const health = await call('GET', '/healthz');
  expect(health.status).toBe(503);
  expect(health.json.reasons.join('\n')).toContain(`first ${missing}`);
  expect(Number(/^db_backup_wal_gaps (\S+)$/m.exec((await call('GET', '/metrics')).text)?.[1])).toBe(1);
}, 180_000);
