/**
 * The README's integrity promises, through the real CLI against real clusters, with tests that can fail:
 * a stored object replaced by another valid stream of the same codec (verify, restore and drill must all refuse
 * it), a manifest whose row count is off by one, a real `--clean` restore, `--dry-run`, `--force` onto
 * `postgres`, `status` when stale, a held lock, a refused prune, and row counts taken in the dump's snapshot while
 * another session writes. Every test makes its own backups and databases.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffFingerprints, fingerprintDatabase } from '../src/core/drill/fingerprint.ts';
import { clientConfig } from '../src/core/postgres/connection.ts';
import { type LocalCluster, startLocalCluster } from '../src/core/postgres/local-cluster.ts';
import { createDatabase, databaseExists, listDatabases } from '../src/core/postgres/server.ts';
import { cliEnvFor, runCli, startCli } from './helpers/cli.ts';

const PASSWORD = 'Integrity-pw-5521';
let cluster: LocalCluster;
let root: string;
let env: Record<string, string>;
let repoCount = 0;

async function sql(database: string, text: string, target: LocalCluster = cluster): Promise<pg.QueryResult> {
  const client = new pg.Client(clientConfig(target.connection, database));
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

/** A fresh repository for one test, and the environment pointing the CLI at it. */
function freshRepo(): { repo: string; env: Record<string, string> } {
  const repo = join(root, `repo-${repoCount++}`, 'backups');
  return { repo, env: { ...env, BACKUP_STORAGE: repo } };
}

async function backup(
  e: Record<string, string>,
  database: string,
): Promise<{ id: string; objects: { key: string; storedSize: number }[] }> {
  const result = await runCli(['--json', 'backup', '-d', database], { env: e });
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout).backups[0];
}

/** A database with two tables of known size, named for the test that owns it. */
async function seedDatabase(name: string, orders = 2000): Promise<void> {
  await createDatabase(cluster.connection, name);
  await sql(
    name,
    `CREATE TABLE orders(id serial primary key, total numeric, note text);
     INSERT INTO orders(total, note) SELECT i * 1.5, 'order ' || i FROM generate_series(1, ${orders}) i;
     CREATE TABLE customers(id int primary key, name text);
     INSERT INTO customers SELECT i, 'customer ' || i FROM generate_series(1, 300) i;`,
  );
}

async function drill(e: Record<string, string>, args: string[]) {
  const result = await runCli(['--json', 'drill', ...args], { env: e });
  return { ...result, report: result.stdout ? JSON.parse(result.stdout).report : undefined };
}

const zstd = (args: string[], input: Buffer) =>
  execFileSync('zstd', ['-q', ...args], { input, maxBuffer: 1 << 30 });

/**
 * The raw dump of `stored` with one byte of a row's text changed, compressed again so that it is a valid zstd
 * stream of exactly the stored length: every size check and the codec's own checksum pass; only the stored sha256
 * can tell it apart.
 */
function sameLengthValidStream(stored: Buffer, marker: string): Buffer {
  const raw = zstd(['-d', '-c'], stored);
  const at = raw.indexOf(marker);
  expect(at).toBeGreaterThan(0);
  for (let offset = 0; offset < 4000; offset++) {
    const copy = Buffer.from(raw);
    const position = at + offset;
    if (copy[position]! < 0x30 || copy[position]! > 0x39) continue;
    copy[position] = copy[position] === 0x39 ? 0x38 : copy[position]! + 1;
    const candidate = zstd(['-3', '--check', '-c'], copy);
    if (candidate.length === stored.length) return candidate;
  }
  throw new Error('no same-length replacement found');
}

beforeAll(async () => {
  cluster = await startLocalCluster({ password: PASSWORD });
  root = mkdtempSync(join(tmpdir(), 'dbb-integrity-'));
  env = cliEnvFor(cluster, PASSWORD);
});

