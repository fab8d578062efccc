/**
 * The foundation end to end, through the real CLI against a real PostgreSQL cluster: round trips compared by
 * fingerprint, corruption, bad input, and secrets.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffFingerprints, fingerprintDatabase, fingerprintRoles } from '../src/core/drill/fingerprint.ts';
import { clientConfig } from '../src/core/postgres/connection.ts';
import { type LocalCluster, startLocalCluster } from '../src/core/postgres/local-cluster.ts';
import { createDatabase, databaseExists, dropDatabase } from '../src/core/postgres/server.ts';
import { loadSampleData } from '../src/demo/load-sample-data.ts';
import { cliEnvFor, runCli } from './helpers/cli.ts';
import { tempRoot } from './helpers/temp-root.ts';

const temp = tempRoot('backup-restore');

const PASSWORD = 'Sup3r-s3cret-pw!';
let cluster: LocalCluster;
let repo: string;
let env: Record<string, string>;

const SOURCE = 'shop "main"; café';

async function sql(database: string, text: string): Promise<pg.QueryResult> {
  const client = new pg.Client(clientConfig(cluster.connection, database));
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

function backupIdFrom(stdout: string): string {
  const id = JSON.parse(stdout).backups[0].id as string;
  expect(id).toMatch(/^\d{8}T\d{6}Z-/);
  return id;
}

function assertNoSecret(...texts: string[]): void {
  for (const text of texts) expect(text).not.toContain(PASSWORD);
}

beforeAll(async () => {
  cluster = await startLocalCluster({ password: PASSWORD });
  repo = join(temp.dir('test'), 'backups');
  env = cliEnvFor(cluster, PASSWORD, { BACKUP_STORAGE: repo });
  await createDatabase(cluster.connection, SOURCE);
  await loadSampleData(cluster.connection, SOURCE);
});

afterAll(async () => {
  await cluster?.stop();
});

describe('backup and restore round trip', () => {
  it('restores a database full of awkward objects fingerprint-equal', async () => {
    const backup = await runCli(['--json', 'backup', '--database', SOURCE, '--tag', 'round-trip'], { env });
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    const id = backupIdFrom(backup.stdout);
    const manifest = JSON.parse(backup.stdout).backups[0];
    expect(manifest.databases[0].name).toBe(SOURCE);
    expect(manifest.databases[0].tables.length).toBeGreaterThan(3);
    expect(manifest.objects[0].storedSha256).toMatch(/^[0-9a-f]{64}$/);

    const restore = await runCli(['restore', id, '--target-database', 'restored_1'], { env });
    expect(restore.code, restore.stderr).toBe(0);
    const [a, b] = await Promise.all([
      fingerprintDatabase(cluster.connection, SOURCE),
      fingerprintDatabase(cluster.connection, 'restored_1'),
    ]);
    expect(diffFingerprints(a, b)).toEqual([]);
    // The manifest's row counts agree with the restored data.
    for (const table of manifest.databases[0].tables) {
      const found = [...Object.values(b.tables), ...Object.values(b.materializedViews)].find(
        (t) => t.schema === table.schema && t.name === table.name,
      );
      expect(found?.rows, `${table.schema}.${table.name}`).toBe(table.rows);
    }

    const verify = await runCli(['verify', id], { env });
    expect(verify.code, verify.stderr).toBe(0);
    const list = await runCli(['--json', 'list'], { env });
    const row = JSON.parse(list.stdout).find((r: { id: string }) => r.id === id);
    expect(row).toMatchObject({ databases: [SOURCE], verification: 'verified', tags: ['round-trip'] });
    expect(row.compressionRatio).toBeGreaterThan(1);
  });

  it('parallel directory-format backups and gzip restore identically', async () => {
    const dir = await runCli(['--json', 'backup', '-d', SOURCE, '--format', 'directory', '--jobs', '2'], {
      env,
    });
    expect(dir.code, dir.stderr).toBe(0);
    // verify lists the directory-format archive too (it is stored as a tar: unpacked privately, then listed).
    const verified = await runCli(['--json', 'verify', backupIdFrom(dir.stdout)], { env });
    expect(verified.code, verified.stderr).toBe(0);
    const listCheck = JSON.parse(verified.stdout)[0].checks.find((c: { name: string }) =>
      c.name.startsWith('pg_restore --list'),
    );
    expect(listCheck).toMatchObject({ ok: true });
    expect(listCheck.details).toMatch(/^\d+ archive entries readable$/);
    const manifest = JSON.parse(dir.stdout).backups[0];
    // Populated materialized views are counted like tables (and checked by drills).
    expect(manifest.databases[0].tables.map((t: { name: string }) => t.name)).toContain('order_totals');
    const gz = await runCli(['--json', 'backup', '-d', SOURCE, '--compression', 'gzip'], { env });
    expect(gz.code, gz.stderr).toBe(0);
    for (const [id, target] of [
      [backupIdFrom(dir.stdout), 'restored_dir'],
      [backupIdFrom(gz.stdout), 'restored_gz'],
    ] as const) {
      const restore = await runCli(['restore', id, '--target-database', target, '--jobs', '2'], { env });
      expect(restore.code, restore.stderr).toBe(0);
      const [a, b] = await Promise.all([
        fingerprintDatabase(cluster.connection, SOURCE),
        fingerprintDatabase(cluster.connection, target),
      ]);
      expect(diffFingerprints(a, b)).toEqual([]);
    }
  });

  it('--all-databases restores roles and grants first, then every database', async () => {
    await createDatabase(cluster.connection, 'second_db');
    await sql(
      'second_db',
      'CREATE ROLE auditor LOGIN; CREATE TABLE t(x int); INSERT INTO t VALUES (1),(2); GRANT SELECT ON t TO auditor',
    );
    const roleBefore = await fingerprintRoles(cluster.connection, ['auditor', 'app_reader']);
    const fpBefore = await fingerprintDatabase(cluster.connection, 'second_db');
    const backup = await runCli(['--json', 'backup', '--all-databases'], { env });
    expect(backup.code, backup.stderr).toBe(0);
    const manifest = JSON.parse(backup.stdout).backups[0];
    expect(manifest.allDatabases).toBe(true);
    expect(manifest.objects.map((o: { role: string }) => o.role)).toContain('globals');
    expect(manifest.databases.map((d: { name: string }) => d.name)).toEqual(
      expect.arrayContaining([SOURCE, 'second_db']),
    );

    await dropDatabase(cluster.connection, 'second_db', { force: true });
    await sql('postgres', 'DROP ROLE auditor');
    const restore = await runCli(['restore', manifest.id, '--database', 'second_db'], { env });
    expect(restore.code, restore.stderr).toBe(0);
    expect(await fingerprintRoles(cluster.connection, ['auditor', 'app_reader'])).toEqual(roleBefore);
    expect(diffFingerprints(fpBefore, await fingerprintDatabase(cluster.connection, 'second_db'))).toEqual(
      [],
    );
  });
});

describe('selective backups and restores', () => {
  const tablesOf = async (db: string) =>
    (
      await sql(
        db,
        `SELECT n.nspname || '.' || c.relname AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`,
      )
    ).rows.map((r) => r.t as string);
  const count = async (db: string, table: string) =>
    Number((await sql(db, `SELECT count(*) AS n FROM ${table}`)).rows[0].n);

  it('--schema-only keeps the structure without rows; --table / --exclude-table choose what is dumped', async () => {
    const schemaOnly = await runCli(['--json', 'backup', '-d', SOURCE, '--schema-only'], { env });
    expect(schemaOnly.code, schemaOnly.stderr).toBe(0);
    const restored = await runCli(
      ['restore', backupIdFrom(schemaOnly.stdout), '--target-database', 'sel_schema'],
      {
        env,
      },
    );
    expect(restored.code, restored.stderr).toBe(0);
    expect(await tablesOf('sel_schema')).toEqual(await tablesOf(SOURCE));
    expect(await count('sel_schema', 'audit')).toBe(0);

    const onlyAudit = await runCli(['--json', 'backup', '-d', SOURCE, '--table', 'public.audit'], { env });
    expect(onlyAudit.code, onlyAudit.stderr).toBe(0);
    const manifest = JSON.parse(onlyAudit.stdout).backups[0];
    expect(manifest.options.tables).toEqual(['public.audit']);
    expect((await runCli(['restore', manifest.id, '--target-database', 'sel_table'], { env })).code).toBe(0);
    expect(await tablesOf('sel_table')).toEqual(['public.audit']);
    expect(await count('sel_table', 'audit')).toBe(await count(SOURCE, 'audit'));

    const withoutAudit = await runCli(['--json', 'backup', '-d', SOURCE, '--exclude-table', 'public.audit'], {
      env,
    });
    expect(withoutAudit.code, withoutAudit.stderr).toBe(0);
    expect(
      (await runCli(['restore', backupIdFrom(withoutAudit.stdout), '--target-database', 'sel_excl'], { env }))
        .code,
    ).toBe(0);
    expect(await tablesOf('sel_excl')).not.toContain('public.audit');
    expect((await tablesOf('sel_excl')).length).toBe((await tablesOf(SOURCE)).length - 1);
  });

  it('restore --schema and --table restore only what is named, from a full backup', async () => {
    const full = await runCli(['--json', 'backup', '-d', SOURCE], { env });
    const id = backupIdFrom(full.stdout);
    const schema = await runCli(
      ['restore', id, '--target-database', 'sel_rschema', '--schema', 'Sales "EU"'],
      {
        env,
      },
    );
    expect(schema.code, schema.stderr).toBe(0);
    const restoredTables = await tablesOf('sel_rschema');
    expect(restoredTables.length).toBeGreaterThan(0);
    expect(restoredTables.every((t) => t.startsWith('Sales "EU".'))).toBe(true);
    expect(await count('sel_rschema', '"Sales ""EU""".orders')).toBe(
      await count(SOURCE, '"Sales ""EU""".orders'),
    );

    const table = await runCli(['restore', id, '--target-database', 'sel_rtable', '--table', 'audit'], {
      env,
    });
    expect(table.code, table.stderr).toBe(0);
    expect(await tablesOf('sel_rtable')).toEqual(['public.audit']);
    expect(await count('sel_rtable', 'audit')).toBe(await count(SOURCE, 'audit'));
  });
});

describe('damage and refusal', () => {
  it('one flipped byte: verify exits 3, restore refuses before touching the target', async () => {
    const backup = await runCli(['--json', 'backup', '-d', SOURCE], { env });
    const id = backupIdFrom(backup.stdout);
    const object = JSON.parse(backup.stdout).backups[0].objects[0];
    const path = join(repo, object.key);
    const bytes = readFileSync(path);
    bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
    writeFileSync(path, bytes);

    const verify = await runCli(['verify', id], { env });
    expect(verify.code).toBe(3);
    expect(verify.stderr).toMatch(/VERIFICATION_FAILED/);
    expect(verify.stderr).toMatch(/checksum/);

    const restore = await runCli(['restore', id, '--target-database', 'never_created'], { env });
    expect(restore.code).toBe(3);
    expect(restore.stderr).toMatch(/checksum mismatch.*nothing was restored/s);
    expect(await databaseExists(cluster.connection, 'never_created')).toBe(false);
  });

  it('refuses a non-empty target without --clean and leaves it unchanged; --drop-existing restores', async () => {
    const backup = await runCli(['--json', 'backup', '-d', SOURCE], { env });
    const id = backupIdFrom(backup.stdout);
    await createDatabase(cluster.connection, 'busy_target');
    await sql('busy_target', 'CREATE TABLE keepme(x int); INSERT INTO keepme VALUES (42)');
    const refused = await runCli(['restore', id, '--target-database', 'busy_target'], { env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/not empty.*--clean/s);
    expect((await sql('busy_target', 'SELECT x FROM keepme')).rows).toEqual([{ x: 42 }]);

    const dry = await runCli(['restore', id, '--target-database', 'busy_target', '--clean', '--dry-run'], {
      env,
    });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/dry run/);
    expect((await sql('busy_target', 'SELECT x FROM keepme')).rows).toEqual([{ x: 42 }]);

    const dropped = await runCli(['restore', id, '--target-database', 'busy_target', '--drop-existing'], {
      env,
    });
    expect(dropped.code, dropped.stderr).toBe(0);
    const [a, b] = await Promise.all([
      fingerprintDatabase(cluster.connection, SOURCE),
      fingerprintDatabase(cluster.connection, 'busy_target'),
    ]);
    expect(diffFingerprints(a, b)).toEqual([]);
  });

  it('refuses system databases without --force', async () => {
    const backup = await runCli(['--json', 'backup', '-d', SOURCE], { env });
    const id = backupIdFrom(backup.stdout);
    for (const target of ['template1', 'template0', 'postgres']) {
      const result = await runCli(['restore', id, '--target-database', target], { env });
      expect(result.code, target).toBe(2);
      expect(result.stderr).toMatch(
        /^error \[RESTORE_TARGET_REFUSED\]: refusing to restore into .*system database/m,
      );
    }
  });
});

describe('bad input gets a clear error and the documented exit code', () => {
  it.each([['../etc/passwd'], ['a/b'], ['20261122T020000Z-x-abcdef/../../x']])(
    'backup id %j is rejected with exit 2',
    async (id) => {
      for (const command of [
        ['show', id],
        ['verify', id],
        ['restore', id, '--dry-run'],
      ]) {
        const result = await runCli(command, { env });
        expect(result.code, command.join(' ')).toBe(2);
        expect(result.stderr).toMatch(/invalid backup id/);
      }
    },
  );

  it('an unknown id exits 4', async () => {
    const result = await runCli(['show', '20200101T000000Z-nope-abcdef'], { env });
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/BACKUP_NOT_FOUND/);
  });

  it.each(["it's", 'a;DROP TABLE x', 'ünï 表', '-rf'])(
    'a missing database named %j is reported by name',
    async (name) => {
      const result = await runCli(['backup', '--database', name], { env });
      expect(result.code).toBe(4);
      expect(result.stderr).toContain(JSON.stringify(name));
      expect(result.stderr).toMatch(/does not exist/);
    },
  );

  it('hostile but real database names back up and restore', async () => {
    const name = 'q\'uote"; DROP DATABASE postgres; --';
    await createDatabase(cluster.connection, name);
    await sql(name, "CREATE TABLE t(x text); INSERT INTO t VALUES ('ok')");
    const backup = await runCli(['--json', 'backup', '-d', name], { env });
    expect(backup.code, backup.stderr).toBe(0);
    const restore = await runCli(
      ['restore', backupIdFrom(backup.stdout), '--target-database', `${name} copy`],
      { env },
    );
    expect(restore.code, restore.stderr).toBe(0);
    expect((await sql(`${name} copy`, 'SELECT x FROM t')).rows).toEqual([{ x: 'ok' }]);
  });

  it('an unreachable server is a connection error naming host and port', async () => {
    const result = await runCli(['backup', '-d', SOURCE], { env: { ...env, PGPORT: '1' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/PG_CONNECTION_FAILED/);
    expect(result.stderr).toMatch(/127\.0\.0\.1:1/);
  });

  it('a wrong password is an authentication error that does not echo the password', async () => {
    const wrong = 'Wr0ng-passw0rd-xyz';
    const result = await runCli(['backup', '-d', SOURCE], { env: { ...env, PGPASSWORD: wrong } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/PG_AUTH_FAILED/);
    expect(result.stderr + result.stdout).not.toContain(wrong);
  });

  it('no pg_dump in the configured bin dir names the directory and what to install', async () => {
    const empty = temp.dir('no-pg');
    const result = await runCli(['backup', '-d', SOURCE], { env: { ...env, BACKUP_PG_BIN_DIR: empty } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/BINARY_NOT_FOUND/);
    expect(result.stderr).toContain(empty);
  });

  it('a pg_dump older than the server fails before dumping, naming both versions', async () => {
    const old = temp.dir('old-pg');
    // A stand-in for an old client install: it only answers --version, and must never be asked to dump.
    writeFileSync(
      join(old, 'pg_dump'),
      '#!/bin/sh\n[ "$1" = --version ] && { echo "pg_dump (PostgreSQL) 13.9"; exit 0; }\necho dumped >&2; exit 9\n',
      { mode: 0o755 },
    );
    const before = JSON.parse((await runCli(['--json', 'list'], { env })).stdout).length;
    const result = await runCli(['backup', '-d', SOURCE], { env: { ...env, BACKUP_PG_BIN_DIR: old } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/VERSION_MISMATCH/);
    expect(result.stderr).toMatch(new RegExp(`pg_dump 13\\.9 .*PostgreSQL ${cluster.major} server`));
    expect(result.stderr).not.toContain('dumped');
    expect(JSON.parse((await runCli(['--json', 'list'], { env })).stdout).length).toBe(before);
  });

  it('malformed configuration lists every problem and exits 2', async () => {
    const result = await runCli(['backup', '-d', SOURCE], {
      env: { ...env, BACKUP_COMPRESSION: 'lz9', PGPORT: 'abc' },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/BACKUP_COMPRESSION/);
    expect(result.stderr).toMatch(/PGPORT/);
    expect(result.stderr).toMatch(/^error \[CONFIG_INVALID\]: invalid configuration/m);
  });
});

describe('secrets', () => {
  it('no output of any command contains the password from PGPASSWORD or DATABASE_URL', async () => {
    const urlEnv = {
      ...env,
      PGPASSWORD: '',
      DATABASE_URL: `postgres://postgres:${encodeURIComponent(PASSWORD)}@127.0.0.1:${cluster.connection.port}/postgres`,
    };
    const outputs: string[] = [];
    for (const e of [env, urlEnv]) {
      const backup = await runCli(['--json', '--log-level', 'debug', 'backup', '-d', SOURCE], { env: e });
      expect(backup.code, backup.stderr).toBe(0);
      const id = backupIdFrom(backup.stdout);
      for (const args of [
        ['--json', 'list'],
        ['list'],
        ['--json', 'show', id],
        ['--json', 'status'],
        ['--json', 'verify', id],
        ['--json', 'restore', id, '--dry-run', '--target-database', 'x_dry'],
        ['restore', id, '--target-database', 'template0'],
        ['backup', '-d', 'missing database'],
      ]) {
        const result = await runCli(args, { env: e });
        outputs.push(result.stdout, result.stderr);
      }
    }
    const reports = readdirSync(join(repo, 'logs')).map((f) => readFileSync(join(repo, 'logs', f), 'utf8'));
    assertNoSecret(...outputs, ...reports);
  });
});
