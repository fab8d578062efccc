/**
 * archive_command's sh fast path (`wal archive-command`): a file pushed ahead into a local repository is
 * answered by sh without starting Node, every doubt falls through to Node's full check, markers are consumed
 * and stale ones cleaned. The node in the command is a wrapper that records each start, so "Node was not
 * started" is seen. Replayed like PostgreSQL's archiver (sh -c in the data directory, `.ready` renamed to
 * `.done` on success) over real 16 MiB segment files, and once through a real cluster's archiver.
 */
import { spawnSync } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateIdentity } from '../src/core/crypto/age/keys.ts';
import { withClient } from '../src/core/postgres/connection.ts';
import { startLocalCluster } from '../src/core/postgres/local-cluster.ts';
import { walObjectKey } from '../src/core/repository/keys.ts';
import { archiveCommand, archiveCommandSetting } from '../src/core/wal/archive-command.ts';
import { PUSHED_DIR } from '../src/core/wal/pushed-ahead.ts';
import {
  archiveEverything,
  legacyWalPushCommand,
  NODE,
  postgresOwnedDir,
  WAL_ENTRY,
} from './helpers/wal-cluster.ts';

const SYSID = 7312345678901234567n;
const NAMES = ['000000010000000000000001', '000000010000000000000002', '000000010000000000000003'];
let dir: string;
let pgdata: string;
let repo: string;
let calls: string;
let wrapper: string;

/** A node that records its start in `calls`, then runs the real one. */
async function recordingNode(at: string, log: string): Promise<string> {
  const path = join(at, 'node');
  await writeFile(path, `#!/bin/sh\necho "$*" >> '${log}'\nexec '${NODE}' "$@"\n`);
  await chmod(path, 0o755);
  return path;
}

async function segment(name: string, fill: number): Promise<void> {
  const bytes = Buffer.alloc(16 * 1024 * 1024, fill);
  bytes.writeBigUInt64LE(SYSID, 24);
  await writeFile(join(pgdata, 'pg_wal', name), bytes);
  await writeFile(join(pgdata, 'pg_wal', 'archive_status', `${name}.ready`), '');
}

/** One archiver call: `command` for `name` through sh in the data directory; `.done` on success. */
function archive(
  name: string,
  command = archiveCommand({ node: wrapper, script: WAL_ENTRY }, `file://${repo}`),
  env: NodeJS.ProcessEnv = process.env,
) {
  return spawnSync('sh', ['-c', command.replaceAll('%p', `pg_wal/${name}`).replaceAll('%f', name)], {
    cwd: pgdata,
    encoding: 'utf8',
    env,
  });
}

async function done(name: string): Promise<void> {
  const status = join(pgdata, 'pg_wal', 'archive_status');
  await rename(join(status, `${name}.ready`), join(status, `${name}.done`));
}

const nodeStarts = async () =>
  (await readFile(calls, 'utf8').catch(() => '')).split('\n').filter((l) => l.trim()).length;
const markers = async () => (await readdir(join(pgdata, PUSHED_DIR)).catch(() => [] as string[])).sort();
const objectPath = (name: string, root = repo) =>
  join(root, ...walObjectKey(SYSID.toString(), name).split('/'));

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dbb-archive-fast-'));
  pgdata = join(dir, 'data');
  repo = join(dir, 'repo');
  calls = join(dir, 'node-calls');
  wrapper = await recordingNode(dir, calls);
  await mkdir(join(pgdata, 'global'), { recursive: true });
  await mkdir(join(pgdata, 'pg_wal', 'archive_status'), { recursive: true });
  const control = Buffer.alloc(8192);
  control.writeBigUInt64LE(SYSID, 0);
  await writeFile(join(pgdata, 'global', 'pg_control'), control);
  await writeFile(join(pgdata, 'PG_VERSION'), '15\n');
  for (const [i, name] of NAMES.entries()) await segment(name, i + 1);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The first call (Node) stores the requested file and pushes the other two ahead. */
async function firstCall(): Promise<void> {
  const first = archive(NAMES[0]!);
  expect(first.status, first.stderr).toBe(0);
  await done(NAMES[0]!);
  expect(await nodeStarts()).toBe(1);
  for (const name of NAMES) expect((await stat(objectPath(name))).size).toBeGreaterThan(0);
  // JSON marker, hard link of the segment, symlink to the object, for each file pushed ahead.
  expect(await markers()).toEqual(NAMES.slice(1).flatMap((n) => [n, `${n}.obj`, `${n}.seg`]));
  const seg = await stat(join(pgdata, PUSHED_DIR, `${NAMES[1]}.seg`));
  expect(seg.ino).toBe((await stat(join(pgdata, 'pg_wal', NAMES[1]!))).ino);
}

