/**
 * `drill --pitr` with real clusters: a source archiving with our wal-push (commit timestamps tracked, so the
 * rows committed up to any time are known exactly), base backups, and point-in-time drills to a time, to a
 * random time and to the newest archived WAL. Each report validates against the published schema, the
 * recovered copy holds exactly the rows committed up to its target, the throwaway cluster is gone
 * afterwards (also after Ctrl-C), and the production WAL area's object list is unchanged.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/core/config/load-config.ts';
import { runPitrDrill } from '../src/core/drill/run-pitr-drill.ts';
import { withClient } from '../src/core/postgres/connection.ts';
import { type LocalCluster, startLocalCluster } from '../src/core/postgres/local-cluster.ts';
import { LocalStorage } from '../src/core/storage/local.ts';
import { cliEnvFor, runCli, startCli } from './helpers/cli.ts';
import {
  archiveEverything,
  NODE,
  postgresOwnedDir,
  WAL_ENTRY,
  walPushCommand,
} from './helpers/wal-cluster.ts';

const PASSWORD = 'pitr-dr1ll-pw';
let cluster: LocalCluster;
let repo: { path: string; remove(): Promise<void> };
let scratchRoot: { path: string; remove(): Promise<void> };
let configFile: string;
const marks: { midTime?: string } = {};
const ajv = new Ajv2020.default({ allErrors: true, strict: false });
addFormats.default(ajv);
const validateReport = ajv.compile(
  JSON.parse(readFileSync(new URL('../schemas/drill-report.schema.json', import.meta.url), 'utf8')),
);

// The drills' scratch directories go to a temp directory of this file's own (TMPDIR), so other suites' drills
// running at the same time never look like something left behind.
const env = () =>
  cliEnvFor(cluster, PASSWORD, {
    BACKUP_STORAGE: repo.path,
    BACKUP_CONFIG: configFile,
    TMPDIR: scratchRoot.path,
  });
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const q = <T extends Record<string, unknown>>(text: string, values: unknown[] = []) =>
  withClient(cluster.connection, 'postgres', async (c) => (await c.query<T>(text, values)).rows);
const utcNow = async () =>
  (
    await q<{ t: string }>(
      'SELECT to_char(clock_timestamp() AT TIME ZONE \'UTC\', \'YYYY-MM-DD"T"HH24:MI:SS.US"Z"\') AS t',
    )
  )[0]!.t;
/** Rows of t committed at or before `time` (null: all of them), from the source's commit timestamps. */
const rowsCommittedBy = async (time: string | null) =>
  Number(
    (
      await q<{ n: string }>(
        'SELECT count(*)::text AS n FROM t WHERE $1::timestamptz IS NULL OR pg_xact_commit_timestamp(xmin) <= $1::timestamptz',
        [time],
      )
    )[0]!.n,
  );
/** What the `rows in t` SQL check found in the recovered copy. */
const recoveredRows = (report: { checks: { name: string; details: string }[] }) => {
  const check = report.checks.find((c) => c.name === 'sql: rows in t');
  return Number(/first value "(\d+)"/.exec(check?.details ?? '')?.[1]);
};
const walObjects = async () =>
  (await new LocalStorage(repo.path).list('wal/')).map((o) => `${o.key} ${o.size}`).sort();
const scratchDirs = () => readdirSync(scratchRoot.path).filter((n) => n.startsWith('db-backup-pitr-drill-'));

/** Whether `pid` has exited (or is a zombie), waiting up to 10 s. */
async function processGone(pid: number): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0);
      if (/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))) return true;
    } catch {
      return true;
    }
    await pause(100);
  }
  return false;
}

async function insertBatch(from: number, to: number) {
  await q('INSERT INTO t SELECT g, md5(g::text) FROM generate_series($1::int, $2::int) g', [from, to]);
}

async function drill(args: string[]) {
  const result = await runCli(['--json', 'drill', '--pitr', ...args], { env: env() });
  const parsed = result.stdout ? JSON.parse(result.stdout) : undefined;
  return { ...result, report: parsed?.report };
}

