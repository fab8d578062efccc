/**
 * A backup that fails part way must never look like a backup: the server dying mid-dump, the backup process
 * killed with SIGKILL, and the storage filling up each leave nothing listed, and the next backup succeeds.
 * Also: the password never appears in any process's arguments while a backup runs.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statfsSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBackup } from '../src/core/backup/run-backup.ts';
import { loadConfig } from '../src/core/config/load-config.ts';
import { clientConfig } from '../src/core/postgres/connection.ts';
import { type LocalCluster, startLocalCluster } from '../src/core/postgres/local-cluster.ts';
import { createDatabase, listDatabases } from '../src/core/postgres/server.ts';
import { listBackups } from '../src/core/repository/catalog.ts';
import { LocalStorage } from '../src/core/storage/local.ts';
import type { Storage } from '../src/core/storage/types.ts';
import { cliEnvFor, runCli, startCli } from './helpers/cli.ts';
import { alive, childrenOf } from './helpers/proc-scan.ts';
import { tempRoot } from './helpers/temp-root.ts';

const temp = tempRoot('failures');

const PASSWORD = 'Kill-Me-Softly-7f3a';
const DB = 'bulk';
let cluster: LocalCluster;
let env: Record<string, string>;

/** Every file under `dir`, recursively (paths relative to `dir`). */
function walk(dir: string, prefix = ''): string[] {
  let out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out = out.concat(walk(join(dir, entry.name), rel));
    else out.push(rel);
  }
  return out;
}

/** Resolves once an unfinished put (a `.tmp-` file) in the repository holds bytes: the dump is streaming. */
async function waitForStreaming(repo: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      for (const rel of walk(repo)) {
        if (rel.includes('.tmp-') && rel.includes('backups/') && statSync(join(repo, rel)).size > 0) return;
      }
    } catch {
      // the directory may not exist yet, or a temp file vanished between readdir and stat
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('the backup never started streaming');
}

async function newRepo(): Promise<string> {
  return join(temp.dir('fail'), 'backups');
}

async function listed(repo: string): Promise<string[]> {
  const result = await runCli(['--json', 'list', '--database', DB], {
    env: { ...env, BACKUP_STORAGE: repo },
  });
  expect(result.code, result.stderr).toBe(0);
  return (JSON.parse(result.stdout) as { id: string }[]).map((b) => b.id);
}

beforeAll(async () => {
  cluster = await startLocalCluster({ password: PASSWORD });
  env = cliEnvFor(cluster, PASSWORD);
  await createDatabase(cluster.connection, DB);
  const client = new pg.Client(clientConfig(cluster.connection, DB));
  await client.connect();
  // Enough poorly compressible data that a dump streams for a few seconds on a slow machine.
  await client.query(`CREATE TABLE readings (id bigint PRIMARY KEY, a text, b text, c text)`);
  await client.query(
    `INSERT INTO readings SELECT g, md5(g::text), md5((g * 7)::text), md5((g * 13)::text)
       FROM generate_series(1, 1500000) g`,
  );
  await client.end();
});

afterAll(async () => {
  await cluster?.stop();
});

