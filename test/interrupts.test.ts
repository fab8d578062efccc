/**
 * Ctrl-C and SIGTERM through the real CLI during long work: the command stops its children, removes what it
 * had written, releases the repository lock, says `error [INTERRUPTED]` and exits 130 (SIGINT) / 143 (SIGTERM).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientConfig } from '../src/core/postgres/connection.ts';
import { type LocalCluster, startLocalCluster } from '../src/core/postgres/local-cluster.ts';
import { createDatabase } from '../src/core/postgres/server.ts';
import { cliEnvFor, runCli, startCli } from './helpers/cli.ts';
import { alive, childrenOf } from './helpers/proc-scan.ts';

const PASSWORD = 'intr-Secret-pw';
let cluster: LocalCluster;
let root: string;

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'dbb-interrupts-'));
  cluster = await startLocalCluster({ password: PASSWORD });
  await createDatabase(cluster.connection, 'big');
  const client = new pg.Client(clientConfig(cluster.connection, 'big'));
  await client.connect();
  // Large enough that a backup takes seconds: time to interrupt it in the middle.
  await client.query(
    `CREATE TABLE r AS SELECT g AS id, md5(g::text) AS a, md5((g * 7)::text) AS b, repeat(md5(g::text), 4) AS c
     FROM generate_series(1, 2000000) g`,
  );
  await client.end();
});

afterAll(async () => {
  await cluster?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe.each([
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const)('%s during a backup', (signal, code) => {
  it(`exits ${code}, stops its children, keeps nothing and releases the lock`, async () => {
    const repo = join(root, `repo-${signal}`);
    const env = cliEnvFor(cluster, PASSWORD, { BACKUP_STORAGE: repo });
    const run = startCli(['backup', '-d', 'big'], { env });
    const deadline = Date.now() + 60_000;
    // Wait until the dump streams into the repository (its temp object has bytes).
    const streaming = () =>
      filesUnder(join(repo, 'backups')).some(
        (f) => f.includes('.tmp') && statSync(f, { throwIfNoEntry: false })?.size,
      );
    while (!streaming() && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const children = childrenOf(run.child.pid!);
    expect(children.length).toBeGreaterThan(0);
    run.child.kill(signal);
    const result = await run.done;
    expect(result.code, result.stderr).toBe(code);
    expect(result.stderr).toMatch(new RegExp(`error \\[INTERRUPTED\\]: interrupted by ${signal}`));
    expect(result.stderr).not.toMatch(/\n\s+at /);
    for (const pid of children) expect(alive(pid), `child ${pid} still running`).toBe(false);
    const left = filesUnder(join(repo, 'backups'));
    expect(left, left.join(', ')).toEqual([]);
    expect(filesUnder(join(repo, 'locks'))).toEqual([]);
    const report = JSON.parse(readFileSync(filesUnder(join(repo, 'reports', 'backups'))[0]!, 'utf8'));
    expect(report).toMatchObject({ status: 'failed', error: { code: 'INTERRUPTED' } });
    // The lock was released: the next backup runs without waiting or taking over a stale lock.
    const next = await runCli(['backup', '-d', 'big', '--compression', 'none', '--schema-only'], { env });
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).not.toMatch(/stale|took over/i);
  });
});

describe('long work is visible', () => {
  it('without a terminal a backup logs progress lines on stderr, and --json keeps stdout one document', async () => {
    const repo = join(root, 'repo-progress');
    const env = cliEnvFor(cluster, PASSWORD, {
      BACKUP_STORAGE: repo,
      BACKUP_LOG_LEVEL: 'info',
      BACKUP_PROGRESS_INTERVAL_MS: '200',
    });
    const result = await runCli(['--json', 'backup', '-d', 'big'], { env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/^progress: dumping "big" [\d.]+ (KiB|MiB|GiB)/m);
    expect(JSON.parse(result.stdout).backups).toHaveLength(1);
    expect(result.stdout).not.toMatch(/progress:/);
    const quiet = await runCli(['backup', '-d', 'big', '--quiet'], { env });
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).not.toMatch(/progress:/);
  });
});
