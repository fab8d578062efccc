/**
 * The same end-to-end path against real MinIO and a real `postgres` image, through testcontainers. Needs a
 * Docker engine: the GitHub workflow's `containers` job runs it; elsewhere it is skipped, saying why. MinIO
 * supports `If-None-Match: *`, so here create-only puts use the conditional write, not the fallback.
 */

import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { MinioContainer, type StartedMinioContainer } from '@testcontainers/minio';
import { PostgreSqlContainer, type StartedPostgreSqlContainer } from '@testcontainers/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3SettingsSchema } from '../src/core/config/schema.ts';
import { diffFingerprints, fingerprintDatabase } from '../src/core/drill/fingerprint.ts';
import type { PgConnection } from '../src/core/postgres/connection.ts';
import { createDatabase } from '../src/core/postgres/server.ts';
import { describeStorageContract } from '../src/core/storage/contract-suite.ts';
import { S3Storage } from '../src/core/storage/s3.ts';
import { loadSampleData } from '../src/demo/load-sample-data.ts';
import { runCli } from './helpers/cli.ts';

const dockerReachable = Boolean(process.env.DOCKER_HOST) || existsSync('/var/run/docker.sock');
const SKIP_REASON =
  'skipped: no Docker engine reachable (set DOCKER_HOST or provide /var/run/docker.sock); the GitHub workflow runs this suite';

const suite = dockerReachable ? describe : describe.skip;
const title = (name: string) => (dockerReachable ? name : `${name} (${SKIP_REASON})`);
if (!dockerReachable) console.warn(`test/minio-testcontainers.test.ts ${SKIP_REASON}`);

let minio: StartedMinioContainer;
let postgres: StartedPostgreSqlContainer;
let env: Record<string, string>;
let conn: PgConnection;

const minioSettings = () =>
  S3SettingsSchema.parse({
    endpoint: minio.getConnectionUrl(),
    forcePathStyle: true,
    accessKeyId: minio.getUsername(),
    secretAccessKey: minio.getPassword(),
  });

suite(title('MinIO and postgres containers'), () => {
  beforeAll(async () => {
    // pg_dump 15 is installed on the host; the server must not be newer than the client.
    [minio, postgres] = await Promise.all([
      new MinioContainer('minio/minio:RELEASE.2025-04-22T22-12-26Z').start(),
      new PostgreSqlContainer('postgres:15-alpine').withPassword('container-pw-83').start(),
    ]);
    const client = new S3Client({
      endpoint: minio.getConnectionUrl(),
      forcePathStyle: true,
      region: 'us-east-1',
      credentials: { accessKeyId: minio.getUsername(), secretAccessKey: minio.getPassword() },
    });
    await client.send(new CreateBucketCommand({ Bucket: 'backups' }));
    client.destroy();
    conn = {
      host: postgres.getHost(),
      port: postgres.getPort(),
      user: postgres.getUsername(),
      password: postgres.getPassword(),
    };
    await createDatabase(conn, 'app');
    await loadSampleData(conn, 'app');
    env = {
      PGHOST: postgres.getHost(),
      PGPORT: String(postgres.getPort()),
      PGUSER: postgres.getUsername(),
      PGPASSWORD: postgres.getPassword(),
      BACKUP_LOG_LEVEL: 'warn',
      BACKUP_STORAGE: 's3://backups/e2e',
      S3_ENDPOINT: minio.getConnectionUrl(),
      S3_FORCE_PATH_STYLE: 'true',
      S3_ACCESS_KEY_ID: minio.getUsername(),
      S3_SECRET_ACCESS_KEY: minio.getPassword(),
    };
  }, 600_000);

  afterAll(async () => {
    await Promise.all([minio?.stop(), postgres?.stop()]);
  });

  describeStorageContract('s3 (MinIO, If-None-Match)', async () => {
    const storage = new S3Storage(
      { scheme: 's3', bucket: 'backups', prefix: `contract-${randomBytes(4).toString('hex')}/` },
      minioSettings(),
    );
    return { storage, cleanup: async () => storage.destroy() };
  });

  it('backup, list, verify, restore (fingerprint-equal), drill, status and prune', async () => {
    const cli = (args: string[]) => runCli(args, { env });
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const backup = await cli(['--json', 'backup', '--database', 'app']);
      expect(backup.code, backup.stderr).toBe(0);
      ids.push(JSON.parse(backup.stdout).backups[0].id);
    }
    expect((JSON.parse((await cli(['--json', 'list'])).stdout) as { id: string }[]).map((r) => r.id)).toEqual(
      ids,
    );
    expect((await cli(['verify', ids[1]!])).code).toBe(0);
    const restore = await cli(['restore', ids[1]!, '--target-database', 'app_restored']);
    expect(restore.code, restore.stderr).toBe(0);
    const [a, b] = await Promise.all([
      fingerprintDatabase(conn, 'app'),
      fingerprintDatabase(conn, 'app_restored'),
    ]);
    expect(diffFingerprints(a, b)).toEqual([]);
    const drill = await cli(['--json', 'drill', '-d', 'app']);
    expect(drill.code, drill.stderr).toBe(0);
    expect((await cli(['--json', 'status'])).code).toBe(0);
    expect((await cli(['prune', '--keep-last', '1'])).code).toBe(0);
    expect((JSON.parse((await cli(['--json', 'list'])).stdout) as { id: string }[]).map((r) => r.id)).toEqual(
      [ids[1]],
    );
  }, 600_000);
});
