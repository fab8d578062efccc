/**
 * Redaction end to end: passwords given through DATABASE_URL, PGPASSWORD and a config file never appear in any
 * output, log, report or repository file of backup, restore, drill and prune, nor in any process's command line
 * while a backup, a restore or a drill runs. The runs include paths where a secret does reach a message (a
 * mistyped URL, a failing SQL check that echoes it), so these tests fail when `redact` is disabled.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientConfig } from '../src/core/postgres/connection.ts';
import { type LocalCluster, startLocalCluster } from '../src/core/postgres/local-cluster.ts';
import { createDatabase } from '../src/core/postgres/server.ts';
import { type CliResult, runCli, startCli } from './helpers/cli.ts';
import { scanCmdlinesDuring } from './helpers/proc-scan.ts';

const SUPERUSER_PASSWORD = 'Cluster-Admin-pw-3391';
/** One role per source, so each run proves which source it authenticated with. */
const SOURCES = {
  url: { role: 'url_admin', password: 'Url-S3cr@t/pw+19' },
  env: { role: 'env_admin', password: 'Env-S3cret-pw-2207' },
  file: { role: 'file_admin', password: 'File-S3cret;pw-4410' },
} as const;
const ALL_SECRETS = [SUPERUSER_PASSWORD, ...Object.values(SOURCES).map((s) => s.password)];
const DB = 'secretive';

let cluster: LocalCluster;
let root: string;
let repo: string;
let configDir: string;
const outputs: { label: string; text: string }[] = [];

/** Every file under `dir`, recursively (absolute paths). */
function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/** Where each secret (as given or URL-encoded) occurs in `text`. */
function secretsIn(text: string): string[] {
  return ALL_SECRETS.filter((s) => text.includes(s) || text.includes(encodeURIComponent(s)));
}

function record(label: string, result: CliResult): CliResult {
  outputs.push(
    { label: `${label} stdout`, text: result.stdout },
    { label: `${label} stderr`, text: result.stderr },
  );
  return result;
}

/** The environment of one source: the password reaches the CLI only that way. */
function envFor(source: keyof typeof SOURCES, extra: Record<string, string> = {}): Record<string, string> {
  const { role, password } = SOURCES[source];
  const port = String(cluster.connection.port);
  const common = {
    BACKUP_STORAGE: repo,
    BACKUP_PG_BIN_DIR: cluster.binDir,
    BACKUP_LOG_LEVEL: 'debug',
  };
  if (source === 'url')
    return {
      ...common,
      DATABASE_URL: `postgres://${role}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DB}`,
      ...extra,
    };
  if (source === 'env')
    return { ...common, PGHOST: '127.0.0.1', PGPORT: port, PGUSER: role, PGPASSWORD: password, ...extra };
  const file = join(configDir, 'db-backup.json');
  writeFileSync(
    file,
    JSON.stringify({
      connection: { host: '127.0.0.1', port: Number(port), user: role, password },
      drill: {
        checks: [
          { name: 'rows exist', sql: 'SELECT count(*) FROM notes', expect: '3' },
          // A check whose error echoes the password: only redaction keeps it out of the report.
          { name: 'echoes a secret', sql: `SELECT '${password}'::int`, expect: '1' },
        ],
      },
    }),
  );
  return { ...common, BACKUP_CONFIG: file, ...extra };
}

beforeAll(async () => {
  cluster = await startLocalCluster({ password: SUPERUSER_PASSWORD });
  root = mkdtempSync(join(tmpdir(), 'dbb-secrets-'));
  configDir = mkdtempSync(join(tmpdir(), 'dbb-secrets-config-'));
  repo = join(root, 'backups');
  await createDatabase(cluster.connection, DB);
  const client = new pg.Client(clientConfig(cluster.connection, DB));
  await client.connect();
  try {
    for (const { role, password } of Object.values(SOURCES))
      await client.query(`CREATE ROLE ${role} SUPERUSER LOGIN PASSWORD '${password.replaceAll("'", "''")}'`);
    await client.query(
      "CREATE TABLE notes(id int primary key, body text); INSERT INTO notes VALUES (1, 'a'), (2, 'b'), (3, 'c')",
    );
  } finally {
    await client.end();
  }
});

