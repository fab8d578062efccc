/**
 * The sidecar's point-in-time drill against a real archiving cluster (archive_command = our wal-push): with no
 * base backup the API-triggered drill fails with a report saying why and a notified finding; after a base
 * backup the scheduled drill (PITR_DRILL_SCHEDULE) and an API drill to a time succeed, their reports (with a
 * `pitr` section) are listed by `GET /api/v1/drills`, each job has one audit verdict, and `/metrics` shows
 * them. Bad target times are 400s. PostgreSQL runs wal-fetch through the daemon's own WAL entry, also from the
 * bundle (dist/, rebuilt by `npm run build`), where the daemon's code sits in dist/chunks/.
 */
import { spawn } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../src/core/config/load-config.ts';
import { withClient } from '../src/core/postgres/connection.ts';
import type { LocalCluster } from '../src/core/postgres/local-cluster.ts';
import { openStorage } from '../src/core/storage/open-storage.ts';
import { type RunningDaemon, startDaemon } from '../src/daemon/run-daemon.ts';
import { cliEnvFor } from './helpers/cli.ts';
import { archiveEverything, postgresOwnedDir, startArchivingCluster } from './helpers/wal-cluster.ts';

const PASSWORD = 'daemon-pitr-pw';
const API_TOKEN = 'pitr-read-token-0123456789';
let cluster: LocalCluster;
let repo: { path: string; remove(): Promise<void> };
let receiver: Server;
const received: { event: string; message: string; details?: Record<string, unknown> }[] = [];
let d: RunningDaemon | undefined;
const log = { debug: () => {}, info: () => {}, warn: () => {} };
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const q = (text: string, values: unknown[] = []) =>
  withClient(cluster.connection, 'postgres', async (c) => (await c.query(text, values)).rows);
// The drills' scratch copies go under a temp root of this file's own: other test files' drills run meanwhile.
let scratchRoot: { path: string; remove(): Promise<void> };
const savedTmpdir = process.env.TMPDIR;
const scratchDirs = () => readdirSync(scratchRoot.path).filter((n) => n.startsWith('db-backup-pitr-drill-'));