afterAll(async () => {
  await cluster?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('a stored object replaced by a different but valid stream of the same codec', () => {
  it.each([
    ['a stream of exactly the same length', 'same-length'],
    ["another backup's object", 'other-backup'],
  ])(
    '%s: verify exits 3 naming the checksum, restore refuses before touching the target, the drill fails',
    async (_name, kind) => {
      const db = `swap_${kind.replace('-', '_')}`;
      await seedDatabase(db);
      const { repo, env: e } = freshRepo();
      const target = await backup(e, db);
      const object = target.objects[0]!;
      const path = join(repo, object.key);
      let replacement: Buffer;
      if (kind === 'same-length') {
        replacement = sameLengthValidStream(readFileSync(path), 'order 1');
        expect(replacement.length).toBe(object.storedSize);
      } else {
        await sql(db, "INSERT INTO orders(total, note) VALUES (1, 'one more')");
        const other = await backup(e, db);
        replacement = readFileSync(join(repo, other.objects[0]!.key));
      }
      expect(replacement.equals(readFileSync(path))).toBe(false);
      writeFileSync(path, replacement);

      const verify = await runCli(['verify', target.id], { env: e });
      expect(verify.code).toBe(3);
      expect(verify.stderr).toMatch(/^error \[VERIFICATION_FAILED\]: verification failed: /m);
      expect(verify.stderr).toContain(`checksum ${object.key}`);
      expect(verify.stdout).toMatch(
        new RegExp(`FAIL {2}checksum ${object.key}: stored sha256 [0-9a-f]{16}… .* != manifest`),
      );
      // The same-length stream decompresses to the right size and lists fine: only the checksum can catch it.
      if (kind === 'same-length') expect(verify.stdout).not.toMatch(/FAIL {2}(decompress|pg_restore)/);

      const restored = `${db}_restored`;
      const restore = await runCli(['restore', target.id, '--target-database', restored], { env: e });
      expect(restore.code).toBe(3);
      expect(restore.stderr).toMatch(
        /^error \[VERIFICATION_FAILED\]: checksum mismatch for .*; nothing was restored/m,
      );
      expect(await databaseExists(cluster.connection, restored)).toBe(false);

      const result = await drill(e, ['--backup', target.id]);
      expect(result.code).toBe(3);
      expect(result.report.status).toBe('failure');
      expect(result.report.error.code).toBe('VERIFICATION_FAILED');
      expect(result.report.checks).toContainEqual(
        expect.objectContaining({
          name: 'stored checksum',
          status: 'fail',
          details: expect.stringMatching(/^checksum mismatch/),
        }),
      );
      expect(result.report.checks.map((c: { name: string }) => c.name)).not.toContain('restore');
      expect(
        (await listDatabases(cluster.connection)).filter((d) => d.startsWith('db_backup_drill_')),
      ).toEqual([]);
    },
  );
});

describe('the drill compares row counts with the manifest', () => {
  it('a manifest whose row count for one table is off by one fails the drill, naming that table', async () => {
    await seedDatabase('counted');
    const { repo, env: e } = freshRepo();
    const { id } = await backup(e, 'counted');
    const path = join(repo, 'backups', id, 'manifest.json');
    const manifest = JSON.parse(readFileSync(path, 'utf8'));
    const customers = manifest.databases[0].tables.find((t: { name: string }) => t.name === 'customers');
    expect(customers.rows).toBe(300);
    customers.rows = 301;
    writeFileSync(path, JSON.stringify(manifest));

    const result = await drill(e, ['--backup', id]);
    expect(result.code).toBe(3);
    expect(result.report.status).toBe('failure');
    const failed = result.report.checks.filter((c: { status: string }) => c.status === 'fail');
    expect(failed).toEqual([
      { name: 'row count public.customers', status: 'fail', details: 'expected 301, restored 300' },
    ]);
    expect(result.report.checks).toContainEqual({
      name: 'row count public.orders',
      status: 'pass',
      details: 'expected 2000, restored 2000',
    });
    expect(result.stdout + result.stderr).not.toContain(PASSWORD);
  });

  it('the checksum check counts the objects the restore fetched, and decryption is not claimed', async () => {
    await seedDatabase('several_a', 10);
    await seedDatabase('several_b', 10);
    const { env: e } = freshRepo();
    const all = await runCli(['--json', 'backup', '--all-databases'], { env: e });
    expect(all.code, all.stderr).toBe(0);
    const manifest = JSON.parse(all.stdout).backups[0];
    expect(manifest.objects.length).toBeGreaterThan(2);
    const result = await drill(e, ['--backup', manifest.id, '--database', 'several_a']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.report.checks).toContainEqual({
      name: 'stored checksum',
      status: 'pass',
      details: 'sha256 of 1 object(s) matches the manifest',
    });
    expect(result.report.checks).toContainEqual({
      name: 'decryption',
      status: 'skip',
      details: 'backup is not encrypted',
    });
  });
});

describe('restore options the README promises', () => {
  it('--clean restores into a non-empty target: fingerprint equal to the source afterwards', async () => {
    await seedDatabase('clean_src');
    const { env: e } = freshRepo();
    const { id } = await backup(e, 'clean_src');
    const first = await runCli(['restore', id, '--target-database', 'clean_dst'], { env: e });
    expect(first.code, first.stderr).toBe(0);
    // The target drifts: rows deleted, changed and added, so it is non-empty and different.
    await sql(
      'clean_dst',
      `DELETE FROM orders WHERE id % 3 = 0; UPDATE customers SET name = 'changed' WHERE id < 50;
       INSERT INTO customers VALUES (1000, 'extra')`,
    );
    const source = await fingerprintDatabase(cluster.connection, 'clean_src');
    expect(diffFingerprints(source, await fingerprintDatabase(cluster.connection, 'clean_dst'))).not.toEqual(
      [],
    );

    const refused = await runCli(['restore', id, '--target-database', 'clean_dst'], { env: e });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/RESTORE_TARGET_REFUSED.*not empty/);
    const clean = await runCli(['restore', id, '--target-database', 'clean_dst', '--clean'], { env: e });
    expect(clean.code, clean.stderr).toBe(0);
    expect(diffFingerprints(source, await fingerprintDatabase(cluster.connection, 'clean_dst'))).toEqual([]);
  });

  it('--dry-run checks everything and creates nothing: no database, no work files, no repository change', async () => {
    await seedDatabase('dry_src', 10);
    const { repo, env: e } = freshRepo();
    const { id } = await backup(e, 'dry_src');
    const work = join(root, 'dry-tmp');
    mkdirSync(work);
    const before = readdirSync(repo, { recursive: true }).sort();
    const dry = await runCli(['restore', id, '--target-database', 'dry_dst', '--dry-run'], {
      env: { ...e, TMPDIR: work },
    });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/checksum ok: /);
    expect(dry.stdout).toMatch(/target "dry_dst" would be created/);
    expect(dry.stdout).toMatch(/dry run/);
    expect(await databaseExists(cluster.connection, 'dry_dst')).toBe(false);
    expect(readdirSync(work)).toEqual([]);
    expect(readdirSync(repo, { recursive: true }).sort()).toEqual(before);
  });

  it('--force onto postgres: refused without, restores with (into a throwaway cluster)', async () => {
    await seedDatabase('force_src', 100);
    const { env: e } = freshRepo();
    const { id } = await backup(e, 'force_src');
    const throwaway = await startLocalCluster({ password: PASSWORD });
    try {
      const there = { ...e, PGPORT: String(throwaway.connection.port) };
      const refused = await runCli(['restore', id, '--target-database', 'postgres'], { env: there });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/RESTORE_TARGET_REFUSED.*"postgres": it is a system database/);
      expect(refused.stderr).toMatch(/hint:.*--force/);
      expect(
        (
          await sql(
            'postgres',
            'SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = $$public$$',
            throwaway,
          )
        ).rows,
      ).toEqual([{ n: 0 }]);

      const forced = await runCli(['restore', id, '--target-database', 'postgres', '--force'], {
        env: there,
      });
      expect(forced.code, forced.stderr).toBe(0);
      expect(
        diffFingerprints(
          await fingerprintDatabase(cluster.connection, 'force_src'),
          await fingerprintDatabase(throwaway.connection, 'postgres'),
        ),
      ).toEqual([]);
    } finally {
      await throwaway.stop();
    }
  });
});

