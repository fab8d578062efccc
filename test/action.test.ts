/**
 * The bundled Action (`dist/action/index.js`) run as a GitHub runner runs it: inputs as `INPUT_*` variables,
 * outputs and the job summary through the `GITHUB_OUTPUT` / `GITHUB_STEP_SUMMARY` files, artifacts through the
 * real `@actions/artifact` client against a loopback stand-in of the artifact service. A real cluster.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withClient } from '../src/core/postgres/connection.ts';
import { type LocalCluster, startLocalCluster } from '../src/core/postgres/local-cluster.ts';
import { createDatabase } from '../src/core/postgres/server.ts';
import { loadSampleData } from '../src/demo/load-sample-data.ts';
import { type ArtifactService, startArtifactService } from './helpers/artifact-service.ts';
import { archiveEverything, postgresOwnedDir, startArchivingCluster } from './helpers/wal-cluster.ts';

const ACTION = fileURLToPath(new URL('../dist/action/index.js', import.meta.url));
const PASSWORD = 'act1on-Secret-pw';
let cluster: LocalCluster;
let service: ArtifactService;
let root: string;
let repo: string;
let step = 0;

interface StepResult {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  workspace: string;
}

/** Parses the GITHUB_OUTPUT file format (`name<<delimiter`, value lines, `delimiter`). */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i]!);
    if (!m) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]!);
    outputs[m[1]!] = value.join('\n');
  }
  return outputs;
}

/** Runs the bundled Action once with `inputs` (kebab-case names, as in action.yml). */
function runStep(inputs: Record<string, string>, extraEnv: Record<string, string> = {}): Promise<StepResult> {
  const dir = join(root, `step-${++step}`);
  const workspace = join(dir, 'workspace');
  execFileSync('mkdir', ['-p', workspace]);
  const outputFile = join(dir, 'output');
  const summaryFile = join(dir, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const base = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !/^(PG|BACKUP_|DATABASE_URL|POSTGRES_|INPUT_|GITHUB_|RUNNER_)/.test(k),
    ),
  );
  const env: Record<string, string> = {
    ...base,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_WORKSPACE: workspace,
    GITHUB_RUN_ID: '987',
    GITHUB_RUN_ATTEMPT: '2',
    GITHUB_JOB: 'drill',
    GITHUB_SERVER_URL: 'https://github.com',
    ACTIONS_RESULTS_URL: service.url,
    ACTIONS_RUNTIME_TOKEN: service.token,
    RUNNER_TEMP: dir,
    ...extraEnv,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [ACTION], {
      env,
      cwd: workspace,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({
        code,
        stdout,
        stderr,
        outputs: parseOutputs(readFileSync(outputFile, 'utf8')),
        summary: readFileSync(summaryFile, 'utf8'),
        workspace,
      });
    });
  });
}

const connectionInputs = () => ({
  'database-url': `postgres://postgres:${PASSWORD}@127.0.0.1:${cluster.connection.port}/shop`,
  'pg-bin-dir': cluster.binDir,
  storage: repo,
});

/** No secret where a user can see it (`::add-mask::` commands are consumed by the runner, never shown). */
function expectNoSecret(result: StepResult): void {
  const stdout = result.stdout.replace(/^::add-mask::.*$/gm, '');
  for (const text of [stdout, result.stderr, result.summary, JSON.stringify(result.outputs)]) {
    expect(text).not.toContain(PASSWORD);
  }
}

/** The entries of a zip (names → text), read with python's zipfile (a reader independent of the uploader). */
function unzip(zip: Buffer): Record<string, string> {
  const file = join(root, `artifact-${Date.now()}.zip`);
  writeFileSync(file, zip);
  const out = execFileSync('python3', [
    '-c',
    'import json,sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); print(json.dumps({n: z.read(n).decode() for n in z.namelist()}))',
    file,
  ]);
  return JSON.parse(out.toString('utf8'));
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'dbb-action-'));
  repo = join(root, 'repo');
  [cluster, service] = await Promise.all([startLocalCluster({ password: PASSWORD }), startArtifactService()]);
  await createDatabase(cluster.connection, 'shop');
  await loadSampleData(cluster.connection, 'shop');
});

afterAll(async () => {
  await Promise.all([cluster?.stop(), service?.close()]);
  rmSync(root, { recursive: true, force: true });
});