beforeAll(async () => {
  repo = await postgresOwnedDir('dbb-pitr-drill-repo-');
  scratchRoot = await postgresOwnedDir('dbb-pitr-drill-tmp-');
  configFile = join(repo.path, 'drill-config.json');
  writeFileSync(
    configFile,
    JSON.stringify({ drill: { checks: [{ name: 'rows in t', sql: 'SELECT count(*) FROM t', minRows: 1 }] } }),
  );
  cluster = await startLocalCluster({
    password: PASSWORD,
    settings: {
      wal_level: 'replica',
      archive_mode: 'on',
      archive_command: walPushCommand(repo.path),
      archive_timeout: '0',
      track_commit_timestamp: 'on',
    },
  });
  await q('CREATE TABLE t (id int primary key, note text)');
  await insertBatch(1, 100);
  const base = await runCli(['base-backup'], { env: env() });
  expect(base.code, base.stderr).toBe(0);
  for (let batch = 1; batch <= 4; batch++) {
    await pause(400);
    await insertBatch(batch * 100 + 1, batch * 100 + 100);
    if (batch === 2) {
      await pause(600);
      marks.midTime = await utcNow();
      await pause(600);
    }
  }
  await archiveEverything(cluster);
}, 300_000);

afterAll(async () => {
  await cluster?.stop();
  await repo?.remove();
  await scratchRoot?.remove();
});