describe('exit codes through the CLI', () => {
  it('status exits 3 when the latest backup of a database is older than the RPO, 0 when fresh', async () => {
    await seedDatabase('stale_db', 10);
    const { repo, env: e } = freshRepo();
    const { id } = await backup(e, 'stale_db');
    const fresh = await runCli(['--json', 'status'], { env: e });
    expect(fresh.code, fresh.stderr).toBe(0);
    const path = join(repo, 'backups', id, 'manifest.json');
    const manifest = JSON.parse(readFileSync(path, 'utf8'));
    manifest.startedAt = new Date(Date.now() - 2 * 3_600_000 - 5000).toISOString();
    manifest.finishedAt = new Date(Date.now() - 2 * 3_600_000).toISOString();
    writeFileSync(path, JSON.stringify(manifest));
    const stale = await runCli(['--json', 'status'], { env: e });
    expect(stale.code).toBe(3);
    expect(JSON.parse(stale.stdout).databases).toEqual([
      expect.objectContaining({ database: 'stale_db', latestBackupId: id, withinRpo: false }),
    ]);
    const human = await runCli(['status'], { env: e });
    expect(human.code).toBe(3);
    expect(human.stdout).toMatch(/STALE {2}stale_db: latest /);
    // A wider RPO makes the same backup fresh again.
    expect((await runCli(['status'], { env: { ...e, BACKUP_RPO: '3h' } })).code).toBe(0);
  });

  it('a backup whose database is locked by a live backup exits 5 and stores nothing', async () => {
    await seedDatabase('locked_db', 10);
    const { repo, env: e } = freshRepo();
    const first = await backup(e, 'locked_db');
    const now = new Date().toISOString();
    mkdirSync(join(repo, 'locks'), { recursive: true });
    // Held by this test process: alive, on this host, with a fresh heartbeat.
    writeFileSync(
      join(repo, 'locks', 'locked_db.lock'),
      JSON.stringify({
        pid: process.pid,
        hostname: hostname(),
        acquiredAt: now,
        heartbeatAt: now,
        token: 'held',
      }),
    );
    const result = await runCli(['backup', '-d', 'locked_db'], { env: e });
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(
      /^error \[LOCK_HELD\]: another backup of "locked_db" is running \(pid \d+ on /m,
    );
    const listed = JSON.parse((await runCli(['--json', 'list'], { env: e })).stdout);
    expect(listed.map((b: { id: string }) => b.id)).toEqual([first.id]);
    rmSync(join(repo, 'locks', 'locked_db.lock'));
    expect((await runCli(['backup', '-d', 'locked_db'], { env: e })).code).toBe(0);
  });

  it('prune exits 2 when the latest backup failed, removing nothing; --force prunes', async () => {
    await seedDatabase('prune_db', 10);
    const { env: e } = freshRepo();
    const kept = [await backup(e, 'prune_db'), await backup(e, 'prune_db')];
    const failed = await runCli(['backup', '-d', 'prune_db', '--table', 'no_such_table'], { env: e });
    expect(failed.code).toBe(1);
    const refused = await runCli(['prune', '--keep-last', '1'], { env: e });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /^error \[RETENTION_REFUSED\]: the latest backup of "prune_db" failed; refusing to prune/m,
    );
    expect(JSON.parse((await runCli(['--json', 'list'], { env: e })).stdout)).toHaveLength(2);
    const forced = await runCli(['--json', 'prune', '--keep-last', '1', '--force'], { env: e });
    expect(forced.code, forced.stderr).toBe(0);
    expect(JSON.parse(forced.stdout).removed).toEqual([kept[0]!.id]);
  });
});

