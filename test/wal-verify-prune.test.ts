/**
 * The archive's maintenance against a real archiving cluster: `wal verify` finds a deleted segment and
 * reports the window, `prune` drops WAL only before the oldest kept base backup, and wal-fetch keeps
 * PostgreSQL's restore_command contract (exit 1 when not archived, prefetching the next segments).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unsealBuffer } from '../src/core/pipeline/seal.ts';
import { withClient } from '../src/core/postgres/connection.ts';
import type { LocalCluster } from '../src/core/postgres/local-cluster.ts';
import { walObjectKey } from '../src/core/repository/keys.ts';
import { LocalStorage } from '../src/core/storage/local.ts';
import { PREFETCH_DIR } from '../src/core/wal/prefetch-cache.ts';
import { readWalArea } from '../src/core/wal/wal-area.ts';
import { nextSegmentNames } from '../src/core/wal/wal-names.ts';
import { cliEnvFor, runCli } from './helpers/cli.ts';
import {
  archiveEverything,
  NODE,
  postgresOwnedDir,
  startArchivingCluster,
  WAL_ENTRY,
} from './helpers/wal-cluster.ts';

const PASSWORD = 'verify-prune-pw';
let cluster: LocalCluster;
let repo: { path: string; remove(): Promise<void> };
let scratch: string;
const bases: { id: string; base: { walStart: string; walStop: string } }[] = [];
const env = (extra: Record<string, string> = {}) =>
  cliEnvFor(cluster, PASSWORD, { BACKUP_STORAGE: repo.path, ...extra });

async function churn(rounds: number) {
  await withClient(cluster.connection, 'postgres', async (c) => {
    await c.query('CREATE TABLE IF NOT EXISTS churn (id int, v text)');
    for (let i = 0; i < rounds; i++) {
      await c.query("INSERT INTO churn SELECT g, repeat('v', 100) FROM generate_series(1, 1000) g");
      await c.query('SELECT pg_switch_wal()');
    }
  });
}

beforeAll(async () => {
  repo = await postgresOwnedDir('dbb-walv-repo-');
  scratch = await mkdtemp(join(tmpdir(), 'dbb-walv-'));
  cluster = await startArchivingCluster(repo.path, PASSWORD);
  for (let i = 0; i < 2; i++) {
    await churn(3);
    const base = await runCli(['--json', 'base-backup'], { env: env() });
    expect(base.code, base.stderr).toBe(0);
    bases.push(JSON.parse(base.stdout));
  }
  await churn(3);
  await archiveEverything(cluster);
}, 300_000);

afterAll(async () => {
  await cluster?.stop();
  await repo?.remove();
  await rm(scratch, { recursive: true, force: true });
});

describe('wal-fetch (restore_command contract)', () => {
  const fetch = (name: string, dest: string, pgdata: string) =>
    spawnSync(NODE, [WAL_ENTRY, 'wal-fetch', name, dest, '--pgdata', pgdata, '--storage', repo.path], {
      encoding: 'utf8',
    });

  it('fetches a segment byte-identical, prefetches the next ones, and exits 1 for one not archived', async () => {
    const pgdata = join(scratch, 'fetch');
    await mkdir(join(pgdata, 'pg_wal'), { recursive: true });
    const storage = new LocalStorage(repo.path);
    const area = (await readWalArea(storage))!;
    const name = bases[0]!.base.walStart;
    const got = fetch(name, 'pg_wal/RECOVERYXLOG', pgdata);
    expect(got.status, got.stderr).toBe(0);
    const key = walObjectKey(area.systemIdentifier, name);
    const expected = await unsealBuffer(await buffer(await storage.get(key)), key);
    expect((await readFile(join(pgdata, 'pg_wal', 'RECOVERYXLOG'))).equals(expected)).toBe(true);
    const next = nextSegmentNames(name, 1)[0]!;
    expect(existsSync(join(pgdata, PREFETCH_DIR, next))).toBe(true);
    // The next call is served from the cache (the file moves out of it).
    expect(fetch(next, 'pg_wal/RECOVERYXLOG', pgdata).status).toBe(0);
    expect(existsSync(join(pgdata, PREFETCH_DIR, next))).toBe(false);

    const missing = fetch('0000000100000000000000FF', 'pg_wal/RECOVERYXLOG', pgdata);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/not in the archive/);
    const future = fetch('00000009.history', 'pg_wal/RECOVERYHISTORY', pgdata);
    expect(future.status).toBe(1);
    // Any other failure is 2..125, never 1 (which would end recovery as if the archive were exhausted).
    const broken = spawnSync(
      NODE,
      [WAL_ENTRY, 'wal-fetch', name, 'pg_wal/X', '--pgdata', pgdata, '--storage', join(scratch, 'nowhere')],
      { encoding: 'utf8' },
    );
    expect(broken.status).toBeGreaterThanOrEqual(2);
    expect(broken.status).toBeLessThanOrEqual(125);
  });
});

describe('wal verify and WAL retention', () => {
  it('reports the window, then finds a deleted segment and exits 3', async () => {
    const ok = await runCli(['--json', 'wal', 'verify'], { env: env() });
    expect(ok.code, ok.stderr).toBe(0);
    const summary = JSON.parse(ok.stdout);
    expect(summary.gaps).toEqual([]);
    expect(summary.checkedFrom).toBe(bases[0]!.base.walStart);
    expect(Date.parse(summary.window.latest)).toBeGreaterThanOrEqual(Date.parse(summary.window.earliest));

    const storage = new LocalStorage(repo.path);
    const area = (await readWalArea(storage))!;
    const victim = nextSegmentNames(bases[1]!.base.walStop, 1)[0]!;
    const key = walObjectKey(area.systemIdentifier, victim);
    const copy = await buffer(await storage.get(key));
    await storage.delete(key);
    const broken = await runCli(['wal', 'verify'], { env: env() });
    expect(broken.code).toBe(3);
    expect(broken.stdout).toContain(`MISSING ${victim}`);
    const status = await runCli(['status'], { env: env() });
    expect(status.stdout).toMatch(/WAL: \d+ segments, archive lag \d+s, PITR window .*1 MISSING/);
    await storage.put(key, copy);
  });

  it('prune keeps WAL from the oldest kept base backup on and removes what is older', async () => {
    const storage = new LocalStorage(repo.path);
    const area = (await readWalArea(storage))!;
    const pruned = await runCli(['prune', '--keep-last', '1'], { env: env() });
    expect(pruned.code, pruned.stderr + pruned.stdout).toBe(0);
    const kept = bases[1]!.base.walStart;
    expect(pruned.stdout).toMatch(new RegExp(`archived WAL file\\(s\\) before ${kept}`));
    expect(await storage.stat(walObjectKey(area.systemIdentifier, bases[0]!.base.walStart))).toBeUndefined();
    expect(await storage.stat(walObjectKey(area.systemIdentifier, kept))).toBeDefined();
    const after = await runCli(['--json', 'wal', 'verify'], { env: env() });
    expect(after.code, after.stdout).toBe(0);
    expect(JSON.parse(after.stdout).checkedFrom).toBe(kept);
  });
});