beforeAll(async () => {
  scratchRoot = await postgresOwnedDir('dbb-daemon-pitr-tmp-');
  process.env.TMPDIR = scratchRoot.path;
  repo = await postgresOwnedDir('dbb-daemon-pitr-');
  writeFileSync(
    join(repo.path, 'drill-config.json'),
    JSON.stringify({ drill: { checks: [{ name: 'rows in t', sql: 'SELECT count(*) FROM t', minRows: 1 }] } }),
  );
  cluster = await startArchivingCluster(repo.path, PASSWORD);
  await q('CREATE TABLE t (id int primary key, note text)');
  await q('INSERT INTO t SELECT g, md5(g::text) FROM generate_series(1, 50) g');
  // WAL in the repository, no base backup yet.
  await archiveEverything(cluster);
  receiver = createServer(async (req: IncomingMessage, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    received.push(JSON.parse(body));
    res.writeHead(204).end();
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
}, 120_000);

afterAll(async () => {
  await d?.stop();
  receiver?.close();
  await cluster?.stop();
  await repo?.remove();
  if (savedTmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmpdir;
  await scratchRoot?.remove();
});

async function daemon(extra: Record<string, string> = {}): Promise<RunningDaemon> {
  const config = loadConfig({
    env: {
      ...cliEnvFor(cluster, PASSWORD, { BACKUP_STORAGE: repo.path }),
      BACKUP_CONFIG: join(repo.path, 'drill-config.json'),
      HEALTHCHECK_PORT: '0',
      HEALTHCHECK_LISTEN: '127.0.0.1',
      API_TOKEN,
      BACKUP_RPO: '1h',
      BACKUP_RTO: '30m',
      NOTIFY_WEBHOOK_URL: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
      ...extra,
    },
  });
  return startDaemon({ config, storage: openStorage(config.storage), log, notifyBackoffMs: [50] });
}

async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(`http://127.0.0.1:${d!.port}${path}`, {
    method,
    headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, text, json: /^[[{]/.test(text) ? JSON.parse(text) : undefined };
}

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 120_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await pause(200);
  }
}

const finished = (id: string) =>
  waitFor(`job ${id}`, async () => {
    const job = d!.daemon.jobs.get(id);
    return job && ['succeeded', 'failed', 'cancelled'].includes(job.status) ? job : undefined;
  });

const gauge = (metrics: string, name: string) =>
  Number(new RegExp(`^${name.replace(/[{}]/g, '\\$&')} (\\S+)$`, 'm').exec(metrics)?.[1]);

/** The daemon's audit entries of one job: its start and its one verdict, nothing from the core beside them. */
async function auditOf(jobId: string) {
  const entries: { operation: string; outcome: string; details?: string }[] = (
    await call('GET', '/api/v1/audit?limit=1000')
  ).json;
  return {
    job: entries.filter((e) => e.details?.includes(jobId)).map((e) => `${e.operation}:${e.outcome}`),
    core: entries.filter((e) => e.operation === 'drill' && /^drill-/.test(e.details ?? '')),
  };
}

it('without a base backup the PITR drill job fails, its report says why, and the finding is notified', async () => {
  d = await daemon();
  // No point-in-time drill yet: no sample (not a 0 an alert would take for a failure).
  expect((await call('GET', '/metrics')).text).not.toMatch(/^db_backup_pitr_drill_success\{/m);
  const dirsBefore = scratchDirs();
  const triggered = await call('POST', '/api/v1/drills', { pitr: true });
  expect(triggered.status, triggered.text).toBe(202);
  expect(triggered.json.job.kind).toBe('pitr-drill');
  expect(triggered.json.job.target).toBe('latest');
  const job = await finished(triggered.json.job.id);
  expect(job.status).toBe('failed');
  expect(job.error!.code).toBe('DRILL_NOT_COMPLIANT');
  const reports = (await call('GET', '/api/v1/drills')).json;
  expect(reports).toHaveLength(1);
  const report = reports[0];
  expect(report.status).toBe('failure');
  expect(report.pitr).toMatchObject({ target: 'latest', base_backup_id: null });
  expect(report.error.message).toMatch(/base backup/i);
  expect(job.error!.message).toContain(report.drill_id);
  expect(job.error!.message).toContain(report.error.code);
  expect(scratchDirs()).toEqual(dirsBefore);
  await waitFor('the notifications', async () =>
    received.some((n) => n.event === 'drill_not_compliant') && received.some((n) => n.event === 'job_failed')
      ? true
      : undefined,
  );
  const finding = received.find((n) => n.event === 'drill_not_compliant')!;
  expect(finding.message).toMatch(/point-in-time drill \(latest\) is failure/);
  expect(finding.details).toMatchObject({ drillId: report.drill_id, pitr: true });
  const audit = await auditOf(job.id);
  expect(audit.job).toEqual(['drill:failure', 'drill:started']);
  expect(audit.core).toEqual([]);
  const metrics = (await call('GET', '/metrics')).text;
  expect(gauge(metrics, 'db_backup_pitr_drill_success{database="all"}')).toBe(0);
  expect(gauge(metrics, 'db_backup_jobs_total{kind="pitr-drill",status="failed"}')).toBe(1);
  // A logical drill's per-database gauges are not touched by a point-in-time drill.
  expect(metrics).not.toMatch(/^db_backup_drill_success\{/m);
  await d.stop();
  d = undefined;
}, 180_000);

it('after a base backup the scheduled and the API-triggered PITR drills succeed and show everywhere', async () => {
  d = await daemon();
  const base = await finished((await call('POST', '/api/v1/base-backups', {})).json.job.id);
  expect(base.status, JSON.stringify(base.error)).toBe('succeeded');
  await q('INSERT INTO t SELECT g, md5(g::text) FROM generate_series(51, 100) g');
  await pause(600);
  const midTime = (
    await q('SELECT to_char(clock_timestamp() AT TIME ZONE \'UTC\', \'YYYY-MM-DD"T"HH24:MI:SS.US"Z"\') AS t')
  )[0].t as string;
  await pause(600);
  await q('INSERT INTO t SELECT g, md5(g::text) FROM generate_series(101, 150) g');
  await archiveEverything(cluster);

  // Bad requests first: nothing is queued for them.
  const badTime = await call('POST', '/api/v1/drills', { pitr: true, targetTime: 'yesterday' });
  expect(badTime.status).toBe(400);
  expect(badTime.json.error.code).toBe('INVALID_TARGET_TIME');
  const noPitr = await call('POST', '/api/v1/drills', { targetTime: 'random' });
  expect(noPitr.status).toBe(400);
  expect(noPitr.json.error.message).toMatch(/targetTime needs "pitr": true/);
  expect(d.daemon.jobs.list().filter((j) => j.kind === 'pitr-drill')).toEqual([]);

  // The API drill to a time: exactly the rows committed before it.
  const dirsBefore = scratchDirs();
  const triggered = await call('POST', '/api/v1/drills', { pitr: true, targetTime: midTime });
  expect(triggered.status, triggered.text).toBe(202);
  expect(triggered.json.job.target).toBe(new Date(midTime).toISOString());
  const job = await finished(triggered.json.job.id);
  expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
  const result = (job.result as { drills: { drillId: string; status: string; targetTime: string }[] })
    .drills[0]!;
  expect(result).toMatchObject({ status: 'success', targetTime: new Date(midTime).toISOString() });
  const report = (await call('GET', `/api/v1/drills/${result.drillId}`)).json;
  expect(report.status).toBe('success');
  expect(report.pitr.base_backup_id).toBe((base.result as { backupId: string }).backupId);
  expect(report.pitr.target_time).toBe(new Date(midTime).toISOString());
  expect(report.checks.find((c: { name: string }) => c.name === 'sql: rows in t').details).toMatch(
    /first value "100"/,
  );
  expect(report.scratch.dropped).toBe(true);
  expect(scratchDirs()).toEqual(dirsBefore);
  const listed = (await call('GET', '/api/v1/drills')).json;
  expect(listed[0].drill_id).toBe(result.drillId);
  const audit = await auditOf(job.id);
  expect(audit.job).toEqual(['drill:success', 'drill:started']);
  expect(audit.core).toEqual([]);
  const metrics = (await call('GET', '/metrics')).text;
  expect(gauge(metrics, 'db_backup_pitr_drill_success{database="all"}')).toBe(1);
  expect(gauge(metrics, 'db_backup_pitr_drill_rpo_compliant{database="all"}')).toBe(1);
  expect(gauge(metrics, 'db_backup_pitr_drill_rto_compliant{database="all"}')).toBe(1);
  expect(gauge(metrics, 'db_backup_pitr_drill_last_timestamp_seconds{database="all"}')).toBe(
    Date.parse(report.drill_timestamp) / 1000,
  );
  expect(gauge(metrics, 'db_backup_pitr_drill_restore_duration_seconds{database="all"}')).toBeCloseTo(
    report.restore_duration_minutes * 60,
    3,
  );
  expect(gauge(metrics, 'db_backup_jobs_total{kind="pitr-drill",status="succeeded"}')).toBe(1);
  await d.stop();

  // The schedule: PITR_DRILL_SCHEDULE with a random target inside the window.
  d = await daemon({ PITR_DRILL_SCHEDULE: '*/2 * * * * *', PITR_DRILL_TARGET: 'random' });
  const schedules = (await call('GET', '/api/v1/schedules')).json;
  expect(schedules).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ name: 'pitr-drill', kind: 'pitr-drill', enabled: true }),
    ]),
  );
  const scheduled = await waitFor('a scheduled PITR drill', async () =>
    d!.daemon.jobs
      .list()
      .find((j) => j.actor === 'schedule:pitr-drill' && ['succeeded', 'failed'].includes(j.status)),
  );
  await d.daemon.setScheduleEnabled('pitr-drill', false, 'test');
  expect(scheduled.status, JSON.stringify(scheduled.error)).toBe('succeeded');
  expect(scheduled.target).toBe('random');
  const random = (scheduled.result as { drills: { drillId: string; targetTime: string }[] }).drills[0]!;
  const randomReport = (await call('GET', `/api/v1/drills/${random.drillId}`)).json;
  expect(randomReport.pitr.target).toBe('random');
  expect(Date.parse(randomReport.pitr.target_time)).toBeGreaterThanOrEqual(
    Date.parse(randomReport.pitr.window.earliest),
  );
  expect((await auditOf(scheduled.id)).job).toEqual(['drill:success', 'drill:started']);
  expect((await auditOf(scheduled.id)).core).toEqual([]);
}, 300_000);

