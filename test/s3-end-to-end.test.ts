/**
 * The CLI end to end on S3 (s3rver on loopback, in its own process) against a real PostgreSQL cluster:
 * backup, list, verify, restore (fingerprint-equal), drill, prune and status; s3rver killed mid-upload (the
 * backup fails, nothing is listed, a retry after a restart succeeds); wrong credentials and a missing bucket
 * (exit 1, the bucket named, the secret nowhere).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3SettingsSchema } from '../src/core/config/schema.ts';
import { diffFingerprints, fingerprintDatabase } from '../src/core/drill/fingerprint.ts';
import { clientConfig } from '../src/core/postgres/connection.ts';
import { type LocalCluster, startLocalCluster } from '../src/core/postgres/local-cluster.ts';
import { createDatabase } from '../src/core/postgres/server.ts';
import { S3Storage } from '../src/core/storage/s3.ts';
import { loadSampleData } from '../src/demo/load-sample-data.ts';
import { cliEnvFor, runCli, startCli } from './helpers/cli.ts';
import { S3RVER_CREDENTIALS, type S3rverProcess, startS3rver } from './helpers/object-servers.ts';

const PASSWORD = 'pg-pw-s3-e2e-71';
let cluster: LocalCluster;
let server: S3rverProcess;
let env: Record<string, string>;

const cli = (args: string[], extra: Record<string, string> = {}) =>
  runCli(args, { env: { ...env, ...extra } });

async function sql(database: string, text: string): Promise<void> {
  const client = new pg.Client(clientConfig(cluster.connection, database));
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

function bucketStorage(): S3Storage {
  return new S3Storage(
    { scheme: 's3', bucket: 'backups', prefix: 'team-a/' },
    S3SettingsSchema.parse({ endpoint: server.endpoint, forcePathStyle: true, ...S3RVER_CREDENTIALS }),
  );
}

beforeAll(async () => {
  [cluster, server] = await Promise.all([
    startLocalCluster({ password: PASSWORD }),
    startS3rver(['backups']),
  ]);
  env = cliEnvFor(cluster, PASSWORD, {
    BACKUP_STORAGE: 's3://backups/team-a',
    S3_ENDPOINT: server.endpoint,
    S3_FORCE_PATH_STYLE: 'true',
    S3_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
    S3_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
    // s3rver ignores If-None-Match: the documented fallback for servers without conditional writes.
    S3_CREATE_ONLY: 'head-then-put',
    S3_MAX_ATTEMPTS: '2',
  });
  await createDatabase(cluster.connection, 'app');
  await loadSampleData(cluster.connection, 'app');
  await createDatabase(cluster.connection, 'bulk');
  // ~24 MB of incompressible bytes: a backup of several 8 MiB parts.
  await sql(
    'bulk',
    `CREATE TABLE blobs AS SELECT g AS id,
       decode((SELECT string_agg(md5(random()::text || g || s), '') FROM generate_series(1, 64) s), 'hex') AS data
     FROM generate_series(1, 24000) g`,
  );
}, 180_000);

afterAll(async () => {
  await Promise.all([cluster?.stop(), server?.stop()]);
});

describe('the CLI on S3', () => {
  it('backup, list, verify, restore (fingerprint-equal), drill, status and prune', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const backup = await cli(['--json', 'backup', '--database', 'app']);
      expect(backup.code, backup.stderr).toBe(0);
      ids.push(JSON.parse(backup.stdout).backups[0].id);
    }
    const keys = (await bucketStorage().list('')).map((o) => o.key);
    expect(keys).toContain('db-backup.json');
    expect(keys.filter((k) => k.endsWith('/manifest.json'))).toHaveLength(2);

    const list = await cli(['--json', 'list']);
    expect(list.code, list.stderr).toBe(0);
    expect((JSON.parse(list.stdout) as { id: string }[]).map((r) => r.id)).toEqual(ids);

    const verify = await cli(['verify', ids[1]!]);
    expect(verify.code, verify.stderr).toBe(0);

    const restore = await cli(['restore', ids[1]!, '--target-database', 'app_restored']);
    expect(restore.code, restore.stderr).toBe(0);
    const [a, b] = await Promise.all([
      fingerprintDatabase(cluster.connection, 'app'),
      fingerprintDatabase(cluster.connection, 'app_restored'),
    ]);
    expect(diffFingerprints(a, b)).toEqual([]);

    const drill = await cli(['--json', 'drill', '-d', 'app']);
    expect(drill.code, drill.stderr).toBe(0);
    expect(JSON.parse(drill.stdout).report.status).toBe('success');

    const status = await cli(['--json', 'status']);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout).totals.totalBackups).toBe(2);

    const dryRun = await cli(['--json', 'prune', '--dry-run', '--keep-last', '1']);
    expect(dryRun.code, dryRun.stderr).toBe(0);
    expect(JSON.parse(dryRun.stdout).plan.remove.map((d: { id: string }) => d.id)).toEqual([ids[0]]);
    const prune = await cli(['prune', '--keep-last', '1']);
    expect(prune.code, prune.stderr).toBe(0);
    const after = JSON.parse((await cli(['--json', 'list'])).stdout) as { id: string }[];
    expect(after.map((r) => r.id)).toEqual([ids[1]]);
    expect((await bucketStorage().list(`backups/${ids[0]}/`)).length).toBe(0);
  }, 300_000);

  it('the same with encryption: an encrypted repository on S3 backs up, verifies, restores, drills and prunes', async () => {
    const { generateIdentity } = await import('../src/core/crypto/age/keys.ts');
    const { identity, recipient } = generateIdentity();
    const encrypted = {
      BACKUP_STORAGE: 's3://backups/team-enc',
      BACKUP_ENCRYPTION_RECIPIENTS: recipient,
      BACKUP_ENCRYPTION_IDENTITY: identity,
    };
    const backup = await cli(['--json', 'backup', '--database', 'app'], encrypted);
    expect(backup.code, backup.stderr).toBe(0);
    const manifest = JSON.parse(backup.stdout).backups[0];
    expect(manifest.objects[0].key).toMatch(/\.age$/);
    expect((await cli(['verify', manifest.id], encrypted)).code).toBe(0);
    const restore = await cli(['restore', manifest.id, '--target-database', 'app_enc_restored'], encrypted);
    expect(restore.code, restore.stderr).toBe(0);
    const [a, b] = await Promise.all([
      fingerprintDatabase(cluster.connection, 'app'),
      fingerprintDatabase(cluster.connection, 'app_enc_restored'),
    ]);
    expect(diffFingerprints(a, b)).toEqual([]);
    const drill = await cli(['--json', 'drill', '-d', 'app'], encrypted);
    expect(drill.code, drill.stderr).toBe(0);
    const report = JSON.parse(drill.stdout).report;
    expect(report.checks.find((c: { name: string }) => c.name === 'decryption').status).toBe('pass');
    expect((await cli(['prune', '--dry-run', '--keep-last', '1'], encrypted)).code).toBe(0);
    for (const out of [backup, restore, drill]) expect(out.stdout + out.stderr).not.toContain(identity);
  }, 300_000);

  it('s3rver killed mid-upload: the backup fails, nothing is listed, a retry after a restart succeeds', async () => {
    const running = startCli(['--json', 'backup', '--database', 'bulk'], { env });
    await Promise.race([server.firstPart, running.done]);
    expect(running.child.exitCode, 'the backup ended before its first part reached the server').toBeNull();
    await server.kill();
    const failed = await running.done;
    expect(failed.code, failed.stderr).toBe(1);
    expect(failed.stderr).toMatch(/S3 bucket "backups"/);
    await server.restart();

    const listed = JSON.parse((await cli(['--json', 'list', '--database', 'bulk'])).stdout) as unknown[];
    expect(listed).toEqual([]);
    const visible = (await bucketStorage().list('backups/')).filter((o) => o.key.includes('-bulk-'));
    expect(visible).toEqual([]);

    const retry = await cli(['--json', 'backup', '--database', 'bulk']);
    expect(retry.code, retry.stderr).toBe(0);
    const id = JSON.parse(retry.stdout).backups[0].id as string;
    expect((await cli(['verify', id])).code).toBe(0);
  }, 300_000);

  it('wrong credentials and a missing bucket exit 1 naming the bucket, never the secret', async () => {
    const secret = 'definitely-wrong-secret-5521';
    // s3rver checks the key id, not the signature: a wrong pair, as a typo in both would give.
    const wrong = await cli(['list'], { S3_ACCESS_KEY_ID: 'AKIAWRONG', S3_SECRET_ACCESS_KEY: secret });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/bucket "backups".*credentials were rejected/);
    expect(wrong.stderr).toMatch(/S3_ACCESS_KEY_ID/);
    expect(wrong.stdout + wrong.stderr).not.toContain(secret);

    const missing = await cli(['backup', '--database', 'app'], {
      BACKUP_STORAGE: 's3://no-such-bucket/team-a',
    });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/bucket "no-such-bucket".*does not exist/);
  }, 120_000);
});
