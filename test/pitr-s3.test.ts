/**
 * WAL archiving and point-in-time restore on S3 (s3rver on loopback): the server's archive_command and the
 * restored server's restore_command reach the bucket with credentials from their environment only.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runChild } from '../src/core/pipeline/child.ts';
import { withClient } from '../src/core/postgres/connection.ts';
import { findFreePort, type LocalCluster, startLocalCluster } from '../src/core/postgres/local-cluster.ts';
import { cliEnvFor, runCli } from './helpers/cli.ts';
import { S3RVER_CREDENTIALS, type S3rverProcess, startS3rver } from './helpers/object-servers.ts';
import { archiveEverything, NODE, postgresOwnedDir, WAL_ENTRY } from './helpers/wal-cluster.ts';

const PASSWORD = 'pitr-s3-pw-5521';
const STORAGE = 's3://backups/pitr-e2e';
let cluster: LocalCluster;
let server: S3rverProcess;
let work: { path: string; remove(): Promise<void> };
let s3Env: Record<string, string>;
const restoredDir = () => join(work.path, 'restored');

beforeAll(async () => {
  server = await startS3rver(['backups']);
  work = await postgresOwnedDir('dbb-pitr-s3-');
  s3Env = {
    S3_ENDPOINT: server.endpoint,
    S3_FORCE_PATH_STYLE: 'true',
    S3_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
    S3_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
    S3_CREATE_ONLY: 'head-then-put',
  };
  // The server inherits this environment, and with it archive_command: credentials never in its settings.
  Object.assign(process.env, s3Env);
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
  await runChild('runuser', [
    '-u',
    'postgres',
    '--',
    join(cluster.binDir, 'pg_ctl'),
    'stop',
    '-D',
    restoredDir(),
    '-m',
    'immediate',
    '-w',
  ]).catch(() => undefined);
  await cluster?.stop();
  await server?.stop();
  await work?.remove();
});

it('archives to S3, takes a base backup there and restores to a time between two commits', async () => {
  const env = cliEnvFor(cluster, PASSWORD, { BACKUP_STORAGE: STORAGE, ...s3Env });
  const q = (text: string) => withClient(cluster.connection, 'postgres', (c) => c.query(text));
  await q('CREATE TABLE t (id int)');
  await q('INSERT INTO t SELECT generate_series(1, 10)');
  const base = await runCli(['base-backup'], { env });
  expect(base.code, base.stderr).toBe(0);
  await q('INSERT INTO t SELECT generate_series(11, 20)');
  await new Promise((r) => setTimeout(r, 1100));
  const { rows } = await q(
    'SELECT to_char(clock_timestamp() AT TIME ZONE \'UTC\', \'YYYY-MM-DD"T"HH24:MI:SS.US"Z"\') AS t',
  );
  await new Promise((r) => setTimeout(r, 1100));
  await q('INSERT INTO t SELECT generate_series(21, 30)');
  await archiveEverything(cluster);
  const verify = await runCli(['wal', 'verify'], { env });
  expect(verify.code, verify.stdout + verify.stderr).toBe(0);
  const port = await findFreePort();
  const restored = await runCli(
    [
      'restore',
      '--pitr',
      '--pgdata',
      restoredDir(),
      '--target-time',
      rows[0].t,
      '--start',
      '--server-setting',
      `port=${port}`,
      '--server-setting',
      `unix_socket_directories=${work.path}`,
      '--server-setting',
      'archive_mode=off',
    ],
    { env },
  );
  expect(restored.code, restored.stderr + restored.stdout).toBe(0);
  const count = await withClient({ ...cluster.connection, port }, 'postgres', async (c) =>
    Number((await c.query<{ n: string }>('SELECT count(*)::text AS n FROM t')).rows[0]!.n),
  );
  expect(count).toBe(20);
  // The restore config beside the data directory names the bucket, never the secret.
  const { readFile } = await import('node:fs/promises');
  const written = await readFile(join(restoredDir(), 'db-backup-restore.json'), 'utf8');
  expect(written).toContain('pitr-e2e');
  expect(written).not.toContain(S3RVER_CREDENTIALS.secretAccessKey);
  const conf = await readFile(join(restoredDir(), 'postgresql.auto.conf'), 'utf8');
  expect(conf).not.toContain(S3RVER_CREDENTIALS.secretAccessKey);
});
