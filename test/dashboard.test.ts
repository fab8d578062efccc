/**
 * The dashboard against a real daemon (real PostgreSQL, local repository): its security headers and the
 * refusal of cross-origin writes (plain fetch), the Grafana dashboard's metrics against a real `/metrics`,
 * and the page itself in Debian's chromium driven by playwright-core: sign-in, stat cards and rows equal to
 * `db-backup list --json`, a backup started from the page, a drill report, a wrong token, admin deletion
 * behind a typed confirmation. Screenshots go to test-output/dashboard/ (UPDATE_DOCS_SCREENSHOT=1 also
 * refreshes docs/dashboard.png).
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadConfig } from '../src/core/config/load-config.ts';
import { diffFingerprints, fingerprintDatabase } from '../src/core/drill/fingerprint.ts';
import { type LocalCluster, startLocalCluster } from '../src/core/postgres/local-cluster.ts';
import { createDatabase } from '../src/core/postgres/server.ts';
import { openStorage } from '../src/core/storage/open-storage.ts';
import { type RunningDaemon, startDaemon } from '../src/daemon/run-daemon.ts';
import { formatBytes, formatTime } from '../src/dashboard/app/format.ts';
import { loadSampleData } from '../src/demo/load-sample-data.ts';
import { cliEnvFor, runCli } from './helpers/cli.ts';
import { tempRoot } from './helpers/temp-root.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SHOTS = join(ROOT, 'test-output', 'dashboard');
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const SKIP_REASON = 'skipped: no chromium binary (apt-get install chromium; .ci/run installs it)';
if (!CHROMIUM) console.warn(`test/dashboard.test.ts: browser tests ${SKIP_REASON}`);

const PASSWORD = 'dashb0ard-Secret-pw';
const API_TOKEN = 'dashboard-read-token-0123';
const ADMIN_TOKEN = 'dashboard-admin-token-0123';
const temp = tempRoot('dashboard');
let cluster: LocalCluster;
let repo: string;
let d: RunningDaemon;
let base: string;

const env = () => ({
  ...cliEnvFor(cluster, PASSWORD),
  BACKUP_STORAGE: repo,
  BACKUP_DATABASES: 'shop,crm',
});

interface ListRow {
  id: string;
  databases: string[];
  finishedAt: string;
  storedBytes: number;
}

async function listJson(): Promise<ListRow[]> {
  const result = await runCli(['--json', 'list'], { env: env() });
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
}

async function runJob(kind: 'backup' | 'drill'): Promise<void> {
  const { job } = d.daemon.submit(kind, 'configured', 'test');
  for (const until = Date.now() + 120_000; Date.now() < until; ) {
    const now = d.daemon.jobs.get(job.id)!;
    if (now.status === 'succeeded') return;
    if (now.status === 'failed' || now.status === 'cancelled') throw new Error(JSON.stringify(now.error));
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${kind} job did not finish`);
}

beforeAll(async () => {
  repo = join(temp.root, 'repo');
  cluster = await startLocalCluster({ password: PASSWORD });
  await createDatabase(cluster.connection, 'shop');
  await loadSampleData(cluster.connection, 'shop');
  await createDatabase(cluster.connection, 'crm');
  const config = loadConfig({
    env: {
      ...env(),
      HEALTHCHECK_PORT: '0',
      HEALTHCHECK_LISTEN: '127.0.0.1',
      API_TOKEN,
      ADMIN_TOKEN,
      BACKUP_SCHEDULE: '0 2 * * *',
      DRILL_SCHEDULE: '0 4 1 * *',
    },
  });
  d = await startDaemon({ config, storage: openStorage(config.storage), log: silent });
  base = `http://127.0.0.1:${d.port}`;
  await runJob('backup');
  await runJob('drill');
  await runJob('backup');
  await runJob('drill');
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await d?.stop();
  await cluster?.stop();
});

const silent = { debug: () => {}, info: () => {}, warn: () => {} };

describe('HTTP', () => {
  it('every response of the page, its assets and the API carries the strict security headers', async () => {
    const responses = await Promise.all(
      [
        ['/', 'text/html'],
        ['/app.js', 'text/javascript'],
        ['/app.css', 'text/css'],
        ['/api/v1/status', 'application/json'],
        ['/api/v1/no-such-route', 'application/json'],
        ['/healthz', 'application/json'],
      ].map(async ([path, type]) => {
        const response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${API_TOKEN}` } });
        return { path, type, response, text: await response.text() };
      }),
    );
    for (const { path, type, response } of responses) {
      const h = response.headers;
      expect(h.get('content-type'), path).toContain(type);
      expect(h.get('x-content-type-options'), path).toBe('nosniff');
      expect(h.get('referrer-policy'), path).toBe('no-referrer');
      expect(h.get('x-frame-options'), path).toBe('DENY');
      const csp = new Map(
        h
          .get('content-security-policy')!
          .split(';')
          .map((directive) => directive.trim().split(/\s+/))
          .map(([name, ...values]) => [name!, values]),
      );
      expect(csp.get('default-src'), path).toEqual(["'self'"]);
      expect(csp.get('script-src'), path).toEqual(["'self'"]);
      expect(csp.get('frame-ancestors'), path).toEqual(["'none'"]);
      expect(h.get('content-security-policy'), path).not.toMatch(/unsafe-(inline|eval)/);
    }
    const page = responses[0]!;
    expect(page.response.status).toBe(200);
    // Nothing inline for the CSP to refuse: the one script and style sheet are files.
    expect(page.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(page.text).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
    expect(responses[1]!.text.length).toBeGreaterThan(10_000);
    expect(responses[4]!.response.status).toBe(404);
  });

  it('cross-origin writes are refused with a coded error, with or without a token; same-origin ones run', async () => {
    const jobsBefore = d.daemon.jobs.list().length;
    for (const [method, path, token] of [
      ['POST', '/api/v1/backups', API_TOKEN],
      ['POST', '/api/v1/drills', undefined],
      ['DELETE', '/api/v1/backups/x?confirm=x', ADMIN_TOKEN],
    ] as const) {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: {
          origin: 'https://evil.example',
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        ...(method === 'POST' ? { body: '{}' } : {}),
      });
      expect(response.status, `${method} ${path}`).toBe(403);
      expect((await response.json()).error.code).toBe('CROSS_ORIGIN');
    }
    expect(d.daemon.jobs.list()).toHaveLength(jobsBefore);
    const newest = d.daemon.jobs.list().find((j) => j.kind === 'backup')!;
    const backupId = (newest.result as { backupIds: string[] }).backupIds[0];
    const same = await fetch(`${base}/api/v1/backups/${backupId}/verify`, {
      method: 'POST',
      headers: { origin: base, authorization: `Bearer ${API_TOKEN}` },
    });
    expect(same.status).toBe(202);
    const { job } = await same.json();
    await expect
      .poll(() => d.daemon.jobs.get(job.id)?.status, { timeout: 60_000, interval: 200 })
      .toBe('succeeded');
  });

  it('the dashboard’s extra API routes: whoami says the role, drills/{id} returns one report', async () => {
    const who = await fetch(`${base}/api/v1/whoami`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(await who.json()).toEqual({ role: 'admin', actor: 'api:admin-token' });
    const drills = await (
      await fetch(`${base}/api/v1/drills`, { headers: { authorization: `Bearer ${API_TOKEN}` } })
    ).json();
    const one = await fetch(`${base}/api/v1/drills/${drills[0].drill_id}`, {
      headers: { authorization: `Bearer ${API_TOKEN}` },
    });
    expect(await one.json()).toEqual(drills[0]);
    const missing = await fetch(`${base}/api/v1/drills/drill-nope`, {
      headers: { authorization: `Bearer ${API_TOKEN}` },
    });
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe('DRILL_REPORT_NOT_FOUND');
  });

  it('the Grafana dashboard and alert rules parse, and every metric they query is in /metrics', async () => {
    const metrics = await (await fetch(`${base}/metrics`)).text();
    const exposed = new Set([...metrics.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]!));
    const withSamples = new Set([...metrics.matchAll(/^([a-z_:]+)[{ ]/gm)].map((m) => m[1]!));
    const dashboard = JSON.parse(readFileSync(join(ROOT, 'grafana/db-backup.json'), 'utf8'));
    const exprs: string[] = dashboard.panels.flatMap((p: { targets?: { expr: string }[] }) =>
      (p.targets ?? []).map((t) => t.expr),
    );
    const rules = parseYaml(readFileSync(join(ROOT, 'grafana/alerts.yml'), 'utf8'));
    const alertExprs: string[] = rules.groups.flatMap((g: { rules: { expr: string }[] }) =>
      g.rules.map((r) => r.expr),
    );
    expect(exprs.length).toBeGreaterThan(5);
    expect(alertExprs.length).toBeGreaterThan(3);
    const used = new Set(
      [...exprs, ...alertExprs].flatMap((e) => [...e.matchAll(/\b(db_backup_[a-z_]+)\b/g)].map((m) => m[1]!)),
    );
    expect(used.size).toBeGreaterThan(6);
    for (const name of used) expect(exposed, `${name} is not in /metrics`).toContain(name);
    // The repository gauges carry values once a backup and a drill ran.
    for (const name of [
      'db_backup_last_success_timestamp_seconds',
      'db_backup_last_size_bytes',
      'db_backup_drill_success',
    ]) {
      expect(used).toContain(name);
      expect(withSamples, name).toContain(name);
    }
  });
});

describe.skipIf(!CHROMIUM)(CHROMIUM ? 'in a browser' : `in a browser (${SKIP_REASON})`, () => {
  let browser: Browser;
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM!, args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** A fresh tab (own sessionStorage) that records console errors and page errors, CSP refusals included. */
  async function open(
    viewport = { width: 1280, height: 900 },
  ): Promise<{ context: BrowserContext; page: Page }> {
    problems.length = 0;
    const context = await browser.newContext({ viewport, acceptDownloads: true });
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of 401/.test(m.text())) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${base}/`);
    return { context, page };
  }

  async function signIn(page: Page, token: string): Promise<void> {
    await page.getByLabel('API token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  const stat = (page: Page, name: string) => page.locator(`[data-stat="${name}"] dd`).innerText();

  it('a wrong token shows an error and no data, and is not kept', async () => {
    const { context, page } = await open();
    try {
      // Keyboard only: focus the field, type, Enter.
      await page.getByLabel('API token').focus();
      await page.keyboard.type('not-the-right-token-0123');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('#login-error').innerText()).toMatch(/not accepted.*UNAUTHORIZED/);
      expect(await page.locator('[data-stat], [data-backup], [data-database]').count()).toBe(0);
      expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
      await page.screenshot({ path: join(SHOTS, 'login-error.png') });
    } finally {
      await context.close();
    }
  });

  it('signed in: stat cards and backup rows match `db-backup list --json`; the token stays in sessionStorage', async () => {
    const { context, page } = await open();
    try {
      await signIn(page, API_TOKEN);
      await page.locator('[data-database="shop"]').waitFor();
      const rows = await listJson();
      expect(await stat(page, 'totalBackups')).toBe(String(rows.length));
      expect(await stat(page, 'totalSize')).toBe(formatBytes(rows.reduce((n, r) => n + r.storedBytes, 0)));
      expect(await stat(page, 'newest')).toBe(formatTime(rows.at(-1)!.finishedAt));
      expect(await stat(page, 'oldest')).toBe(formatTime(rows[0]!.finishedAt));
      expect(
        await page.locator('[data-database="crm"] [data-light]').first().getAttribute('data-light'),
      ).toBe('green');
      expect(await page.locator('#role').innerText()).toBe('read-only');
      expect(await page.evaluate(() => sessionStorage.getItem('db-backup.token'))).toBe(API_TOKEN);
      expect(await context.cookies()).toEqual([]);
      expect(page.url()).not.toContain(API_TOKEN);
      await page.screenshot({ path: join(SHOTS, 'overview.png'), fullPage: true });
      if (process.env.UPDATE_DOCS_SCREENSHOT === '1')
        copyFileSync(join(SHOTS, 'overview.png'), join(ROOT, 'docs', 'dashboard.png'));

      await page.getByRole('link', { name: 'Backups' }).click();
      await page.locator('[data-backup]').first().waitFor();
      const shown = await page
        .locator('[data-backup]')
        .evaluateAll((els) => els.map((e) => e.dataset.backup));
      expect(shown).toEqual(rows.map((r) => r.id).reverse());
      // Read-only: no restore or delete offered.
      expect(await page.getByRole('button', { name: /^Delete / }).count()).toBe(0);
      await page.getByLabel('Database').selectOption('crm');
      const crm = await page.locator('[data-backup]').evaluateAll((els) => els.map((e) => e.dataset.backup));
      expect(crm).toEqual(
        rows
          .filter((r) => r.databases.includes('crm'))
          .map((r) => r.id)
          .reverse(),
      );
      await page.getByLabel('Database').selectOption('');
      await page.locator('button[data-sort="storedBytes"]').focus();
      await page.keyboard.press('Enter');
      const sizes = await page
        .locator('[data-backup]')
        .evaluateAll((els) => els.map((e) => e.dataset.backup));
      const bySize = [...rows].sort(
        (a, b) => b.storedBytes - a.storedBytes || (a.finishedAt < b.finishedAt ? 1 : -1),
      );
      expect(sizes).toEqual(bySize.map((r) => r.id));
      expect(await page.locator('th[aria-sort="descending"]').innerText()).toContain('Size');
      await page.screenshot({ path: join(SHOTS, 'backups.png'), fullPage: true });
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('“Back up now” starts a job, follows it to the end, and the new backup appears', async () => {
    const { context, page } = await open();
    try {
      await signIn(page, API_TOKEN);
      await page.locator('[data-stat="totalBackups"]').waitFor();
      const before = await listJson();
      await page.getByRole('button', { name: 'Back up now' }).click();
      await page
        .locator('#followed-jobs li[data-status="running"], #followed-jobs li[data-status="queued"]')
        .first()
        .waitFor();
      await page.locator('#followed-jobs li[data-status="succeeded"]').waitFor({ timeout: 120_000 });
      const after = await listJson();
      expect(after.length).toBeGreaterThan(before.length);
      await expect.poll(() => stat(page, 'totalBackups')).toBe(String(after.length));
      await page.getByRole('link', { name: 'Backups' }).click();
      for (const row of after.slice(before.length)) await page.locator(`[data-backup="${row.id}"]`).waitFor();
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('drills: last verdict per database, charts against targets, a report page and its JSON download', async () => {
    const { context, page } = await open();
    try {
      await signIn(page, API_TOKEN);
      await page.getByLabel('Drill of').selectOption('crm');
      await page.getByRole('button', { name: 'Run drill now' }).click();
      await page.locator('#followed-jobs li[data-status="succeeded"]').waitFor({ timeout: 120_000 });
      expect(await page.locator('#followed-jobs li').first().innerText()).toMatch(/drill\s+crm/);
      await page.getByRole('link', { name: 'Drills' }).click();
      await page.locator('#last-drills [data-drill]').first().waitFor();
      expect(await page.locator('#last-drills [data-drill]').count()).toBe(2);
      await page.locator('#rto-chart canvas').waitFor();
      await page.locator('#rpo-chart canvas').waitFor();
      expect(await page.locator('#rto-chart [role="img"]').getAttribute('aria-label')).toMatch(
        /^5 drills; latest RTO/,
      );
      await page.screenshot({ path: join(SHOTS, 'drills.png'), fullPage: true });

      const link = page
        .locator('#last-drills [data-drill]')
        .first()
        .getByRole('link', { name: 'Open report' });
      const id = decodeURIComponent((await link.getAttribute('href'))!.replace('#/drills/', ''));
      await link.click();
      await page.locator(`article[data-report="${id}"]`).waitFor();
      const report = await (
        await fetch(`${base}/api/v1/drills/${id}`, { headers: { authorization: `Bearer ${API_TOKEN}` } })
      ).json();
      expect(await page.locator('#report-checks tbody tr').count()).toBe(report.checks.length);
      expect(await page.locator('article').innerText()).toContain(report.backup_id);
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-report')]);
      expect(download.suggestedFilename()).toBe(`${id}.json`);
      expect(JSON.parse(readFileSync((await download.path())!, 'utf8'))).toEqual(report);
      await page.screenshot({ path: join(SHOTS, 'drill-report.png'), fullPage: true });
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('admin: restore and delete ask for the target typed out, then run; phone layout', async () => {
    const { context, page } = await open({ width: 390, height: 844 });
    try {
      await signIn(page, ADMIN_TOKEN);
      await page.locator('[data-stat="totalBackups"]').waitFor();
      expect(await page.locator('#role').innerText()).toBe('admin');
      await page.screenshot({ path: join(SHOTS, 'overview-phone.png'), fullPage: true });
      const rows = await listJson();
      const shop = rows.filter((r) => r.databases.includes('shop')).at(-1)!.id;
      await page.getByRole('link', { name: 'Backups' }).click();
      await page.getByRole('button', { name: `Restore ${shop}` }).click();
      await page.getByLabel('Target database', { exact: true }).fill('shop_restored');
      expect(await page.locator('#confirm-action').isDisabled()).toBe(true);
      await page.getByLabel(/to confirm/).fill('shop_restored');
      await page.locator('#confirm-action').click();
      await page
        .locator('#followed-jobs li[data-status="succeeded"]')
        .filter({ hasText: 'restore' })
        .waitFor({ timeout: 120_000 });
      const [source, restored] = await Promise.all([
        fingerprintDatabase(cluster.connection, 'shop'),
        fingerprintDatabase(cluster.connection, 'shop_restored'),
      ]);
      expect(diffFingerprints(source, restored)).toEqual([]);

      const oldest = rows[0]!.id;
      await page.getByRole('button', { name: `Delete ${oldest}` }).click();
      const confirm = page.locator('#confirm-action');
      expect(await confirm.isDisabled()).toBe(true);
      await page.getByLabel(/to confirm/).fill(oldest.slice(0, -1));
      expect(await confirm.isDisabled()).toBe(true);
      await page.getByLabel(/to confirm/).fill(oldest);
      expect(await confirm.isDisabled()).toBe(false);
      await page.screenshot({ path: join(SHOTS, 'delete-confirm.png') });
      await confirm.click();
      await page
        .locator('#followed-jobs li[data-status="succeeded"]')
        .filter({ hasText: 'delete' })
        .waitFor({ timeout: 60_000 });
      expect((await listJson()).map((r) => r.id)).not.toContain(oldest);
      await page.locator(`[data-backup="${oldest}"]`).waitFor({ state: 'detached' });
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
