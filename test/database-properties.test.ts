/**
 * A restore carries the source database's own properties to the target, whatever its name: settings
 * (ALTER DATABASE … SET), per-role settings in the database, the ACL, the comment and the owner (a warning
 * when that role does not exist). `--no-db-settings` opts out.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { clientConfig } from '../src/core/postgres/connection.ts';
import { type LocalCluster, startLocalCluster } from '../src/core/postgres/local-cluster.ts';
import { rewriteForTarget } from '../src/core/restore/database-properties.ts';
import { cliEnvFor, runCli } from './helpers/cli.ts';

const PASSWORD = 'props-Secret-pw';
const SOURCE = 'we ird"db';
const TARGET = `new "db' x`;
let cluster: LocalCluster;
let root: string;
let env: Record<string, string>;
let id: string;

async function sql(text: string, params: unknown[] = [], database = 'postgres') {
  const client = new pg.Client(clientConfig(cluster.connection, database));
  await client.connect();
  try {
    return await client.query(text, params);
  } finally {
    await client.end();
  }
}

async function properties(name: string) {
  const { rows } = await sql(
    `SELECT d.datacl::text AS acl, pg_get_userbyid(d.datdba) AS owner, shobj_description(d.oid, 'pg_database') AS comment,
            (SELECT array_agg(coalesce(r.rolname, '*') || ':' || array_to_string(s.setconfig, ',') ORDER BY r.rolname NULLS FIRST)
               FROM pg_db_role_setting s LEFT JOIN pg_roles r ON r.oid = s.setrole WHERE s.setdatabase = d.oid) AS settings
       FROM pg_database d WHERE d.datname = $1`,
    [name],
  );
  return rows[0];
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'dbb-props-'));
  cluster = await startLocalCluster({ password: PASSWORD });
  env = cliEnvFor(cluster, PASSWORD, { BACKUP_STORAGE: join(root, 'repo') });
  await sql('CREATE ROLE app_owner');
  await sql('CREATE ROLE reader');
  await sql('CREATE ROLE gone_owner');
  await sql(`CREATE DATABASE "we ird""db" OWNER app_owner`);
  await sql(`ALTER DATABASE "we ird""db" SET timezone TO 'Europe/Berlin'`);
  await sql(`ALTER DATABASE "we ird""db" SET bytea_output TO 'escape'`);
  await sql(`COMMENT ON DATABASE "we ird""db" IS 'it''s the shop'`);
  await sql(`REVOKE TEMPORARY ON DATABASE "we ird""db" FROM PUBLIC`);
  await sql(`GRANT CONNECT ON DATABASE "we ird""db" TO reader`);
  await sql(`ALTER ROLE reader IN DATABASE "we ird""db" SET work_mem TO '8MB'`);
  await sql('CREATE TABLE t (id int)', [], SOURCE);
  const backup = await runCli(['--json', 'backup', '-d', SOURCE], { env });
  expect(backup.code, backup.stderr).toBe(0);
  id = JSON.parse(backup.stdout).backups[0].id;
});

afterAll(async () => {
  await cluster?.stop();
  rmSync(root, { recursive: true, force: true });
});

it('settings, per-role settings, ACL, comment and owner arrive under a hostile target name', async () => {
  const result = await runCli(['restore', id, '--target-database', TARGET], { env });
  expect(result.code, result.stderr).toBe(0);
  const [source, target] = [await properties(SOURCE), await properties(TARGET)];
  expect(target.owner).toBe('app_owner');
  expect(target.comment).toBe("it's the shop");
  const entries = (acl: string) =>
    acl
      .replace(/^\{|\}$/g, '')
      .split(',')
      .sort();
  expect(entries(target.acl)).toEqual(entries(source.acl));
  expect(entries(target.acl)).toEqual(expect.arrayContaining(['reader=c/app_owner']));
  expect(target.settings).toEqual(source.settings);
  expect(target.settings).toEqual(
    expect.arrayContaining(['*:TimeZone=Europe/Berlin,bytea_output=escape', 'reader:work_mem=8MB']),
  );
});

it('--no-db-settings leaves them out', async () => {
  const result = await runCli(['restore', id, '--target-database', 'plain_copy', '--no-db-settings'], {
    env,
  });
  expect(result.code, result.stderr).toBe(0);
  const target = await properties('plain_copy');
  expect(target.settings).toBeNull();
  expect(target.comment).toBeNull();
  expect(target.owner).toBe('postgres');
});

it('an owner that does not exist on the target server is a warning, not a failure', async () => {
  await sql(`CREATE DATABASE orphan OWNER gone_owner`);
  await sql(`ALTER DATABASE orphan SET work_mem TO '16MB'`);
  const backup = await runCli(['--json', 'backup', '-d', 'orphan'], { env });
  const orphanId = JSON.parse(backup.stdout).backups[0].id;
  await sql('DROP DATABASE orphan');
  await sql('DROP ROLE gone_owner');
  const result = await runCli(
    ['--log-level', 'info', 'restore', orphanId, '--target-database', 'orphan_copy'],
    { env },
  );
  expect(result.code, result.stderr).toBe(0);
  expect(result.stderr).toMatch(
    /owner "gone_owner" does not exist here: orphan_copy keeps its current owner/,
  );
  expect((await properties('orphan_copy')).settings).toEqual(['*:work_mem=16MB']);
});

it('rewrites quoted and bare source names, and never the CREATE DATABASE', () => {
  const sqlText =
    'CREATE DATABASE shop WITH TEMPLATE = template0;\nALTER DATABASE shop OWNER TO app;\nALTER DATABASE shop SET x TO 1;\nGRANT CONNECT ON DATABASE shop TO r;\n';
  expect(rewriteForTarget(sqlText, 'shop', 'x"y')).toEqual({
    owner: 'app',
    statements: ['ALTER DATABASE "x""y" SET x TO 1;', 'GRANT CONNECT ON DATABASE "x""y" TO r;'],
  });
});