describe('archive_command sh fast path (local repository)', () => {
  it('answers files pushed ahead without starting Node, and consumes their markers', async () => {
    await firstCall();
    for (const name of NAMES.slice(1)) {
      const run = archive(name);
      expect(run.status, run.stderr).toBe(0);
      await done(name);
    }
    expect(await nodeStarts()).toBe(1);
    expect(await markers()).toEqual([]);
  });

  it('answers files pushed ahead into an encrypted repository (.zst.age) the same way', async () => {
    const env = { ...process.env, BACKUP_ENCRYPTION_RECIPIENTS: generateIdentity().recipient };
    const command = archiveCommand({ node: wrapper, script: WAL_ENTRY }, `file://${repo}`);
    for (const name of NAMES) {
      const run = archive(name, command, env);
      expect(run.status, run.stderr).toBe(0);
      await done(name);
    }
    expect(await nodeStarts()).toBe(1);
    expect(await markers()).toEqual([]);
    for (const name of NAMES) {
      const key = walObjectKey(SYSID.toString(), name, true);
      expect((await stat(join(repo, ...key.split('/')))).size).toBeGreaterThan(0);
    }
  });

  it('a segment that is not the pushed inode goes to Node: identical content is archived, different is a conflict', async () => {
    await firstCall();
    const [, second, third] = NAMES as [string, string, string];
    // Same bytes, new inode: Node compares with the archived copy.
    const path2 = join(pgdata, 'pg_wal', second);
    await cp(path2, `${path2}.copy`);
    await rename(`${path2}.copy`, path2);
    const same = archive(second);
    expect(same.status, same.stderr).toBe(0);
    expect(await nodeStarts()).toBe(2);
    expect(await markers()).toEqual([third, `${third}.obj`, `${third}.seg`]);
    // Different bytes under the name: the full check refuses and keeps the archived copy (exit 5).
    const path3 = join(pgdata, 'pg_wal', third);
    const changed = await readFile(path3);
    changed[8192]! ^= 0xff;
    await writeFile(`${path3}.new`, changed);
    await rename(`${path3}.new`, path3);
    const conflict = archive(third);
    expect(conflict.status).toBe(5);
    expect(conflict.stderr).toMatch(/WAL_CONFLICT/);
    expect(await nodeStarts()).toBe(3);
  });

  it('a stored object that was deleted goes to Node, which stores it again', async () => {
    await firstCall();
    await rm(objectPath(NAMES[1]!));
    const run = archive(NAMES[1]!);
    expect(run.status, run.stderr).toBe(0);
    expect(await nodeStarts()).toBe(2);
    expect((await stat(objectPath(NAMES[1]!))).size).toBeGreaterThan(0);
    expect((await markers()).some((m) => m.startsWith(NAMES[1]!))).toBe(false);
  });

  it('a command naming another repository does not trust markers of this one', async () => {
    await firstCall();
    const other = join(dir, 'other-repo');
    const run = archive(NAMES[1]!, archiveCommand({ node: wrapper, script: WAL_ENTRY }, `file://${other}`));
    expect(run.status, run.stderr).toBe(0);
    expect(await nodeStarts()).toBe(2);
    expect((await stat(objectPath(NAMES[1]!, other))).size).toBeGreaterThan(0);
  });

  it('Node cleans stale markers (their files archived or gone) so no hard link pins a segment', async () => {
    await firstCall();
    const [, second, third] = NAMES as [string, string, string];
    // The second file was archived by other means and removed: its .seg is now the segment's last link.
    await done(second);
    await rm(join(pgdata, 'pg_wal', second));
    expect((await stat(join(pgdata, PUSHED_DIR, `${second}.seg`))).nlink).toBe(1);
    const fourth = '000000010000000000000004';
    await segment(fourth, 4);
    const run = archive(fourth);
    expect(run.status, run.stderr).toBe(0);
    expect(await nodeStarts()).toBe(2);
    expect(await markers()).toEqual([third, `${third}.obj`, `${third}.seg`]);
  });

  it('the command servers already have (node wal.js wal-push %p) still confirms and consumes the markers', async () => {
    await firstCall();
    const run = archive(NAMES[1]!, legacyWalPushCommand(repo));
    expect(run.status, run.stderr).toBe(0);
    expect((await markers()).some((m) => m.startsWith(NAMES[1]!))).toBe(false);
  });

  it('anything that is not a WAL file goes to Node and keeps its exit code (2, usage)', async () => {
    await writeFile(join(pgdata, 'pg_wal', 'junk'), 'x');
    const run = archive('junk');
    expect(run.status).toBe(2);
    expect(await nodeStarts()).toBe(1);
  });

  it('`db-backup wal archive-command` prints the line for this installation and repository', () => {
    const cli = fileURLToPath(new URL('../src/cli/index.ts', import.meta.url));
    const run = spawnSync(NODE, [cli, 'wal', 'archive-command', '--storage', repo, '--json'], {
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as { archiveCommand: string; setting: string; fastPath: boolean };
    expect(out.archiveCommand).toBe(archiveCommand({ node: NODE, script: WAL_ENTRY }, `file://${repo}`));
    expect(out.setting).toBe(archiveCommandSetting(out.archiveCommand));
    expect(out.fastPath).toBe(true);
    const plain = spawnSync(NODE, [cli, 'wal', 'archive-command', '--storage', repo], { encoding: 'utf8' });
    expect(plain.stdout.trim()).toBe(out.setting);
  });

  it('prints as a postgresql.conf line whose value is the command', () => {
    const command = archiveCommand(
      { node: "/opt/it's/node", script: '/opt/100%/wal.js' },
      'file:///srv/repo',
    );
    expect(command).toContain("'/opt/100%%/wal.js'");
    const line = archiveCommandSetting(command);
    expect(line.startsWith("archive_command = '")).toBe(true);
    expect(line.slice("archive_command = '".length, -1).replaceAll("''", "'")).toBe(command);
    // A remote repository has no fast path.
    expect(archiveCommand({ node: '/n', script: '/w.js' }, 's3://bucket/db')).toBe(
      "'/n' '/w.js' wal-push %p --storage 's3://bucket/db'",
    );
    expect(
      archiveCommand({ node: '/n', script: '/w.js' }, 's3://bucket/db', { configFile: '/etc/b.json' }),
    ).toBe("'/n' '/w.js' wal-push %p --config '/etc/b.json' --storage 's3://bucket/db'");
  });
});

describe('archive_command sh fast path under a real archiver', () => {
  it('a burst of ready segments costs one Node start per batch, every segment archived', async () => {
    const owned = await postgresOwnedDir('dbb-archive-fast-cluster-');
    const repository = join(owned.path, 'repo');
    const log = join(owned.path, 'node-calls');
    const node = await recordingNode(owned.path, log);
    // archive_command empty: PostgreSQL keeps the segments ready until one is set (a busy server's backlog).
    const cluster = await startLocalCluster({
      settings: { wal_level: 'replica', archive_mode: 'on', archive_command: '', archive_timeout: '0' },
    });
    try {
      await withClient(cluster.connection, 'postgres', async (c) => {
        await c.query('CREATE TABLE burst (id int, payload text)');
        for (let i = 0; i < 6; i++) {
          await c.query(
            `INSERT INTO burst SELECT g, repeat(md5(g::text), 8) FROM generate_series(1, 20000) g`,
          );
          await c.query('SELECT pg_switch_wal()');
        }
      });
      const ready = (await readdir(join(cluster.dataDir, 'pg_wal', 'archive_status'))).filter((n) =>
        n.endsWith('.ready'),
      );
      expect(ready.length).toBeGreaterThanOrEqual(6);
      await withClient(cluster.connection, 'postgres', async (c) => {
        const command = archiveCommand({ node, script: WAL_ENTRY }, `file://${repository}`);
        await c.query(`ALTER SYSTEM SET archive_command = '${command.replaceAll("'", "''")}'`);
        await c.query('SELECT pg_reload_conf()');
      });
      await archiveEverything(cluster);
      const stored = (await readdir(join(repository, 'wal'), { recursive: true })).filter((p) =>
        /[0-9A-F]{24}\.zst$/.test(p),
      );
      expect(stored.length).toBeGreaterThanOrEqual(ready.length);
      const starts = (await readFile(log, 'utf8')).split('\n').filter((l) => l.trim()).length;
      // Each Node start pushes up to 32 ready files ahead; their own calls are answered by sh.
      expect(starts).toBeLessThan(stored.length / 2);
      const left = await readdir(join(cluster.dataDir, PUSHED_DIR)).catch(() => [] as string[]);
      expect(left.filter((n) => n.endsWith('.seg'))).toEqual([]);
    } finally {
      await cluster.stop();
      await owned.remove();
    }
  });
});