afterAll(async () => {
  await cluster?.stop();
  for (const dir of [root, configDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('no secret in any output, report, repository file or command line', () => {
  it.each(Object.keys(SOURCES) as (keyof typeof SOURCES)[])(
    'password from %s: backup, verify, restore, drill and prune',
    async (source) => {
      const env = envFor(source);

      const backup = await scanCmdlinesDuring(
        startCli(['--json', 'backup', '-d', DB], { env }).done,
        ALL_SECRETS,
        ['pg_dump'],
      );
      record(`${source} backup`, backup.result);
      expect(backup.result.code, backup.result.stderr).toBe(0);
      expect(backup.seen.has('pg_dump')).toBe(true);
      expect(backup.leaks).toEqual([]);
      const manifest = JSON.parse(backup.result.stdout).backups[0];
      expect(manifest.databases[0].name).toBe(DB);

      for (const args of [
        ['--json', 'list'],
        ['list'],
        ['--json', 'show', manifest.id],
        ['--json', 'status'],
      ]) {
        expect(record(`${source} ${args.join(' ')}`, await runCli(args, { env })).code).not.toBe(1);
      }
      expect(record(`${source} verify`, await runCli(['verify', manifest.id], { env })).code).toBe(0);

      const target = `${DB}_${source}`;
      const restore = await scanCmdlinesDuring(
        startCli(['restore', manifest.id, '--target-database', target], { env }).done,
        ALL_SECRETS,
        ['pg_restore'],
      );
      record(`${source} restore`, restore.result);
      expect(restore.result.code, restore.result.stderr).toBe(0);
      expect(restore.seen.has('pg_restore')).toBe(true);
      expect(restore.leaks).toEqual([]);
      // The restored database carries the source database's owner (restores carry database properties).
      const owner = await new pg.Client(clientConfig(cluster.connection, 'postgres'));
      await owner.connect();
      const { rows } = await owner.query(
        'SELECT datname, pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = ANY($1) ORDER BY datname = $2',
        [[DB, target], target],
      );
      await owner.end();
      expect(rows.map((r) => r.datname)).toEqual([DB, target]);
      expect(rows[1].owner).toBe(rows[0].owner);
      record(
        `${source} refused restore`,
        await runCli(['restore', manifest.id, '--target-database', 'template0'], { env }),
      );

      const drill = await scanCmdlinesDuring(
        startCli(['--json', 'drill', '--backup', manifest.id], { env }).done,
        ALL_SECRETS,
        ['pg_restore'],
      );
      record(`${source} drill`, drill.result);
      expect(drill.seen.has('pg_restore')).toBe(true);
      expect(drill.leaks).toEqual([]);
      const report = JSON.parse(drill.result.stdout).report;
      if (source === 'file') {
        // The config's checks ran: one passes, the one echoing the password fails without showing it.
        expect(report.checks).toContainEqual(
          expect.objectContaining({ name: 'sql: rows exist', status: 'pass' }),
        );
        expect(report.checks).toContainEqual(
          expect.objectContaining({
            name: 'sql: echoes a secret',
            status: 'fail',
            details: expect.stringMatching(/invalid input syntax.*\*\*\*/),
          }),
        );
        expect(drill.result.code).toBe(3);
      } else {
        expect(drill.result.code, drill.result.stderr).toBe(0);
      }

      record(`${source} prune dry`, await runCli(['prune', '--dry-run', '--keep-last', '1'], { env }));
      expect(
        record(`${source} prune`, await runCli(['--json', 'prune', '--keep-last', '1'], { env })).code,
      ).toBe(0);
    },
  );

  it('a mistyped DATABASE_URL is reported with its password hidden, by backup, restore and drill', async () => {
    const { role, password } = SOURCES.url;
    // Port out of range: the URL cannot be parsed, and the error quotes it.
    const env = envFor('url', {
      DATABASE_URL: `postgres://${role}:${encodeURIComponent(password)}@127.0.0.1:99999/${DB}`,
    });
    const id = JSON.parse((await runCli(['--json', 'list'], { env: envFor('env') })).stdout)[0].id;
    for (const args of [
      ['backup', '-d', DB],
      ['restore', id, '--target-database', 'never_made'],
      ['--json', 'drill', '--backup', id],
    ]) {
      const result = record(`mistyped URL ${args.join(' ')}`, await runCli(args, { env }));
      expect(result.code, args.join(' ')).not.toBe(0);
      // The whole URL is a registered secret (DATABASE_URL), so it is hidden entirely.
      expect(result.stdout + result.stderr).toMatch(/malformed URL \*\*\*: Invalid URL/);
    }
  });

  it('a drill scratch URL comes from BACKUP_DRILL_SCRATCH_URL; one with a password on the command line is refused', async () => {
    const { role, password } = SOURCES.url;
    const url = `postgres://${role}:${encodeURIComponent(password)}@127.0.0.1:${cluster.connection.port}/postgres`;
    const env = envFor('env', { BACKUP_DRILL_SCRATCH_URL: url });
    const fromEnv = record('scratch from env', await runCli(['--json', 'drill', '-d', DB], { env }));
    expect(fromEnv.code, fromEnv.stderr).toBe(0);
    expect(JSON.parse(fromEnv.stdout).report.scratch.location).toBe(`127.0.0.1:${cluster.connection.port}`);

    const fileEnv = envFor('env');
    const urlFile = join(configDir, 'scratch-url');
    writeFileSync(urlFile, `${url}\n`);
    const fromFile = record(
      'scratch from file',
      await runCli(['--json', 'drill', '-d', DB], {
        env: { ...fileEnv, BACKUP_DRILL_SCRATCH_URL_FILE: urlFile },
      }),
    );
    expect(fromFile.code, fromFile.stderr).toBe(0);
    expect(JSON.parse(fromFile.stdout).report.scratch.location).toBe(`127.0.0.1:${cluster.connection.port}`);

    for (const flag of ['--scratch-url', '--scratch']) {
      const refused = record(
        `scratch flag ${flag}`,
        await runCli(['drill', '-d', DB, flag, url], { env: envFor('env') }),
      );
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(
        /^error \[USAGE\]: the scratch URL on the command line contains a password/m,
      );
      expect(refused.stderr).toMatch(/hint: .*BACKUP_DRILL_SCRATCH_URL or BACKUP_DRILL_SCRATCH_URL_FILE/);
    }
  });

  it('afterwards, no output and no file in the repository or the local report directories holds a secret', () => {
    expect(outputs.length).toBeGreaterThan(40);
    const leaks = outputs.filter((o) => secretsIn(o.text).length > 0).map((o) => o.label);
    expect(leaks).toEqual([]);
    const files = walk(root);
    // The repository, backup reports (logs/) and drill reports (restore-tests/) are all under root.
    expect(files.some((f) => f.includes('/backups/reports/drills/'))).toBe(true);
    expect(files.some((f) => f.includes('/logs/backup_report_'))).toBe(true);
    expect(files.some((f) => f.includes('/restore-tests/monthly_drill_'))).toBe(true);
    const leakingFiles = files.filter((f) => secretsIn(readFileSync(f).toString('latin1')).length > 0);
    expect(leakingFiles).toEqual([]);
  });
});
