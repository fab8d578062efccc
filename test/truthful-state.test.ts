/**
 * Failed and interrupted runs leave a truthful state: `status` shows a database whose latest run failed as
 * FAILING (exit 3) with the failure and its time; drill history filters by database and failed drills record
 * theirs; local drill reports are named by drill id; local report copies stay inside the repository.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type LocalCluster, startLocalCluster } from '../src/core/postgres/local-cluster.ts';
import { createDatabase } from '../src/core/postgres/server.ts';
import { loadSampleData } from '../src/demo/load-sample-data.ts';
import { cliEnvFor, runCli } from './helpers/cli.ts';

const PASSWORD = 'truth-Secret-pw';
let cluster: LocalCluster;
let root: string;
let repo: string;
let env: Record<string, string>;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'dbb-truth-'));
  repo = join(root, 'repo');
  cluster = await startLocalCluster({ password: PASSWORD });
  env = cliEnvFor(cluster, PASSWORD, { BACKUP_STORAGE: repo });
  await createDatabase(cluster.connection, 'shop');
  await loadSampleData(cluster.connection, 'shop');
});

afterAll(async () => {
  await cluster?.stop();
  rmSync(root, { recursive: true, force: true });
});

it('status: a database whose latest run failed is FAILING (exit 3) with the failure and its time', async () => {
  expect((await runCli(['backup', '-d', 'shop'], { env })).code).toBe(0);
  const fresh = await runCli(['status'], { env });
  expect(fresh.code, fresh.stdout).toBe(0);
  expect(fresh.stdout).toMatch(/^OK\s+shop: latest/m);
  const failed = await runCli(['backup', '-d', 'shop', '--table', 'no_such_table'], { env });
  expect(failed.code).toBe(1);
  // The failed run left its report and no (empty) backup directory.
  for (const id of readdirSync(join(repo, 'backups')))
    expect(readdirSync(join(repo, 'backups', id))).toContain('manifest.json');
  const status = await runCli(['status'], { env });
  expect(status.code).toBe(3);
  expect(status.stdout).toMatch(
    /^FAILING\s+shop: latest \S+, .*; the last run failed at \d{4}-\d\d-\d\dT[\d:.]+Z: DUMP_FAILED: /m,
  );
  const json = JSON.parse((await runCli(['--json', 'status'], { env })).stdout);
  expect(json.databases[0]).toMatchObject({
    database: 'shop',
    state: 'failing',
    lastFailure: { code: 'DUMP_FAILED' },
  });
  // A successful run afterwards clears it.
  expect((await runCli(['backup', '-d', 'shop'], { env })).code).toBe(0);
  expect((await runCli(['status'], { env })).code).toBe(0);
});

it('local report copies go inside the repository, never into its parent directory', () => {
  expect(readdirSync(join(repo, 'logs')).some((f) => f.startsWith('backup_report_'))).toBe(true);
  expect(existsSync(join(dirname(repo), 'logs'))).toBe(false);
});

it('drill history filters by database; failed drills record theirs; local reports are named by drill id', async () => {
  const ok = await runCli(['--json', 'drill', '-d', 'shop'], { env });
  expect(ok.code, ok.stderr).toBe(0);
  const { report, reportFile } = JSON.parse(ok.stdout);
  expect(reportFile).toBe(
    join(repo, 'restore-tests', `monthly_drill_${report.drill_id.replace(/^drill-/, '')}.json`),
  );
  const missing = await runCli(['--json', 'drill', '-d', 'nosuch'], { env });
  expect(JSON.parse(missing.stdout).report).toMatchObject({ database: 'nosuch', status: 'failure' });
  const shop = JSON.parse((await runCli(['--json', 'drill', 'history', '-d', 'shop'], { env })).stdout);
  expect(shop.drills.map((d: { database: string }) => d.database)).toEqual(['shop']);
  expect(shop.complianceRate).toBe(1);
  const nosuch = JSON.parse((await runCli(['--json', 'drill', 'history', '-d', 'nosuch'], { env })).stdout);
  expect(nosuch).toMatchObject({ total: 1, compliant: 0 });
  expect(readdirSync(join(repo, 'restore-tests'))).toHaveLength(2);
});

it('list shows tags, and list --all shows failed runs too; human output rounds minutes', async () => {
  expect((await runCli(['backup', '-d', 'shop', '--tag', 'before-migration'], { env })).code).toBe(0);
  const list = await runCli(['list'], { env });
  expect(list.stdout).toMatch(/TAGS/);
  expect(list.stdout).toContain('before-migration');
  const all = JSON.parse((await runCli(['--json', 'list', '--all'], { env })).stdout) as {
    state: string;
    error?: string;
  }[];
  expect(all.some((r) => r.state === 'failed' && /DUMP_FAILED/.test(r.error ?? ''))).toBe(true);
  expect(all.filter((r) => r.state === 'complete').length).toBeGreaterThanOrEqual(3);
  const human = await runCli(['list', '--all'], { env });
  expect(human.stdout).toMatch(/^failed\s+\S+-shop-/m);
  const drill = await runCli(['drill', '-d', 'shop', '--rpo', '10s'], { env });
  expect(drill.stdout).toMatch(/RPO [\d.]+\/0\.17 min/);
  expect(drill.stdout).not.toMatch(/0\.1666/);
});
