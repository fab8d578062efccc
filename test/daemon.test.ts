/**
 * The sidecar daemon on the host, against a real PostgreSQL cluster, with schedules measured in seconds:
 * scheduled backups, overlapping triggers, health, metrics, API auth, notifications (a local webhook receiver
 * and a local SMTP server), schedules shared through the repository, SIGTERM, bad cron expressions.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/core/config/load-config.ts';
import { type LocalCluster, startLocalCluster } from '../src/core/postgres/local-cluster.ts';
import { createDatabase } from '../src/core/postgres/server.ts';
import { listBackups } from '../src/core/repository/catalog.ts';
import { openStorage } from '../src/core/storage/open-storage.ts';
import { type RunningDaemon, startDaemon } from '../src/daemon/run-daemon.ts';
import { loadSampleData } from '../src/demo/load-sample-data.ts';
import { cliEnvFor, runCli, startCli } from './helpers/cli.ts';

const PASSWORD = 'da3mon-Secret-pw';
const API_TOKEN = 'read-token-0123456789';
const ADMIN_TOKEN = 'admin-token-0123456789';
let cluster: LocalCluster;
let root: string;
const logs: string[] = [];
const log = {
  debug: () => {},
  info: (m: string) => logs.push(m),
  warn: (m: string) => logs.push(`WARN ${m}`),
};

function envFor(repo: string, extra: Record<string, string> = {}): Record<string, string> {
  return { ...cliEnvFor(cluster, PASSWORD), BACKUP_STORAGE: repo, BACKUP_DATABASES: 'shop', ...extra };
}

async function daemonWith(repo: string, extra: Record<string, string>): Promise<RunningDaemon> {
  const config = loadConfig({
    env: envFor(repo, { HEALTHCHECK_PORT: '0', HEALTHCHECK_LISTEN: '127.0.0.1', ...extra }),
  });
  return startDaemon({ config, storage: openStorage(config.storage), log, notifyBackoffMs: [50] });
}

async function call(d: RunningDaemon, method: string, path: string, token?: string, body?: unknown) {
  const response = await fetch(`http://127.0.0.1:${d.port}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json, headers: response.headers };
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

async function finishedJob(d: RunningDaemon, id: string) {
  return waitFor(`job ${id}`, async () => {
    const job = d.daemon.jobs.get(id);
    return job && ['succeeded', 'failed', 'cancelled'].includes(job.status) ? job : undefined;
  });
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'dbb-daemon-'));
  cluster = await startLocalCluster({ password: PASSWORD });
  await createDatabase(cluster.connection, 'shop');
  await loadSampleData(cluster.connection, 'shop');
});

afterAll(async () => {
  await cluster?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('schedules', () => {
  it('a scheduled backup happens, and overlapping triggers run once', async () => {
    const repo = join(root, 'scheduled');
    const d = await daemonWith(repo, { BACKUP_SCHEDULE: '*/2 * * * * *', API_TOKEN });
    try {
      const manifests = await waitFor('a scheduled backup', async () => {
        const list = await listBackups(openStorage(repo));
        return list.length > 0 ? list : undefined;
      });
      expect(manifests[0]!.databases[0]!.name).toBe('shop');
      const scheduled = d.daemon.jobs.list().find((j) => j.actor === 'schedule:backup');
      expect(scheduled).toBeDefined();
      await d.daemon.stop(10_000);
      const queue = (await daemonWith(join(root, 'overlap'), { API_TOKEN })) as RunningDaemon;
      try {
        const first = await call(queue, 'POST', '/api/v1/backups', API_TOKEN, {});
        const second = await call(queue, 'POST', '/api/v1/backups', API_TOKEN, {});
        expect(first.status).toBe(202);
        expect(second.json.job.id).toBe(first.json.job.id);
        expect(second.json.created).toBe(false);
        const job = await finishedJob(queue, first.json.job.id);
        expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
        expect(await listBackups(openStorage(join(root, 'overlap')))).toHaveLength(1);
      } finally {
        await queue.stop();
      }
    } finally {
      await d.stop();
    }
  });

  it('a malformed cron expression is refused at start naming the variable', async () => {
    const result = await runCli(['daemon'], {
      env: envFor(join(root, 'badcron'), { BACKUP_SCHEDULE: '61 * * * *', DRILL_SCHEDULE: 'every day' }),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/error \[CONFIG_INVALID\]/);
    expect(result.stderr).toContain('BACKUP_SCHEDULE: invalid cron expression "61 * * * *"');
    expect(result.stderr).toContain('DRILL_SCHEDULE: invalid cron expression "every day"');
    expect(result.stderr).toMatch(/hint: cron has 5 fields/);
  });

  it('enable/disable persists in the repository: the CLI and every replica agree', async () => {
    const repo = join(root, 'shared');
    const d = await daemonWith(repo, { API_TOKEN });
    try {
      const disabled = await call(d, 'POST', '/api/v1/schedules/drill/disable', API_TOKEN);
      expect(disabled.status).toBe(200);
      expect(disabled.json.find((s: { name: string }) => s.name === 'drill').enabled).toBe(false);
      const listed = await runCli(['--json', 'schedule', 'list'], { env: envFor(repo) });
      expect(JSON.parse(listed.stdout).find((s: { name: string }) => s.name === 'drill').enabled).toBe(false);
      const enabled = await runCli(['schedule', 'enable', 'drill'], { env: envFor(repo) });
      expect(enabled.code, enabled.stderr).toBe(0);
      const again = await call(d, 'GET', '/api/v1/schedules', API_TOKEN);
      expect(again.json.find((s: { name: string }) => s.name === 'drill').enabled).toBe(true);
      const audit = await call(d, 'GET', '/api/v1/audit', API_TOKEN);
      expect(
        audit.json.map((e: { actor: string; operation: string }) => `${e.actor}:${e.operation}`),
      ).toEqual(expect.arrayContaining(['cli:schedule', 'api:api-token:schedule']));
      const unknown = await runCli(['schedule', 'disable', 'nope'], { env: envFor(repo) });
      expect(unknown.code).toBe(4);
      expect(unknown.stderr).toMatch(/SCHEDULE_NOT_FOUND/);
    } finally {
      await d.stop();
    }
  });
});