describe('the bundled Action against a real cluster', () => {
  it('backs up, then drills: outputs, job summary, uploaded drill report, no secret anywhere', async () => {
    const backup = await runStep({ command: 'backup', ...connectionInputs() });
    expect(backup.code, backup.stdout + backup.stderr).toBe(0);
    expect(backup.outputs['backup-id']).toMatch(/^\d{8}T\d{6}Z-shop-[0-9a-f]+$/);
    expect(backup.outputs['backup-sha256']).toMatch(/^[0-9a-f]{64}$/);
    expect(Number(backup.outputs['backup-size-bytes'])).toBeGreaterThan(1000);
    expect(backup.outputs.status).toBe('success');
    expect(backup.summary).toContain('Backup succeeded');
    expect(backup.summary).toContain(backup.outputs['backup-id']);
    expect(backup.stdout).toContain('::group::db-backup backup');
    expectNoSecret(backup);

    const drill = await runStep({
      command: 'drill',
      database: 'shop',
      ...connectionInputs(),
      'retention-days': '7',
    });
    expect(drill.code, drill.stdout + drill.stderr).toBe(0);
    expect(drill.outputs.status).toBe('success');
    expect(drill.outputs['backup-id']).toBe(backup.outputs['backup-id']);
    expect(drill.outputs['rpo-compliant']).toBe('true');
    expect(drill.outputs['rto-compliant']).toBe('true');
    expect(Number(drill.outputs['backup-age-minutes'])).toBeGreaterThanOrEqual(0);
    expect(drill.summary).toContain('Restore drill passed');
    expectNoSecret(drill);

    const report = JSON.parse(readFileSync(drill.outputs['report-path']!, 'utf8'));
    expect(report.backup_id).toBe(backup.outputs['backup-id']);
    const artifact = service.artifacts.get('db-backup-drill-drill-987-2');
    expect(artifact?.finalized).toBe(true);
    expect(artifact?.expiresAt).toBeDefined();
    const entries = unzip(artifact!.zip);
    const jsonName = Object.keys(entries).find((n) => n.endsWith('.json'))!;
    expect(JSON.parse(entries[jsonName]!)).toEqual(report);
    expect(Object.keys(entries).some((n) => n.endsWith('.md'))).toBe(true);
    for (const text of Object.values(entries)) expect(text).not.toContain(PASSWORD);
  });

  it('on GitHub Enterprise Server without artifacts: a warning, the summary, and the step still passes', async () => {
    await runStep({ command: 'backup', ...connectionInputs() });
    const before = service.artifacts.size;
    const status = await runStep(
      { command: 'status', storage: repo, 'artifact-name': 'ghes' },
      { GITHUB_SERVER_URL: 'https://ghes.example.internal' },
    );
    expect(status.code, status.stdout).toBe(0);
    expect(status.stdout).toMatch(
      /::warning::artifact upload is not supported on this GitHub Enterprise Server/,
    );
    expect(status.summary).toContain('within its RPO');
    expect(service.artifacts.size).toBe(before);
  });

  it('status fails the step when the newest backup is past the RPO', async () => {
    await runStep({ command: 'backup', ...connectionInputs() });
    // Ages are reported to a tenth of a minute: 4 s is 0.1 min, past an RPO of 0.01 min.
    await new Promise((r) => setTimeout(r, 4000));
    const status = await runStep({
      command: 'status',
      storage: repo,
      'rpo-minutes': '0.01',
      'upload-report': 'false',
    });
    expect(status.code).toBe(1);
    expect(status.outputs['rpo-compliant']).toBe('false');
    expect(status.stdout).toMatch(/::error title=db-backup status::past the RPO or failing: shop/);
  });

  it('compliance-report writes JSON (schema-valid), Markdown and an SVG chart, and uploads them', async () => {
    await runStep({ command: 'drill', database: 'shop', ...connectionInputs(), 'upload-report': 'false' });
    const result = await runStep({
      command: 'compliance-report',
      storage: repo,
      since: '1d',
      'fail-on-non-compliance': 'false',
    });
    expect(result.code, result.stdout).toBe(0);
    const report = JSON.parse(readFileSync(result.outputs['report-path']!, 'utf8'));
    const schema = JSON.parse(
      readFileSync(new URL('../schemas/compliance-report.schema.json', import.meta.url), 'utf8'),
    );
    const ajv = new Ajv2020.default({ allErrors: true, strict: false });
    addFormats.default(ajv);
    expect(ajv.validate(schema, report), JSON.stringify(ajv.errors)).toBe(true);
    const shop = report.databases.find((d: { database: string }) => d.database === 'shop');
    expect(shop.backupSuccesses).toBeGreaterThanOrEqual(2);
    expect(shop.drills.length).toBeGreaterThanOrEqual(2);
    expect(result.summary).toContain('Backup compliance');
    const artifact = service.artifacts.get('db-backup-compliance-report-drill-987-2');
    const names = Object.keys(unzip(artifact!.zip));
    expect(names.sort()).toEqual([
      'compliance-report.json',
      'compliance-report.md',
      'compliance-rpo-rto.svg',
    ]);
  });
});

