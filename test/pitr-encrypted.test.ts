/**
 * WAL archiving and point-in-time restore on S3 (s3rver) in an encrypted repository: the archiving server holds
 * only the recipient (public key); the restore holds the identity, and so does the restored server's
 * restore_command (from its environment). Stored WAL and base backup objects are age files.
 */
import { chown, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../src/core/config/load-config.ts';
import { resolveEncryption } from '../src/core/crypto/encryption.ts';
import { runChild } from '../src/core/pipeline/child.ts';
import { withClient } from '../src/core/postgres/connection.ts';
import { findFreePort, type LocalCluster, startLocalCluster } from '../src/core/postgres/local-cluster.ts';
import { walFileNameOfKey } from '../src/core/repository/keys.ts';
import { openConfiguredStorage } from '../src/core/storage/open-storage.ts';
import type { Storage } from '../src/core/storage/types.ts';
import { unsealWal } from '../src/core/wal/wal-crypto.ts';
import { cliEnvFor, runCli } from './helpers/cli.ts';
import { S3RVER_CREDENTIALS, type S3rverProcess, startS3rver } from './helpers/object-servers.ts';
import { archiveEverything, NODE, postgresOwnedDir, WAL_ENTRY } from './helpers/wal-cluster.ts';

const PASSWORD = 'pitr-enc-pw-8812';
const STORAGE = 's3://backups/pitr-encrypted';
const MARKER = 'plaintext-marker-q7Zk2w9X';
const AGE_MAGIC = 'age-encryption.org/v1';
let cluster: LocalCluster;
let server: S3rverProcess;
let work: { path: string; remove(): Promise<void> };
let s3Env: Record<string, string>;
let recipient: string;
let identityFile: string;
const restoredDir = (name: string) => join(work.path, name);

beforeAll(async () => {
  server = await startS3rver(['backups']);
  work = await postgresOwnedDir('dbb-pitr-enc-');
  identityFile = join(work.path, 'identity.txt');
  const keygen = await runCli(['keygen', '-o', identityFile]);
  expect(keygen.code, keygen.stderr).toBe(0);
  recipient = /Public key: (age1\w+)/.exec(keygen.stderr)![1]!;
  // The restored server (postgres OS user) runs restore_command, which reads the identity file.
  const ids = (await runChild('id', ['-u', 'postgres'])).stdout.trim();
  const gid = (await runChild('id', ['-g', 'postgres'])).stdout.trim();
  if (process.getuid?.() === 0) await chown(identityFile, Number(ids), Number(gid));
  s3Env = {
    S3_ENDPOINT: server.endpoint,
    S3_FORCE_PATH_STYLE: 'true',
    S3_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
    S3_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
    S3_CREATE_ONLY: 'head-then-put',
  };
  // The archiving server's environment: storage credentials and the public key, never the identity.
  Object.assign(process.env, s3Env, { BACKUP_ENCRYPTION_RECIPIENTS: recipient });
  cluster = await startLocalCluster({
    password: PASSWORD,
    settings: {
      wal_level: 'replica',
      archive_mode: 'on',
      archive_command: `'${NODE}' '${WAL_ENTRY}' wal-push %p --storage ${STORAGE}`,
      archive_timeout: '0',
    },
  });
}, 180_000);

afterAll(async () => {
  for (const dir of ['restored', 'no-key']) {
    await runChild('runuser', [
      '-u',
      'postgres',
      '--',
      join(cluster.binDir, 'pg_ctl'),
      'stop',
      '-D',
      restoredDir(dir),
      '-m',
      'immediate',
      '-w',
    ]).catch(() => undefined);
  }
  await cluster?.stop();
  await server?.stop();
  await work?.remove();
  delete process.env.BACKUP_ENCRYPTION_RECIPIENTS;
});

/** The repository as the test reads it back (no keys: bytes as stored). */
function repository(): Storage {
  return openConfiguredStorage(
    loadConfig({ env: { ...s3Env, BACKUP_STORAGE: STORAGE, PGHOST: '127.0.0.1' } }),
  );
}

it('archives encrypted WAL and an encrypted base backup to S3 and restores to a time between two commits', async () => {
  const env = cliEnvFor(cluster, PASSWORD, {
    BACKUP_STORAGE: STORAGE,
    ...s3Env,
    BACKUP_ENCRYPTION_RECIPIENTS: recipient,
  });
  const q = (text: string) => withClient(cluster.connection, 'postgres', (c) => c.query(text));
  await q('CREATE TABLE t (id int, note text)');
  await q(`INSERT INTO t SELECT g, '${MARKER}' FROM generate_series(1, 10) g`);
  const base = await runCli(['base-backup'], { env });
  expect(base.code, base.stderr).toBe(0);
  await q(`INSERT INTO t SELECT g, '${MARKER}' FROM generate_series(11, 20) g`);
  await new Promise((r) => setTimeout(r, 1100));
  const { rows } = await q(
    'SELECT to_char(clock_timestamp() AT TIME ZONE \'UTC\', \'YYYY-MM-DD"T"HH24:MI:SS.US"Z"\') AS t',
  );
  await new Promise((r) => setTimeout(r, 1100));
  await q(`INSERT INTO t SELECT g, '${MARKER}' FROM generate_series(21, 30) g`);
  await archiveEverything(cluster);

  // Every stored WAL and base backup object is an age file without the marker; opened, the WAL has it.
  const storage = repository();
  const objects = (await storage.list('')).map((o) => o.key);
  const walKeys = objects.filter((k) => walFileNameOfKey(k) !== undefined);
  const baseKeys = objects.filter((k) => /^backups\/[^/]+\/(base\.|backup_manifest)/.test(k));
  expect(walKeys.length).toBeGreaterThan(2);
  expect(walKeys.every((k) => k.endsWith('.zst.age'))).toBe(true);
  expect(baseKeys.map((k) => k.replace(/^backups\/[^/]+\//, '')).sort()).toEqual([
    'backup_manifest.age',
    'base.tar.zst.age',
  ]);
  const keys = resolveEncryption(
    loadConfig({ env: { BACKUP_ENCRYPTION_IDENTITY_FILE: identityFile, PGHOST: '127.0.0.1' } }),
  ).keys;
  let markerInOpenedWal = false;
  for (const key of [...walKeys, ...baseKeys]) {
    const bytes = await buffer(await storage.get(key));
    expect(bytes.subarray(0, AGE_MAGIC.length).toString('latin1'), key).toBe(AGE_MAGIC);
    expect(bytes.includes(MARKER), key).toBe(false);
    if (walKeys.includes(key) && (await unsealWal(bytes, key, keys)).includes(MARKER))
      markerInOpenedWal = true;
  }
  expect(markerInOpenedWal).toBe(true);

  const verify = await runCli(['wal', 'verify'], { env });
  expect(verify.code, verify.stdout + verify.stderr).toBe(0);

  const restoreArgs = (dir: string, port: number) => [
    'restore',
    '--pitr',
    '--pgdata',
    restoredDir(dir),
    '--target-time',
    rows[0].t,
    '--start',
    '--server-setting',
    `port=${port}`,
    '--server-setting',
    `unix_socket_directories=${work.path}`,
    '--server-setting',
    'archive_mode=off',
  ];
  // Without the identity: refused before anything is written, exit 2 with a hint.
  const refused = await runCli(restoreArgs('no-key', await findFreePort()), { env });
  expect(refused.code, refused.stderr).toBe(2);
  expect(refused.stderr).toMatch(/ENCRYPTION_KEY/);
  expect(refused.stderr).toMatch(/hint: .*BACKUP_ENCRYPTION_IDENTITY_FILE/);
  await expect(readFile(join(restoredDir('no-key'), 'PG_VERSION'))).rejects.toThrow();

  const port = await findFreePort();
  const restored = await runCli(restoreArgs('restored', port), {
    env: { ...env, BACKUP_ENCRYPTION_IDENTITY_FILE: identityFile },
  });
  expect(restored.code, restored.stderr + restored.stdout).toBe(0);
  const ids = await withClient({ ...cluster.connection, port }, 'postgres', async (c) =>
    (await c.query<{ id: number }>('SELECT id FROM t ORDER BY id')).rows.map((r) => r.id),
  );
  expect(ids).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  // The restore config names the bucket; it holds neither the identity nor the storage secret.
  const written = await readFile(join(restoredDir('restored'), 'db-backup-restore.json'), 'utf8');
  const identity = (await readFile(identityFile, 'utf8')).match(/AGE-SECRET-KEY-1\w+/)![0];
  expect(written).not.toContain(identity);
  expect(await readFile(join(restoredDir('restored'), 'postgresql.auto.conf'), 'utf8')).not.toContain(
    identity,
  );

  // restore_command without a usable key: exit 2 with the code, never 1 ("not archived"); with it: the file.
  const segment = walFileNameOfKey(walKeys.find((k) => /\/[0-9A-F]{24}\.zst\.age$/.test(k))!)!;
  const fetchDir = join(work.path, 'fetch');
  await mkdir(fetchDir);
  const walFetch = (extra: Record<string, string>) =>
    runChild(
      NODE,
      [WAL_ENTRY, 'wal-fetch', segment, join(fetchDir, segment), '--pgdata', fetchDir, '--prefetch', '0'],
      {
        env: { PATH: process.env.PATH ?? '', ...s3Env, BACKUP_STORAGE: STORAGE, ...extra },
      },
    );
  const noKey = await walFetch({});
  expect(noKey.code, noKey.stderr).toBe(2);
  expect(noKey.stderr).toMatch(/ENCRYPTION_KEY[\s\S]*hint: .*BACKUP_ENCRYPTION_IDENTITY_FILE/);
  const withKey = await walFetch({ BACKUP_ENCRYPTION_IDENTITY_FILE: identityFile });
  expect(withKey.code, withKey.stderr).toBe(0);
  expect((await readFile(join(fetchDir, segment))).length).toBe(16 * 1024 * 1024);

  const verifyBase = await runCli(['verify', '--all'], {
    env: { ...env, BACKUP_ENCRYPTION_IDENTITY_FILE: identityFile },
  });
  expect(verifyBase.code, verifyBase.stdout + verifyBase.stderr).toBe(0);
});
