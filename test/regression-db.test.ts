/**
 * PostgreSQL's own regression database (hundreds of tables, partitions, rules, policies, publications,
 * large objects, six `ALTER DATABASE … SET` values) round-trips through db-backup backup + restore with the
 * schema plain `pg_dump -Fc | pg_restore` gives, the same rows, and its database settings. The database is
 * built by scripts/build-regression-db.sh and cached (see test/helpers/regression-db.ts); the test skips,
 * saying why, where the Debian source package cannot be fetched or built.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprintDatabase } from '../src/core/drill/fingerprint.ts';
import { withClient } from '../src/core/postgres/connection.ts';
import { cliEnvFor, runCli } from './helpers/cli.ts';
import {
  cacheInfo,
  type RegressionCache,
  type RegressionCluster,
  regressionCache,
  startRegressionCluster,
} from './helpers/regression-db.ts';

const found = await regressionCache();
const cache = 'reason' in found ? undefined : found;
if (!cache) console.warn(`regression-db test skipped: ${(found as { reason: string }).reason}`);

let cluster: RegressionCluster;
let work: string;

/** `pg_dump --schema-only` of `database`, without what differs between any two dumps (pg_dump's \restrict keys). */
function schemaOf(db: string): string {
  const out = execFileSync(
    join(cluster.binDir, 'pg_dump'),
    ['--schema-only', '-h', '127.0.0.1', '-p', String(cluster.connection.port), '-U', 'postgres', '-d', db],
    { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  );
  return out
    .split('\n')
    .filter((line) => !/^\\(un)?restrict /.test(line))
    .join('\n');
}

/** The column names of `relation` (schema.name) in their physical order. */
function columnOrder(db: string, relation: string): Promise<string[]> {
  return withClient(cluster.connection, db, async (client) => {
    const [schema, name] = relation.split('.');
    const { rows } = await client.query<{ attname: string }>(
      `SELECT a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
      [schema, name],
    );
    return rows.map((r) => r.attname);
  });
}

/** The database-level `ALTER DATABASE … SET` values of `db` (not per role), sorted. */
function databaseSettings(db: string): Promise<string[]> {
  return withClient(cluster.connection, 'postgres', async (client) => {
    const { rows } = await client.query<{ s: string[] | null }>(
      `SELECT s.setconfig AS s FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase
       WHERE d.datname = $1 AND s.setrole = 0`,
      [db],
    );
    return [...(rows[0]?.s ?? [])].sort();
  });
}

describe.skipIf(!cache)('the regression database round-trips', () => {
  let env: Record<string, string>;

  beforeAll(async () => {
    console.info(`regression database: ${cacheInfo(cache as RegressionCache)}`);
    work = mkdtempSync(join(tmpdir(), 'dbb-regression-db-'));
    cluster = await startRegressionCluster(cache as RegressionCache, work);
    env = cliEnvFor(cluster, cluster.connection.password, { BACKUP_STORAGE: join(work, 'repo') });
  }, 180_000);

  afterAll(async () => {
    await cluster?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('schema equal to plain pg_restore, rows equal, the six database settings kept', async () => {
    const backup = await runCli(['--json', 'backup', '-d', 'regression'], { env });
    expect(backup.code, backup.stderr).toBe(0);
    const id = JSON.parse(backup.stdout).backups[0].id as string;
    const restore = await runCli(['restore', id, '--target-database', 'regression_dbb'], { env });
    expect(restore.code, restore.stderr).toBe(0);

    // The reference: plain pg_dump -Fc | pg_restore into another database of the same cluster.
    const conn = ['-h', '127.0.0.1', '-p', String(cluster.connection.port), '-U', 'postgres'];
    const archive = join(work, 'plain.dump');
    execFileSync(join(cluster.binDir, 'pg_dump'), [...conn, '-Fc', '-f', archive, '-d', 'regression']);
    execFileSync(join(cluster.binDir, 'createdb'), [...conn, '-T', 'template0', 'regression_plain']);
    execFileSync(join(cluster.binDir, 'pg_restore'), [...conn, '-d', 'regression_plain', archive], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });

    const plainSchema = schemaOf('regression_plain');
    expect(plainSchema.split('\n').length).toBeGreaterThan(10_000);
    expect(schemaOf('regression_dbb')).toBe(plainSchema);

    const [source, restored, plain] = await Promise.all([
      fingerprintDatabase(cluster.connection, 'regression'),
      fingerprintDatabase(cluster.connection, 'regression_dbb'),
      fingerprintDatabase(cluster.connection, 'regression_plain'),
    ]);
    expect(Object.keys(source.tables).length).toBeGreaterThan(300);
    expect(source.largeObjects.count).toBeGreaterThan(0);
    expect(restored).toEqual(plain);
    // Against the source itself: the same rows in every table. pg_dump recreates an inheritance child with
    // the inherited columns first (a column added to the parent later moves), which changes the text of its
    // rows, and it omits an ACL that only restates the owner's defaults; nothing else may differ. A
    // materialized view is refreshed on restore, so one the suite left stale holds fresh rows (as in plain).
    expect(Object.keys(restored.materializedViews).sort()).toEqual(
      Object.keys(source.materializedViews).sort(),
    );
    expect(Object.keys(restored.tables).sort()).toEqual(Object.keys(source.tables).sort());
    for (const [name, original] of Object.entries(source.tables)) {
      const copy = restored.tables[name]!;
      expect(copy.rows, name).toBe(original.rows);
      if (copy.md5 !== original.md5)
        expect(await columnOrder('regression_dbb', name), `${name}: rows differ`).not.toEqual(
          await columnOrder('regression', name),
        );
      if (copy.acl !== original.acl) {
        expect(copy.acl, name).toBeNull();
        expect(original.acl, name).toBe('{postgres=arwdDxt/postgres}');
      }
    }
    for (const key of ['sequences', 'largeObjects', 'extensions', 'types'] as const)
      expect(restored[key], key).toEqual(source[key]);

    const settings = await databaseSettings('regression');
    expect(settings).toHaveLength(6);
    expect(await databaseSettings('regression_dbb')).toEqual(settings);
  }, 600_000);
});