describe('WAL commands: base-backup, a point-in-time drill, wal-simulate', () => {
  let archiving: LocalCluster;
  let walRepo: { path: string; remove(): Promise<void> };
  const schemaOf = (name: string) =>
    JSON.parse(readFileSync(new URL(`../schemas/${name}.schema.json`, import.meta.url), 'utf8'));
  const ajv = new Ajv2020.default({ allErrors: true, strict: false });
  addFormats.default(ajv);

  beforeAll(async () => {
    walRepo = await postgresOwnedDir('dbb-action-wal-');
    archiving = await startArchivingCluster(walRepo.path, PASSWORD);
  }, 120_000);
  afterAll(async () => {
    await archiving?.stop();
    await walRepo?.remove();
  });

  it('base-backup, then drill with pitr: true recovers every archived commit; reports uploaded', async () => {
    const inputs = {
      'database-url': `postgres://postgres:${PASSWORD}@127.0.0.1:${archiving.connection.port}/postgres`,
      'pg-bin-dir': archiving.binDir,
      storage: walRepo.path,
    };
    await withClient(archiving.connection, 'postgres', (c) =>
      c.query('CREATE TABLE t AS SELECT g AS id FROM generate_series(1, 50) g'),
    );
    const base = await runStep({ command: 'base-backup', ...inputs, 'artifact-name': 'base' });
    expect(base.code, base.stdout + base.stderr).toBe(0);
    expect(base.outputs['backup-id']).toMatch(/^\d{8}T\d{6}Z-/);
    expect(base.outputs['backup-sha256']).toMatch(/^[0-9a-f]{64}$/);
    expect(base.summary).toContain('Base backup succeeded');
    expectNoSecret(base);
    const manifest = JSON.parse(readFileSync(base.outputs['report-path']!, 'utf8'));
    expect(manifest).toMatchObject({ id: base.outputs['backup-id'], kind: 'base' });
    expect(Object.keys(unzip(service.artifacts.get('base-drill-987-2')!.zip))).toEqual(['base-backup.json']);

    await withClient(archiving.connection, 'postgres', (c) =>
      c.query('INSERT INTO t SELECT generate_series(51, 80)'),
    );
    await archiveEverything(archiving);
    // No database-url: a point-in-time drill runs its own throwaway cluster.
    const drill = await runStep({
      command: 'drill',
      pitr: 'true',
      storage: walRepo.path,
      'pg-bin-dir': archiving.binDir,
      'artifact-name': 'pitr',
    });
    expect(drill.code, drill.stdout + drill.stderr).toBe(0);
    expect(drill.outputs.status).toBe('success');
    expect(drill.outputs['backup-id']).toBe(base.outputs['backup-id']);
    expect(drill.summary).toContain('point in time: target latest');
    const report = JSON.parse(readFileSync(drill.outputs['report-path']!, 'utf8'));
    expect(ajv.validate(schemaOf('drill-report'), report), JSON.stringify(ajv.errors)).toBe(true);
    expect(report.measures.rows_checked).toBe(80);
    const entries = unzip(service.artifacts.get('pitr-drill-987-2')!.zip);
    expect(Object.keys(entries).some((n) => n.endsWith('.md'))).toBe(true);
  });

  it('wal-simulate uploads a schema-valid report and sets achieved-rpo-seconds and compliant', async () => {
    const result = await runStep({
      command: 'wal-simulate',
      'pg-bin-dir': archiving.binDir,
      'simulate-duration': '3',
      'simulate-rate': '5',
      'simulate-targets': '1',
      'artifact-name': 'walsim',
    });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.outputs.compliant).toBe('true');
    expect(result.outputs.status).toBe('success');
    const report = JSON.parse(readFileSync(result.outputs['report-path']!, 'utf8'));
    expect(ajv.validate(schemaOf('wal-simulation-report'), report), JSON.stringify(ajv.errors)).toBe(true);
    expect(Number(result.outputs['achieved-rpo-seconds'])).toBe(report.achieved_rpo_seconds);
    expect(report.targets[0].status).toBe('pass');
    expect(result.summary).toContain('WAL archiving simulation compliant');
    expect(result.summary).toContain(report.targets[0].target_time);
    const names = Object.keys(unzip(service.artifacts.get('walsim-drill-987-2')!.zip)).sort();
    expect(names).toEqual([`${report.simulation_id}.json`, `${report.simulation_id}.md`]);
  });
});

describe('bad inputs fail the step naming the input', () => {
  const cases: [string, Record<string, string>, RegExp][] = [
    ['unknown command', { command: 'explode', storage: '/tmp/x' }, /command must be one of: backup, restore/],
    [
      'non-numeric rpo-minutes',
      { command: 'status', 'rpo-minutes': 'soon' },
      /rpo-minutes: rpo-minutes must be a number/,
    ],
    ['missing database-url', { command: 'backup' }, /database-url: required for command backup/],
    [
      'malformed storage URL',
      { command: 'status', storage: 'ftp://bucket/x' },
      /storage: storage must be a path, file:/,
    ],
    [
      'database-url that is not postgres://',
      { command: 'backup', 'database-url': 'mysql://u:p@h/db' },
      /database-url: must start with postgres/,
    ],
  ];
  it.each(cases)('%s', async (_name, inputs, expected) => {
    const result = await runStep(inputs);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/::error title=db-backup invalid inputs::/);
    expect(result.stdout).toMatch(expected);
    expect(result.stdout).not.toMatch(/\n\s+at /);
  });

  it('a password in a bad database-url is masked before the failure is reported', async () => {
    const result = await runStep({ command: 'backup', 'database-url': `mysql://u:${PASSWORD}@h/db` });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`::add-mask::${PASSWORD}`);
    expect(result.stdout.replace(/^::add-mask::.*$/gm, '')).not.toContain(PASSWORD);
  });
});