describe('HTTP', () => {
  let d: RunningDaemon;
  beforeAll(async () => {
    d = await daemonWith(join(root, 'http'), { API_TOKEN, ADMIN_TOKEN });
    const job = d.daemon.submit('backup', 'configured', 'test').job;
    await finishedJob(d, job.id);
  });
  afterAll(() => d?.stop());

  it('API auth: 401 without a token, 403 for the read token on restore and delete, 202 for admin', async () => {
    expect((await call(d, 'GET', '/api/v1/backups')).status).toBe(401);
    expect((await call(d, 'GET', '/api/v1/backups', 'wrong-token-0123456789')).status).toBe(401);
    const backups = await call(d, 'GET', '/api/v1/backups', API_TOKEN);
    expect(backups.status).toBe(200);
    // Newest first, paged: the total in X-Total-Count, the next page in a Link header.
    const finished = backups.json.map((b: { finishedAt: string }) => b.finishedAt);
    expect(finished).toEqual([...finished].sort().reverse());
    expect(backups.headers.get('x-total-count')).toBe(String(backups.json.length));
    const newest = await call(d, 'GET', '/api/v1/backups?limit=1', API_TOKEN);
    expect(newest.json.map((b: { id: string }) => b.id)).toEqual([backups.json[0].id]);
    if (backups.json.length > 1) expect(newest.headers.get('link')).toContain('offset=1');
    expect((await call(d, 'GET', '/api/v1/backups?limit=0', API_TOKEN)).json.error.code).toBe(
      'INVALID_REQUEST',
    );
    const id = backups.json[0].id;
    const restore = { backupId: id, targetDatabase: 'shop_api_restore', confirm: 'shop_api_restore' };
    expect((await call(d, 'POST', '/api/v1/restores', API_TOKEN, restore)).status).toBe(403);
    expect((await call(d, 'DELETE', `/api/v1/backups/${id}?confirm=${id}`, API_TOKEN)).status).toBe(403);
    const bad = await call(d, 'POST', '/api/v1/restores', ADMIN_TOKEN, { ...restore, confirm: 'shop' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toContain('confirm must repeat targetDatabase');
    const accepted = await call(d, 'POST', '/api/v1/restores', ADMIN_TOKEN, restore);
    expect(accepted.status).toBe(202);
    const job = await finishedJob(d, accepted.json.job.id);
    expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
    expect((await call(d, 'GET', `/api/v1/jobs/${job.id}`, API_TOKEN)).json.result.targetDatabase).toBe(
      'shop_api_restore',
    );
  });

  it('bodies are validated (400), oversized bodies refused (413), cross-origin writes refused (403)', async () => {
    expect((await call(d, 'POST', '/api/v1/drills', API_TOKEN, { databse: 'shop' })).status).toBe(400);
    const big = await call(d, 'POST', '/api/v1/backups', API_TOKEN, { databases: ['x'.repeat(70_000)] });
    expect(big.status).toBe(413);
    const response = await fetch(`http://127.0.0.1:${d.port}/api/v1/cleanup`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${API_TOKEN}`,
        origin: 'https://evil.example',
        'content-type': 'application/json',
      },
      body: '{}',
    });
    expect(response.status).toBe(403);
  });

  it('/metrics is Prometheus text with the backup gauges', async () => {
    const metrics = await call(d, 'GET', '/metrics');
    expect(metrics.status).toBe(200);
    const lines = metrics.text
      .trim()
      .split('\n')
      .filter((l) => l !== '');
    for (const line of lines) {
      expect(line).toMatch(
        /^(# (HELP|TYPE) [a-zA-Z_:][\w:]* .+|[a-zA-Z_:][\w:]*(\{([a-zA-Z_]\w*="[^"]*",?)*\})? -?[\d.e+-]+|[a-zA-Z_:][\w:]*(\{.*\})? (NaN|[+-]Inf))$/,
      );
    }
    expect(metrics.text).toMatch(/db_backup_last_success_timestamp_seconds\{database="shop"\} \d+/);
    expect(metrics.text).toMatch(/db_backup_jobs_total\{kind="backup",status="succeeded"\} [1-9]/);
  });

  it('the OpenAPI document lists every API route, and no response carries a secret', async () => {
    const doc = await call(d, 'GET', '/api/v1/openapi.json');
    expect(doc.json.openapi).toBe('3.1.0');
    for (const path of [
      '/api/v1/backups',
      '/api/v1/backups/{id}',
      '/api/v1/restores',
      '/api/v1/jobs/{id}',
      '/api/v1/audit',
    ]) {
      expect(Object.keys(doc.json.paths)).toContain(path);
    }
    for (const path of [
      '/api/v1/status',
      '/api/v1/storage',
      '/api/v1/jobs',
      '/api/v1/schedules',
      '/api/v1/audit',
    ]) {
      const response = await call(d, 'GET', path, ADMIN_TOKEN);
      expect(response.status, path).toBe(200);
      expect(response.text).not.toContain(PASSWORD);
      expect(response.text).not.toContain(ADMIN_TOKEN);
    }
  });

  it('the API is off without a token; health and metrics stay open', async () => {
    const open = await daemonWith(join(root, 'noapi'), {});
    try {
      const response = await call(open, 'GET', '/api/v1/backups', 'anything-0123456789');
      expect(response.status).toBe(404);
      expect(response.json.error.code).toBe('API_DISABLED');
      expect((await call(open, 'GET', '/metrics')).status).toBe(200);
    } finally {
      await open.stop();
    }
  });
});

describe('health and notifications', () => {
  it('/healthz is 200 when fresh, 503 with reasons when stale or after a failed job; failures reach the webhook and SMTP', async () => {
    const received: { path: string; body: any }[] = [];
    const receiver = createServer(async (req: IncomingMessage, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      received.push({ path: req.url ?? '', body: JSON.parse(body) });
      res
        .writeHead(
          req.url === '/flaky' && received.filter((r) => r.path === '/flaky').length === 1 ? 500 : 204,
        )
        .end();
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const hookPort = (receiver.address() as AddressInfo).port;
    const mails: string[] = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, callback) {
        let text = '';
        stream.on('data', (c: Buffer) => (text += c.toString('utf8')));
        stream.on('end', () => {
          mails.push(text);
          callback();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
    const smtpPort = (smtp.server.address() as AddressInfo).port;
    const repo = join(root, 'health');
    const d = await daemonWith(repo, {
      BACKUP_RPO: '1h',
      NOTIFY_WEBHOOK_URL: `http://127.0.0.1:${hookPort}/flaky`,
      SLACK_WEBHOOK_URL: `http://127.0.0.1:${hookPort}/slack`,
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      NOTIFY_EMAIL_TO: 'ops@example.test',
    });
    try {
      const ok = d.daemon.submit('backup', 'configured', 'test').job;
      await finishedJob(d, ok.id);
      expect((await call(d, 'GET', '/healthz')).status).toBe(200);
      const failing = d.daemon.submit('backup', 'no_such_db', 'test').job;
      expect((await finishedJob(d, failing.id)).status).toBe('failed');
      const health = await call(d, 'GET', '/healthz');
      expect(health.status).toBe(503);
      expect(health.json.reasons.join(' ')).toMatch(/the last backup job failed: PG_DATABASE_NOT_FOUND/);
      await waitFor('notifications', async () =>
        received.filter((r) => r.path === '/flaky').length >= 2 &&
        received.some((r) => r.path === '/slack') &&
        mails.length > 0
          ? true
          : undefined,
      );
      const webhook = received.filter((r) => r.path === '/flaky').at(-1)!.body;
      expect(webhook).toMatchObject({ event: 'job_failed', severity: 'critical', source: 'db-backup' });
      expect(webhook.message).toContain('PG_DATABASE_NOT_FOUND');
      expect(received.find((r) => r.path === '/slack')!.body.text).toContain('backup failed');
      expect(mails[0]).toContain('Subject: [db-backup] backup failed');
      for (const text of [JSON.stringify(received), ...mails]) expect(text).not.toContain(PASSWORD);
    } finally {
      await d.stop();
      receiver.close();
      smtp.close();
    }
    const stale = await daemonWith(repo, { BACKUP_RPO: '1s' });
    try {
      await new Promise((r) => setTimeout(r, 1100));
      const health = await call(stale, 'GET', '/healthz');
      expect(health.status).toBe(503);
      expect(health.json.reasons.join(' ')).toMatch(/shop: newest backup is \d+ min old \(RPO 0\.0\d+ min\)/);
    } finally {
      await stale.stop();
    }
  });
});

describe('SIGTERM', () => {
  it('during a backup: the process exits 0 and leaves a complete backup or nothing, never a partial one', async () => {
    const repo = join(root, 'sigterm');
    const cli = startCli(['daemon'], {
      env: envFor(repo, {
        HEALTHCHECK_PORT: '0',
        BACKUP_ON_START: 'true',
        BACKUP_STOP_GRACE_SECONDS: '0',
        BACKUP_LOG_LEVEL: 'info',
      }),
    });
    // The first object of the backup appears under backups/ once pg_dump streams.
    await waitFor(
      'the backup to start',
      async () => (existsSync(join(repo, 'backups')) ? true : undefined),
      30_000,
    );
    cli.child.kill('SIGTERM');
    const result = await cli.done;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/"msg":"SIGTERM: stopping/);
    expect(result.stdout).toMatch(/"msg":"stopped"/);
    const ids = existsSync(join(repo, 'backups')) ? readdirSync(join(repo, 'backups')) : [];
    for (const id of ids) {
      const files = readdirSync(join(repo, 'backups', id));
      expect(files.some((f) => f.startsWith('.tmp'))).toBe(false);
      if (files.length > 0) expect(files).toContain('manifest.json');
    }
  });
});
