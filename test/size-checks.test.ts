/**
 * Size checks against the silent 20-byte dump: `verify --min-size` and `drill --min-size` (BACKUP_MIN_SIZE_BYTES)
 * fail a backup that stores too little, and the daemon's pre-flight refuses a backup that cannot fit.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { StorageError } from '../src/core/errors.ts';
import { type LocalCluster, startLocalCluster } from '../src/core/postgres/local-cluster.ts';
import { createDatabase } from '../src/core/postgres/server.ts';
import { LocalStorage } from '../src/core/storage/local.ts';
import { assertRoomFor } from '../src/daemon/job-runners.ts';
import { loadSampleData } from '../src/demo/load-sample-data.ts';
import { cliEnvFor, runCli } from './helpers/cli.ts';

const PASSWORD = 'size-Secret-pw';
let cluster: LocalCluster;
let root: string;
let env: Record<string, string>;
let id: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'dbb-size-'));
  cluster = await startLocalCluster({ password: PASSWORD });
  await createDatabase(cluster.connection, 'shop');
  await loadSampleData(cluster.connection, 'shop');
  env = cliEnvFor(cluster, PASSWORD, { BACKUP_STORAGE: join(root, 'repo') });
  const backup = await runCli(['--json', 'backup', '-d', 'shop'], { env });
  expect(backup.code, backup.stderr).toBe(0);
  id = JSON.parse(backup.stdout).backups[0].id;
});

afterAll(async () => {
  await cluster?.stop();
  rmSync(root, { recursive: true, force: true });
});

it('verify --min-size fails a backup smaller than the floor and passes one above it', async () => {
  const tooSmall = await runCli(['verify', id, '--min-size', '1000000000'], { env });
  expect(tooSmall.code).toBe(3);
  expect(tooSmall.stdout).toMatch(/FAIL\s+minimum size: \d+ bytes stored; the minimum is 1000000000/);
  const fine = await runCli(['verify', id, '--min-size', '1000'], { env });
  expect(fine.code, fine.stdout + fine.stderr).toBe(0);
});

it('drill --min-size fails the drill naming the check', async () => {
  const result = await runCli(['--json', 'drill', '-d', 'shop', '--min-size', '1000000000'], { env });
  expect(result.code).toBe(3);
  const check = JSON.parse(result.stdout).report.checks.find(
    (c: { name: string }) => c.name === 'minimum size',
  );
  expect(check.status).toBe('fail');
});

it('the daemon pre-flight refuses a backup that cannot fit on local storage', async () => {
  const storage = new LocalStorage(join(root, 'repo'));
  const huge = [{ databases: [{ name: 'shop' }], objects: [{ storedSize: 2 ** 60 }] }];
  await expect(assertRoomFor(storage, huge, ['shop'])).rejects.toThrow(StorageError);
  await expect(assertRoomFor(storage, huge, ['shop'])).rejects.toThrow(/not enough free space/);
  await expect(
    assertRoomFor(storage, [{ databases: [{ name: 'shop' }], objects: [{ storedSize: 1 }] }], ['shop']),
  ).resolves.toBeUndefined();
});