it('the bundled sidecar (dist) hands PostgreSQL its own WAL entry', async () => {
  const bundled = fileURLToPath(new URL('../dist/cli/index.js', import.meta.url));
  const child = spawn(process.execPath, [bundled, 'daemon'], {
    env: {
      ...process.env,
      ...cliEnvFor(cluster, PASSWORD, { BACKUP_STORAGE: repo.path }),
      BACKUP_CONFIG: join(repo.path, 'drill-config.json'),
      HEALTHCHECK_PORT: '0',
      HEALTHCHECK_LISTEN: '127.0.0.1',
      API_TOKEN,
      BACKUP_LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (output += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (output += c));
  const exited = new Promise<number | null>((r) => child.on('close', r));
  try {
    const port = await waitFor(
      'the bundled daemon to listen',
      async () => /listening on 127\.0\.0\.1:(\d+)/.exec(output)?.[1],
    );
    const api = async (method: string, path: string, body?: unknown) =>
      (
        await fetch(`http://127.0.0.1:${port}${path}`, {
          method,
          headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
          ...(body ? { body: JSON.stringify(body) } : {}),
        })
      ).json();
    const { job } = await api('POST', '/api/v1/drills', { pitr: true });
    const done = await waitFor(`bundled job ${job.id}`, async () => {
      const polled = await api('GET', `/api/v1/jobs/${job.id}`);
      return ['succeeded', 'failed', 'cancelled'].includes(polled.status) ? polled : undefined;
    });
    expect(done.status, `${JSON.stringify(done.error)}\n${output}`).toBe('succeeded');
    expect(done.result.drills[0].status).toBe('success');
  } finally {
    child.kill('SIGTERM');
    expect(await exited, output).toBe(0);
  }
}, 180_000);