describe('failures during a backup leave no visible backup', () => {
  it('the server stopped mid-dump: the backup fails, nothing is listed, the next backup succeeds', async () => {
    const repo = await newRepo();
    const run = startCli(['backup', '--database', DB], { env: { ...env, BACKUP_STORAGE: repo } });
    await waitForStreaming(repo);
    await cluster.kill();
    const result = await run.done;
    await cluster.start();

    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/pg_dump/);
    expect(result.stderr).not.toContain(PASSWORD);
    expect(walk(repo).filter((f) => f.endsWith('manifest.json'))).toEqual([]);
    expect(walk(repo).filter((f) => f.includes('.tmp-'))).toEqual([]);
    expect(await listed(repo)).toEqual([]);

    const again = await runCli(['--json', 'backup', '--database', DB], {
      env: { ...env, BACKUP_STORAGE: repo },
    });
    expect(again.code, again.stderr).toBe(0);
    const ids = await listed(repo);
    expect(ids).toHaveLength(1);
    const verify = await runCli(['verify', ids[0] as string], { env: { ...env, BACKUP_STORAGE: repo } });
    expect(verify.code, verify.stderr).toBe(0);
  });

  it('the backup process killed with SIGKILL: nothing is listed, the stale lock is taken over', async () => {
    const repo = await newRepo();
    const run = startCli(['backup', '--database', DB], { env: { ...env, BACKUP_STORAGE: repo } });
    await waitForStreaming(repo);
    run.child.kill('SIGKILL');
    const result = await run.done;
    expect(result.signal).toBe('SIGKILL');
    // The killed process left its lock and a partial temp file behind; neither may count as a backup.
    expect(walk(repo).some((f) => f.startsWith('locks/'))).toBe(true);
    expect(await listed(repo)).toEqual([]);

    const again = await runCli(['--json', 'backup', '--database', DB], {
      env: { ...env, BACKUP_STORAGE: repo },
    });
    expect(again.code, again.stderr).toBe(0);
    expect(await listed(repo)).toHaveLength(1);
    // The lock is released after the successful backup.
    expect(walk(repo).filter((f) => f.startsWith('locks/'))).toEqual([]);
  });

  it('the backup process killed with SIGKILL leaves no orphan: zstd, writing the object itself, stops too', async () => {
    // A pg_dump that never ends (the real dump, then a byte every 50 ms): an orphaned zstd would wait on it
    // for ever, and only zstd's death (by the parent-death signal) ends this pg_dump, through a broken pipe.
    const bin = temp.dir('endless-bin');
    for (const name of readdirSync(cluster.binDir)) symlinkSync(join(cluster.binDir, name), join(bin, name));
    rmSync(join(bin, 'pg_dump'));
    writeFileSync(
      join(bin, 'pg_dump'),
      `#!/bin/sh\n"${cluster.binDir}/pg_dump" "$@" || exit $?\ncase "$*" in *--version*) exit 0;; esac\nwhile :; do printf x || exit 1; sleep 0.05; done\n`,
      { mode: 0o755 },
    );
    const repo = await newRepo();
    const run = startCli(['backup', '--database', DB], {
      env: { ...env, BACKUP_STORAGE: repo, BACKUP_PG_BIN_DIR: bin },
    });
    await waitForStreaming(repo);
    const children = childrenOf(run.child.pid!);
    expect(children.length).toBe(2);
    run.child.kill('SIGKILL');
    expect((await run.done).signal).toBe('SIGKILL');
    const deadline = Date.now() + 10_000;
    while (children.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const orphans = children.filter(alive);
    for (const pid of orphans) process.kill(pid, 'SIGKILL');
    expect(orphans).toEqual([]);
    expect(await listed(repo)).toEqual([]);
  });

  it('storage failing mid-write (disk full): the backup rejects and no manifest is written', async () => {
    const repo = await newRepo();
    const local = new LocalStorage(repo);
    let failed = 0;
    // Data objects fail with ENOSPC after 256 KiB; small objects (repository config, lock) succeed.
    const full: Storage = {
      location: local.location,
      get: (key) => local.get(key),
      stat: (key) => local.stat(key),
      list: (prefix) => local.list(prefix),
      delete: (key) => local.delete(key),
      put(key, body, options) {
        if (typeof body === 'string' || Buffer.isBuffer(body)) return local.put(key, body, options);
        let seen = 0;
        const quota = new Transform({
          transform(chunk: Buffer, _enc, callback) {
            seen += chunk.length;
            if (seen > 256 * 1024) {
              failed++;
              callback(
                Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }),
              );
            } else callback(null, chunk);
          },
        });
        body.on('error', (error) => quota.destroy(error));
        return local.put(key, body.pipe(quota), options);
      },
    };
    const config = loadConfig({
      env: { ...env, BACKUP_STORAGE: repo },
      flags: { databases: [DB] },
    });
    await expect(runBackup({ config, storage: full })).rejects.toMatchObject({
      code: 'STORAGE_ERROR',
      message: expect.stringMatching(/disk full/),
    });
    expect(failed).toBeGreaterThan(0);
    expect(await listBackups(local)).toEqual([]);
    expect(walk(repo).filter((f) => f.endsWith('manifest.json') || f.includes('.tmp-'))).toEqual([]);
    // With space again, the same repository takes a backup.
    const outcome = await runBackup({ config, storage: local });
    expect(outcome.manifests).toHaveLength(1);
    expect(await listBackups(local)).toHaveLength(1);
  });
});

/**
 * Runs `body` with a fresh tmpfs of `size` mounted, unmounting it afterwards; skips the test where mounting is not
 * allowed (not root).
 */