describe('row counts in the dump snapshot', () => {
  it('with another session inserting throughout the backup, the manifest counts equal what the restore holds', async () => {
    await createDatabase(cluster.connection, 'busy_db');
    await sql(
      'busy_db',
      `CREATE TABLE events(id bigserial primary key, payload text);
       INSERT INTO events(payload) SELECT md5(g::text) || md5((g * 7)::text) FROM generate_series(1, 400000) g;
       CREATE TABLE ticks(id bigserial primary key, at timestamptz default now());`,
    );
    const { env: e } = freshRepo();
    const writer = new pg.Client(clientConfig(cluster.connection, 'busy_db'));
    await writer.connect();
    let writing = true;
    let inserted = 0;
    const writes = (async () => {
      while (writing) {
        await writer.query("INSERT INTO events(payload) VALUES ('during'); INSERT INTO ticks DEFAULT VALUES");
        inserted++;
      }
    })();
    try {
      while (inserted < 20) await new Promise((r) => setTimeout(r, 10));
      const run = startCli(['--json', 'backup', '-d', 'busy_db'], { env: e });
      const result = await run.done;
      const during = inserted;
      expect(result.code, result.stderr).toBe(0);
      writing = false;
      await writes;
      const manifest = JSON.parse(result.stdout).backups[0];
      expect(during).toBeGreaterThan(20);

      const restore = await runCli(['restore', manifest.id, '--target-database', 'busy_copy'], { env: e });
      expect(restore.code, restore.stderr).toBe(0);
      const counts = new Map(
        (
          await sql(
            'busy_copy',
            "SELECT 'events' AS t, count(*)::int AS n FROM events UNION ALL SELECT 'ticks', count(*)::int FROM ticks",
          )
        ).rows.map((r) => [r.t as string, r.n as number]),
      );
      const recorded = new Map(
        manifest.databases[0].tables.map((t: { name: string; rows: number }) => [t.name, t.rows]),
      );
      expect(recorded.get('events')).toBe(counts.get('events'));
      expect(recorded.get('ticks')).toBe(counts.get('ticks'));
      // The writer really wrote during the dump: the source moved on past the snapshot.
      const source = (await sql('busy_db', 'SELECT count(*)::int AS n FROM ticks')).rows[0].n as number;
      expect(source).toBeGreaterThan(counts.get('ticks')!);
      expect(counts.get('ticks')).toBeGreaterThan(0);
      // Both tables come from the same snapshot: every tick's insert was paired with an event.
      expect(counts.get('events')! - 400000).toBe(counts.get('ticks'));
    } finally {
      writing = false;
      await writes.catch(() => undefined);
      await writer.end();
    }
  });
});
