/**
 * Restore drills against a real cluster, through the CLI: compliant, RPO breached (old manifest), RTO breached,
 * tampered, restore failing after the scratch database exists, a local throwaway cluster, history, secrets.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/core/config/load-config.ts';
import { runRestoreDrill } from '../src/core/drill/run-drill.ts';
import { clientConfig } from '../src/core/postgres/connection.ts';
import { type LocalCluster, startLocalCluster } from '../src/core/postgres/local-cluster.ts';
import { createDatabase, listDatabases } from '../src/core/postgres/server.ts';
import { renderDrillMarkdown } from '../src/core/report/drill-report.ts';
import { openStorage } from '../src/core/storage/open-storage.ts';
import { cliEnvFor, runCli, startCli } from './helpers/cli.ts';
import { tempRoot } from './helpers/temp-root.ts';

const temp = tempRoot('drill');

const PASSWORD = 'dr1ll-Secret-pw';
let cluster: LocalCluster;
let root: string;
let repo: string;
let env: Record<string, string>;
const schema = JSON.parse(
  readFileSync(new URL('../schemas/drill-report.schema.json', import.meta.url), 'utf8'),
);
const ajv = new Ajv2020.default({ allErrors: true, strict: false });
addFormats.default(ajv);
const validateReport = ajv.compile(schema);

async function sql(database: string, text: string): Promise<pg.QueryResult> {
  const client = new pg.Client(clientConfig(cluster.connection, database));
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

async function backup(
  database: string,
  e: Record<string, string> = env,
): Promise<{ id: string; objects: { key: string }[] }> {
  const result = await runCli(['--json', 'backup', '-d', database], { env: e });
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout).backups[0];
}

async function drill(args: string[], e: Record<string, string> = env) {
  const result = await runCli(['--json', 'drill', ...args], { env: e });
  const parsed = result.stdout ? JSON.parse(result.stdout) : undefined;
  return { ...result, report: parsed?.report, reportFile: parsed?.reportFile as string | null };
}

async function scratchDatabases(): Promise<string[]> {
  return (await listDatabases(cluster.connection)).filter((d) => d.startsWith('db_backup_drill_'));
}

beforeAll(async () => {
  cluster = await startLocalCluster({ password: PASSWORD });
  root = temp.dir('drill');
  repo = join(root, 'backups');
  env = cliEnvFor(cluster, PASSWORD, { BACKUP_STORAGE: repo });
  await createDatabase(cluster.connection, 'app');
  await sql(
    'app',
    `CREATE TABLE orders(id serial primary key, total numeric, note text);
     INSERT INTO orders(total, note) SELECT i * 1.5, 'order ' || i FROM generate_series(1, 5000) i;
     CREATE TABLE customers(id int primary key, name text);
     INSERT INTO customers SELECT i, 'c' || i FROM generate_series(1, 300) i;`,
  );
});

afterAll(async () => {
  await cluster?.stop();
});

describe('restore drills', () => {
  it('a fresh backup gives a compliant drill whose report validates against the schema', async () => {
    const { id } = await backup('app');
    const result = await drill(['--database', 'app']);
    expect(result.code, result.stderr).toBe(0);
    expect(validateReport(result.report), JSON.stringify(validateReport.errors)).toBe(true);
    expect(result.report).toMatchObject({
      status: 'success',
      backup_id: id,
      rpo_compliant: true,
      rto_compliant: true,
      rpo_target_minutes: 60,
      rto_target_minutes: 30,
      scratch: { dropped: true },
    });
    const names = result.report.checks.map((c: { name: string }) => c.name);
    expect(names).toEqual(
      expect.arrayContaining(['stored checksum', 'decryption', 'restore', 'row count public.orders']),
    );
    expect(
      result.report.checks.find((c: { name: string }) => c.name === 'row count public.orders').details,
    ).toBe('expected 5000, restored 5000');
    expect(result.reportFile).toMatch(/restore-tests\/monthly_drill_\d{8}T\d{6}Z-[0-9a-f]{6}\.json$/);
    expect(JSON.parse(readFileSync(result.reportFile!, 'utf8'))).toEqual(result.report);
    expect(await scratchDatabases()).toEqual([]);
    expect(renderDrillMarkdown(result.report)).toMatch(/Restore drill passed/);
  });

  it('an old backup breaches the RPO: rpo_compliant false, exit 3', async () => {
    const { id } = await backup('app');
    // Age the backup by rewriting its manifest's times: no sleeping.
    const path = join(repo, 'backups', id, 'manifest.json');
    const manifest = JSON.parse(readFileSync(path, 'utf8'));
    manifest.startedAt = new Date(Date.now() - 3 * 3_600_000 - 5000).toISOString();
    manifest.finishedAt = new Date(Date.now() - 3 * 3_600_000).toISOString();
    writeFileSync(path, JSON.stringify(manifest));
    const result = await drill(['--backup', id]);
    expect(result.code).toBe(3);
    expect(result.report).toMatchObject({
      status: 'non_compliant',
      rpo_compliant: false,
      rto_compliant: true,
    });
    expect(result.report.backup_age_minutes).toBeGreaterThan(179);
  });

  it('an injected clock ages a backup the same way (core API)', async () => {
    const { id } = await backup('app');
    const config = loadConfig({
      env: {},
      flags: { storage: repo, connection: { ...cluster.connection }, pgBinDir: cluster.binDir },
    });
    const report = await runRestoreDrill({
      config,
      storage: openStorage(repo),
      request: { backupId: id, rpo: '2h' },
      now: () => new Date(Date.now() + 150 * 60_000),
    });
    expect(report.rpo_compliant).toBe(false);
    expect(report.rpo_target_minutes).toBe(120);
    expect(report.status).toBe('non_compliant');
  });

  it('an impossible RTO gives rto_compliant false', async () => {
    await backup('app');
    const result = await drill(['--database', 'app', '--rto', '1ms']);
    expect(result.code).toBe(3);
    expect(result.report).toMatchObject({
      status: 'non_compliant',
      rto_compliant: false,
      rpo_compliant: true,
    });
  });

  it('a tampered backup fails with the failing check named, and no scratch database is left', async () => {
    const { id, objects } = await backup('app');
    const path = join(repo, objects[0]!.key);
    const bytes = readFileSync(path);
    bytes[bytes.length >> 1]! ^= 0xff;
    writeFileSync(path, bytes);
    const result = await drill(['--backup', id]);
    expect(result.code).toBe(3);
    expect(result.report.status).toBe('failure');
    expect(result.report.checks).toContainEqual(
      expect.objectContaining({ name: 'stored checksum', status: 'fail' }),
    );
    expect(result.report.error.code).toBe('VERIFICATION_FAILED');
    expect(validateReport(result.report)).toBe(true);
    expect(await scratchDatabases()).toEqual([]);
  });

  it('the scratch database is dropped when the restore fails after creating it', async () => {
    await createDatabase(cluster.connection, 'owned');
    await sql('owned', 'CREATE ROLE ghost; CREATE TABLE t(x int); ALTER TABLE t OWNER TO ghost');
    const { id } = await backup('owned');
    await sql('owned', 'ALTER TABLE t OWNER TO postgres; DROP ROLE ghost');
    const result = await drill(['--backup', id]);
    expect(result.code).toBe(3);
    expect(result.report.status).toBe('failure');
    expect(result.report.checks).toContainEqual(expect.objectContaining({ name: 'restore', status: 'fail' }));
    expect(result.report.checks.find((c: { name: string }) => c.name === 'restore').details).toMatch(/ghost/);
    expect(result.report.scratch.dropped).toBe(true);
    expect(await scratchDatabases()).toEqual([]);
  });

  it('drills into a throwaway local cluster, with user SQL checks from the config file', async () => {
    await backup('app');
    const configFile = join(root, 'db-backup.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        drill: {
          checks: [
            { name: 'orders exist', sql: 'SELECT count(*) FROM orders', expect: '5000' },
            { name: 'recent customers', sql: 'SELECT id FROM customers WHERE id > 250', minRows: 50 },
            { name: 'deliberately wrong', sql: 'SELECT 1', expect: '2' },
          ],
        },
      }),
    );
    const result = await runCli(
      ['--json', '--config', configFile, 'drill', '-d', 'app', '--scratch', 'local'],
      { env },
    );
    const report = JSON.parse(result.stdout).report;
    expect(report.scratch.location).toBe('local throwaway cluster');
    expect(report.checks).toContainEqual(
      expect.objectContaining({ name: 'sql: orders exist', status: 'pass' }),
    );
    expect(report.checks).toContainEqual(
      expect.objectContaining({ name: 'sql: recent customers', status: 'pass' }),
    );
    expect(report.checks).toContainEqual(
      expect.objectContaining({
        name: 'sql: deliberately wrong',
        status: 'fail',
        details: 'expected "2", got "1"',
      }),
    );
    expect(report.status).toBe('failure');
    expect(result.code).toBe(3);
  });

  it('a drill that cannot run (no backup of that database) exits 1 with a failure report', async () => {
    const result = await drill(['--database', 'never_backed_up']);
    expect(result.code).toBe(1);
    expect(result.report).toMatchObject({
      status: 'failure',
      backup_id: null,
      error: { code: 'BACKUP_NOT_FOUND' },
    });
    expect(validateReport(result.report)).toBe(true);
  });

  it('drill history lists past drills with compliance rate and RTO trend', async () => {
    const own = { ...env, BACKUP_STORAGE: join(temp.dir('history'), 'backups') };
    await backup('app', own);
    expect((await drill(['--database', 'app'], own)).code).toBe(0);
    expect((await drill(['--database', 'app', '--rto', '1ms'], own)).code).toBe(3);
    const result = await runCli(['--json', 'drill', 'history', '--database', 'app'], { env: own });
    expect(result.code, result.stderr).toBe(0);
    const history = JSON.parse(result.stdout);
    expect(history.total).toBe(2);
    expect(history.compliant).toBe(1);
    expect(history.complianceRate).toBe(0.5);
    expect(history.rtoTrendMinutes).toHaveLength(2);
    const human = await runCli(['drill', 'history'], { env: own });
    expect(human.stdout).toMatch(/1\/2 compliant \(50%\)/);
  });

  it('no secret appears in any report, with the scratch URL (password included) from the environment', async () => {
    await backup('app');
    const url = `postgres://postgres:${PASSWORD}@127.0.0.1:${cluster.connection.port}/postgres`;
    const result = await runCli(['--json', 'drill', '-d', 'app'], {
      env: { ...env, BACKUP_DRILL_SCRATCH_URL: url },
    });
    expect(result.code, result.stderr).toBe(0);
    const all = [result.stdout, result.stderr, readFileSync(JSON.parse(result.stdout).reportFile, 'utf8')];
    for (const text of all) expect(text).not.toContain(PASSWORD);
    expect(JSON.parse(result.stdout).report.scratch.location).toBe(`127.0.0.1:${cluster.connection.port}`);
  });
});

describe('interrupts', () => {
  it('Ctrl-C during the restore: the drill stops, reports a failure and drops the scratch database', async () => {
    await createDatabase(cluster.connection, 'bulky');
    await sql(
      'bulky',
      `CREATE TABLE r(id bigint, a text, b text);
       INSERT INTO r SELECT g, md5(g::text), md5((g * 3)::text) FROM generate_series(1, 1500000) g;
       CREATE INDEX ON r(a); CREATE INDEX ON r(b);`,
    );
    const { id } = await backup('bulky');
    const run = startCli(['--json', 'drill', '--backup', id], { env });
    const deadline = Date.now() + 60_000;
    while ((await scratchDatabases()).length === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(await scratchDatabases()).toHaveLength(1);
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.code).not.toBe(0);
    const report = JSON.parse(result.stdout).report;
    expect(report.status).toBe('failure');
    expect(report.scratch.dropped).toBe(true);
    expect(validateReport(report)).toBe(true);
    expect(await scratchDatabases()).toEqual([]);
  });
});

describe('backup reports', () => {
  it('every backup writes a JSON report beside the local repository and a copy inside it, failures too', async () => {
    const own = temp.dir('reports');
    const repo = join(own, 'backups');
    const env2 = { ...env, BACKUP_STORAGE: repo };
    const ok = await runCli(['--json', 'backup', '-d', 'app'], { env: env2 });
    expect(ok.code, ok.stderr).toBe(0);
    const { id } = JSON.parse(ok.stdout).backups[0];
    const logs = join(repo, 'logs');
    const local = readdirSync(logs).filter((f) => f.startsWith('backup_report_') && f.includes(id));
    expect(local).toHaveLength(1);
    const report = JSON.parse(readFileSync(join(logs, local[0]!), 'utf8'));
    expect(report).toMatchObject({ backupId: id, status: 'success', databases: ['app'], error: null });
    expect(report.storedBytes).toBeGreaterThan(0);
    expect(JSON.parse(readFileSync(join(repo, 'reports', 'backups', `${id}.json`), 'utf8'))).toEqual(report);

    const failed = await runCli(['--json', 'backup', '-d', 'app', '--table', 'no_such_table'], { env: env2 });
    expect(failed.code).toBe(1);
    const failures = readdirSync(logs)
      .filter((f) => f.startsWith('backup_report_'))
      .map((f) => JSON.parse(readFileSync(join(logs, f), 'utf8')))
      .filter((r) => r.status === 'failed');
    expect(failures).toHaveLength(1);
    expect(failures[0].error.code).toBe('DUMP_FAILED');
    expect(failures[0].error.message).toMatch(/no_such_table|no matching tables/);
    expect(JSON.stringify(failures[0])).not.toContain(PASSWORD);
    expect(existsSync(join(repo, 'reports', 'backups', `${failures[0].backupId}.json`))).toBe(true);
  });
});