describe('drill --pitr', () => {
  it('recovers to a time: exactly the rows committed before it, schema-valid report, nothing left behind', async () => {
    const walBefore = await walObjects();
    const dirsBefore = scratchDirs();
    const result = await drill(['--target-time', marks.midTime!, '--rpo', '60m', '--rto', '30m']);
    expect(result.code, result.stderr + result.stdout).toBe(0);
    const report = result.report;
    expect(validateReport(report), JSON.stringify(validateReport.errors)).toBe(true);
    expect(report.status).toBe('success');
    expect(recoveredRows(report)).toBe(300);
    expect(await rowsCommittedBy(marks.midTime!)).toBe(300);
    expect(report.pitr.target_time).toBe(new Date(marks.midTime!).toISOString());
    expect(Date.parse(report.pitr.recovered_to)).toBeLessThanOrEqual(Date.parse(marks.midTime!));
    expect(report.pitr.base_backup_id).toBe(report.backup_id);
    // RPO is the age of the newest archived WAL, not of the base backup.
    const walAge =
      (Date.parse(report.drill_timestamp) - Date.parse(report.pitr.newest_wal_archived_at)) / 60_000;
    expect(report.backup_age_minutes).toBeCloseTo(walAge, 2);
    expect(report.backup_age_minutes).toBeLessThan(
      (Date.parse(report.drill_timestamp) - Date.parse(report.backup_finished_at)) / 60_000,
    );
    const names = report.checks.map((c: { name: string; status: string }) => `${c.name}:${c.status}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'decryption:skip',
        'stored checksum:pass',
        'point-in-time recovery:pass',
        'recovery target:pass',
        'tables readable postgres:pass',
        'sql: rows in t:pass',
        'production WAL area untouched:pass',
      ]),
    );
    expect(report.measures.rows_checked).toBe(300);
    expect(report.scratch.dropped).toBe(true);
    expect(scratchDirs()).toEqual(dirsBefore);
    expect(await walObjects()).toEqual(walBefore);
    const restoreMs = report.timings_ms.fetch_and_verify + report.timings_ms.restore;
    expect(report.restore_duration_minutes).toBeCloseTo(restoreMs / 60_000, 2);
  });

  it('recovers to a random time inside the window, and to the newest archived WAL by default', async () => {
    const walBefore = await walObjects();
    const config = loadConfig({ env: env() });
    const storage = new LocalStorage(repo.path);
    const walCommand = { node: NODE, script: WAL_ENTRY };
    const random = await runPitrDrill({
      config,
      storage,
      walCommand,
      random: () => 0.6,
      request: { targetTime: 'random' },
    });
    expect(random.status, JSON.stringify(random.error)).toBe('success');
    expect(validateReport(random), JSON.stringify(validateReport.errors)).toBe(true);
    const target = random.pitr!.target_time!;
    expect(Date.parse(target)).toBeGreaterThanOrEqual(Date.parse(random.pitr!.window!.earliest));
    expect(target > random.backup_finished_at!).toBe(true);
    expect(recoveredRows(random)).toBe(await rowsCommittedBy(target));

    const latest = await runPitrDrill({ config, storage, walCommand, request: {} });
    expect(latest.status, JSON.stringify(latest.error)).toBe('success');
    expect(latest.pitr!.target).toBe('latest');
    expect(recoveredRows(latest)).toBe(500);
    expect(latest.checks.find((c) => c.name === 'recovery target')?.status).toBe('pass');
    expect(await walObjects()).toEqual(walBefore);
  });

  it('the bundled CLI (dist) finds its WAL entry for restore_command', async () => {
    const bundled = fileURLToPath(new URL('../dist/cli/index.js', import.meta.url));
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [bundled, '--json', 'drill', '--pitr'], {
        env: { ...process.env, ...env() },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
      child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).report.status).toBe('success');
  });

  it('fails clearly for targets it cannot reach or read, and for flags that do not apply', async () => {
    const early = await drill(['--target-time', '2000-01-01T00:00:00Z']);
    expect(early.code).toBe(1);
    expect(early.report.status).toBe('failure');
    expect(early.report.error.code).toBe('PITR_TARGET_OUT_OF_RANGE');
    expect(early.report.scratch.dropped).toBe(true);
    expect(validateReport(early.report), JSON.stringify(validateReport.errors)).toBe(true);
    const bad = await runCli(['drill', '--pitr', '--target-time', 'yesterday'], { env: env() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/is not a time/);
    const noPitr = await runCli(['drill', '--target-time', 'random'], { env: env() });
    expect(noPitr.code).toBe(2);
    expect(noPitr.stderr).toMatch(/--target-time needs --pitr/);
    const scratch = await runCli(['drill', '--pitr', '--scratch', 'local'], { env: env() });
    expect(scratch.code).toBe(2);
    expect(scratch.stderr).toMatch(/--scratch do not apply/);
  });

  it('Ctrl-C during recovery stops and removes the throwaway cluster', async () => {
    // A base backup whose configuration delays replay by an hour: recovery waits, deterministically.
    await q("ALTER SYSTEM SET recovery_min_apply_delay = '1h'");
    await q('SELECT pg_reload_conf()');
    const base = await runCli(['base-backup'], { env: env() });
    expect(base.code, base.stderr).toBe(0);
    await insertBatch(1001, 1010);
    await archiveEverything(cluster);
    const walBefore = await walObjects();
    const dirsBefore = scratchDirs();
    const running = startCli(['drill', '--pitr'], { env: env() });
    let pidFile: string | undefined;
    for (let i = 0; i < 600 && !pidFile; i++) {
      await pause(200);
      const dir = scratchDirs().find((d) => !dirsBefore.includes(d));
      if (dir && existsSync(join(scratchRoot.path, dir, 'data', 'postmaster.pid')))
        pidFile = join(scratchRoot.path, dir, 'data', 'postmaster.pid');
    }
    expect(pidFile, 'the throwaway cluster started').toBeDefined();
    const serverPid = Number(readFileSync(pidFile!, 'utf8').split('\n')[0]);
    await pause(1000);
    running.child.kill('SIGINT');
    const result = await running.done;
    expect(result.code, result.stderr).toBe(130);
    expect(scratchDirs()).toEqual(dirsBefore);
    // pg_ctl's immediate stop returns when the pid file is gone; the exiting postmaster (reparented, so a zombie
    // until its new parent reaps it) may linger a moment.
    expect(await processGone(serverPid)).toBe(true);
    expect(await walObjects()).toEqual(walBefore);
    await q('ALTER SYSTEM RESET recovery_min_apply_delay');
  });
});
