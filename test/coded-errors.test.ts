/**
 * Every mistake a new user made in the field gets `error [CODE]`, a `hint:`, the documented exit code, no
 * stack trace and no secret — and changes nothing. One row per mistake, through the real CLI.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalCluster, startLocalCluster } from '../src/core/postgres/local-cluster.ts';
import { createDatabase, databaseExists } from '../src/core/postgres/server.ts';
import { loadSampleData } from '../src/demo/load-sample-data.ts';
import { type CliResult, cliEnvFor, runCli } from './helpers/cli.ts';

const PASSWORD = 'coded-Secret-pw';
let cluster: LocalCluster;
let root: string;
let repo: string;
let env: Record<string, string>;
let shopBackup: string;

function expectCodedError(result: CliResult, exit: number, code: string, message: RegExp): void {
  expect(result.code, result.stderr).toBe(exit);
  expect(result.stderr).toMatch(new RegExp(`error \\[${code}\\]: `));
  expect(result.stderr).toMatch(message);
  expect(result.stderr).toMatch(/^hint: /m);
  expect(result.stderr).not.toMatch(/\n\s+at \S+ \(/);
  expect(result.stdout + result.stderr).not.toContain(PASSWORD);
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'dbb-coded-'));
  repo = join(root, 'repo');
  cluster = await startLocalCluster({ password: PASSWORD });
  env = cliEnvFor(cluster, PASSWORD, { BACKUP_STORAGE: repo });
  for (const db of ['shop', 'crm']) {
    await createDatabase(cluster.connection, db);
    await loadSampleData(cluster.connection, db);
    const result = await runCli(['--json', 'backup', '-d', db], { env });
    expect(result.code, result.stderr).toBe(0);
    if (db === 'shop') shopBackup = JSON.parse(result.stdout).backups[0].id;
  }
});

afterAll(async () => {
  await cluster?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('a coded error for every mistake', () => {
  it('no password where the server requires one', async () => {
    const { PGPASSWORD: _, ...noPassword } = env;
    const result = await runCli(['backup', '-d', 'shop'], { env: { ...noPassword, HOME: root } });
    expectCodedError(
      result,
      1,
      'PG_AUTH_FAILED',
      /requires a password for role "postgres", and none was given/,
    );
    expect(result.stderr).toMatch(/hint: set PGPASSWORD or PGPASSWORD_FILE/);
  });

  it('--storage naming a file', async () => {
    const file = join(root, 'a-file');
    writeFileSync(file, 'not a repository');
    const result = await runCli(['backup', '-d', 'shop', '--storage', file], { env });
    expectCodedError(result, 1, 'STORAGE_ERROR', /a file stands where a directory is needed/);
  });

  it('--storage under /proc is refused at once, not walked', async () => {
    const started = Date.now();
    const result = await runCli(['list', '--storage', '/proc/self'], { env });
    expectCodedError(result, 2, 'USAGE', /\/proc\/self is a kernel filesystem, not a place for backups/);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('restore ID -d NEWDB (pg_restore habit) points at --target-database', async () => {
    const result = await runCli(['restore', shopBackup, '-d', 'newdb'], { env });
    expectCodedError(result, 4, 'BACKUP_NOT_FOUND', /does not contain database "newdb"; it holds "shop"/);
    expect(result.stderr).toMatch(/hint: .*--target-database "newdb"/);
    expect(await databaseExists(cluster.connection, 'newdb')).toBe(false);
  });

  it('restore --latest without a database, with several in the repository, never picks one silently', async () => {
    const result = await runCli(['restore', '--latest', '--target-database', 'which_one'], { env });
    expectCodedError(result, 2, 'USAGE', /holds backups of 2 databases; which one's latest\?/);
    expect(result.stderr).toMatch(/hint: add --database NAME \(one of "crm", "shop"\)/);
    expect(await databaseExists(cluster.connection, 'which_one')).toBe(false);
  });

  it('drill -d NOSUCH says no scratch database was created', async () => {
    const result = await runCli(['drill', '-d', 'nosuch'], { env });
    expect(result.code).not.toBe(0);
    expect(result.stdout).toContain('no scratch database was created');
    expect(result.stdout).not.toMatch(/scratch \S+ kept/);
  });

  it('a failing selective restore shows pg_restore\'s ERROR line, not only "Command was:"', async () => {
    const result = await runCli(
      ['restore', shopBackup, '--target-database', 'only_table', '-t', 'Mixed Case'],
      {
        env,
      },
    );
    expectCodedError(
      result,
      1,
      'RESTORE_FAILED',
      /ERROR: {2}type "(mood|positive_money|public\.hstore)" does not exist|ERROR: {2}.*does not exist/,
    );
  });

  it('PGHOST= and PGUSER= set but empty count as unset, as in libpq', async () => {
    const result = await runCli(['--json', 'backup', '-d', 'shop'], {
      env: {
        ...env,
        PGHOST: '',
        PGUSER: '',
        DATABASE_URL: `postgres://postgres@127.0.0.1:${cluster.connection.port}/shop`,
      },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).backups[0].host).toBe(`127.0.0.1:${cluster.connection.port}`);
  });

  it('the failures left nothing behind: only the three complete backups, each with its manifest', () => {
    const ids = readdirSync(join(repo, 'backups'));
    expect(ids).toHaveLength(3);
    for (const id of ids) expect(readdirSync(join(repo, 'backups', id))).toContain('manifest.json');
  });
});

describe('help', () => {
  it("each command's --help lists the global options; no command prints the help without a stray line", async () => {
    const help = await runCli(['restore', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--no-db-settings/);
    expect(help.stdout).toMatch(/Global Options:[\s\S]*--storage <location>/);
    const bare = await runCli([]);
    expect(bare.code).toBe(2);
    expect(bare.stdout + bare.stderr).toMatch(/Commands:/);
    expect(bare.stdout + bare.stderr).not.toContain('(outputHelp)');
  });
});