async function onSmallFilesystem(
  ctx: { skip: (note?: string) => void },
  size: string,
  body: (mountPoint: string) => Promise<void>,
): Promise<void> {
  const dir = temp.dir('full');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0755`, 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    ctx.skip('mounting a tmpfs needs root; the simulated disk-full test above still runs');
    return;
  }
  try {
    await body(dir);
  } finally {
    execFileSync('umount', [dir]);
  }
}

describe('a real full disk', () => {
  it('a repository on a filesystem that fills up: exit 1 naming the disk, nothing listed, no space held', (ctx) =>
    onSmallFilesystem(ctx, '3m', async (mnt) => {
      const repo = join(mnt, 'backups');
      const result = await runCli(['backup', '--database', DB], { env: { ...env, BACKUP_STORAGE: repo } });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/disk full/);
      expect(result.stderr).toMatch(/hint:/);
      expect(await listed(repo)).toEqual([]);
      expect(walk(repo).filter((f) => f.includes('.tmp-') || f.endsWith('.zst'))).toEqual([]);
      // The partial object was deleted: the space is free again for the next attempt.
      const fs = statfsSync(mnt);
      expect(fs.bavail / fs.blocks).toBeGreaterThan(0.9);
    }));
});

describe('a full work directory during a restore', () => {
  it('exits 1 naming the space problem and TMPDIR; the target database is never created', (ctx) =>
    onSmallFilesystem(ctx, '1m', async (mnt) => {
      const repo = await newRepo();
      const made = await runCli(['--json', 'backup', '--database', DB], {
        env: { ...env, BACKUP_STORAGE: repo },
      });
      expect(made.code, made.stderr).toBe(0);
      const id = JSON.parse(made.stdout).backups[0].id;
      const result = await runCli(['restore', id, '--target-database', 'bulk_copy'], {
        env: { ...env, BACKUP_STORAGE: repo, TMPDIR: mnt },
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/STORAGE_ERROR.*no space left/);
      expect(result.stderr).toMatch(/hint:.*TMPDIR/);
      expect(await listDatabases(cluster.connection)).not.toContain('bulk_copy');
      expect(readdirSync(mnt)).toEqual([]);
    }));
});

describe('the compressor', () => {
  it('zstd dying mid-stream fails the backup promptly (pg_dump is not left blocked) and stores nothing', async () => {
    const repo = await newRepo();
    const fakeBin = temp.dir('fakezstd');
    // Reads a little of the dump, then fails: pg_dump must see EPIPE rather than wait on a pipe nobody reads.
    await writeFile(
      join(fakeBin, 'zstd'),
      '#!/bin/sh\nhead -c 65536 > /dev/null\necho "zstd: simulated crash" >&2\nexit 9\n',
    );
    await chmod(join(fakeBin, 'zstd'), 0o755);
    const started = Date.now();
    const result = await runCli(['backup', '--database', DB], {
      env: { ...env, BACKUP_STORAGE: repo, PATH: `${fakeBin}:${process.env.PATH}` },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/DUMP_FAILED/);
    expect(result.stderr).toMatch(/zstd|pg_dump/);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(walk(repo).filter((f) => f.startsWith('backups/'))).toEqual([]);
    expect(await listed(repo)).toEqual([]);
  });

  it('the raw size recorded for a zstd object is the exact length of the decompressed dump', async () => {
    const repo = await newRepo();
    const result = await runCli(['--json', 'backup', '--database', DB, '--table', 'readings'], {
      env: { ...env, BACKUP_STORAGE: repo },
    });
    expect(result.code, result.stderr).toBe(0);
    const object = JSON.parse(result.stdout).backups[0].objects[0];
    const raw = execFileSync('zstd', ['-q', '-d', '-c', join(repo, object.key)], {
      maxBuffer: 1 << 30,
    });
    expect(object.rawSize).toBe(raw.length);
    expect(object.storedSize).toBe(statSync(join(repo, object.key)).size);
    expect(object.rawSize).toBeGreaterThan(object.storedSize);
  });
});

describe('secrets in process arguments', () => {
  it('no process started by a backup carries the password in its command line', async () => {
    const repo = await newRepo();
    const url = `postgres://postgres:${encodeURIComponent(PASSWORD)}@127.0.0.1:${cluster.connection.port}/${DB}`;
    const { PGPASSWORD: _omit, ...rest } = env;
    const run = startCli(['backup'], { env: { ...rest, DATABASE_URL: url, BACKUP_STORAGE: repo } });
    let finished = false;
    void run.done.then(() => {
      finished = true;
    });
    const leaks: string[] = [];
    let scans = 0;
    let sawPgDump = false;
    while (!finished) {
      for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
        let cmdline: string;
        try {
          cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
        } catch {
          continue;
        }
        if (cmdline.includes('pg_dump')) sawPgDump = true;
        if (cmdline.includes(PASSWORD) || cmdline.includes(encodeURIComponent(PASSWORD))) leaks.push(cmdline);
      }
      scans++;
      await new Promise((r) => setTimeout(r, 5));
    }
    const result = await run.done;
    expect(result.code, result.stderr).toBe(0);
    expect(scans).toBeGreaterThan(5);
    expect(sawPgDump).toBe(true);
    expect(leaks).toEqual([]);
  });
});
