import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.ts';
import { clearSecrets, redact } from '../redact.ts';
import { loadConfig } from './load-config.ts';

const load = (env: Record<string, string>) => loadConfig({ env });
const problemsOf = (env: Record<string, string>): string[] => {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

afterEach(() => clearSecrets());

describe('storage settings from the environment', () => {
  it('native S3 names fill the s3 settings, and the keys are registered for redaction', () => {
    const config = load({
      BACKUP_STORAGE: 's3://bucket/db',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
      S3_FORCE_PATH_STYLE: 'true',
      S3_REGION: 'eu-central-1',
      S3_ACCESS_KEY_ID: 'AKIAFROMENV',
      S3_SECRET_ACCESS_KEY: 'secret-from-env-123',
      S3_SSE: 'aws:kms',
      S3_SSE_KMS_KEY_ID: 'alias/backups',
      S3_STORAGE_CLASS: 'STANDARD_IA',
      S3_OBJECT_LOCK_MODE: 'GOVERNANCE',
      S3_OBJECT_LOCK_DAYS: '14',
    });
    expect(config.s3).toMatchObject({
      endpoint: 'http://127.0.0.1:9000',
      forcePathStyle: true,
      region: 'eu-central-1',
      accessKeyId: 'AKIAFROMENV',
      secretAccessKey: 'secret-from-env-123',
      serverSideEncryption: 'aws:kms',
      kmsKeyId: 'alias/backups',
      storageClass: 'STANDARD_IA',
      objectLockMode: 'GOVERNANCE',
      objectLockDays: 14,
      queueSize: 2,
    });
    expect(redact('key secret-from-env-123 id AKIAFROMENV')).toBe('key *** id ***');
  });

  it('secrets come from *_FILE variables too', () => {
    const dir = mkdtempSync(join(tmpdir(), 'storage-env-'));
    try {
      writeFileSync(join(dir, 'secret'), 'file-secret-xyz\n');
      writeFileSync(join(dir, 'azure'), 'azure-key-abc==\n');
      const config = load({
        S3_ACCESS_KEY_ID: 'id',
        S3_SECRET_ACCESS_KEY_FILE: join(dir, 'secret'),
        AZURE_STORAGE_ACCOUNT: 'acct',
        AZURE_STORAGE_KEY_FILE: join(dir, 'azure'),
      });
      expect(config.s3.secretAccessKey).toBe('file-secret-xyz');
      expect(config.azure).toMatchObject({ account: 'acct', key: 'azure-key-abc==' });
      expect(redact('file-secret-xyz azure-key-abc==')).toBe('*** ***');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('secrets from the config file are registered for redaction', () => {
    const dir = mkdtempSync(join(tmpdir(), 'storage-env-'));
    try {
      const file = join(dir, 'config.json');
      writeFileSync(
        file,
        JSON.stringify({ azure: { connectionString: 'AccountName=a;AccountKey=cfgkey==;' } }),
      );
      loadConfig({ env: {}, configFile: file });
      expect(redact('AccountName=a;AccountKey=cfgkey==;')).toBe('***');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['s3', 'my-bucket/pg', 's3://my-bucket/pg'],
    ['gcs', 'my-bucket/pg', 'gs://my-bucket/pg'],
    ['azure', 'container/pg', 'azure://container/pg'],
    ['local', '/var/backups', '/var/backups'],
    ['S3', 's3://my-bucket/pg', 's3://my-bucket/pg'],
  ])('BACKUP_PROVIDER=%s with BACKUP_DESTINATION=%s is storage %s', (provider, destination, storage) => {
    expect(load({ BACKUP_PROVIDER: provider, BACKUP_DESTINATION: destination }).storage).toBe(storage);
  });

  it('BACKUP_ACCESS_KEY / BACKUP_SECRET_KEY / BACKUP_REGION set the S3 keys and region (Azure: account and key)', () => {
    const s3 = load({
      BACKUP_PROVIDER: 's3',
      BACKUP_DESTINATION: 'b/p',
      BACKUP_ACCESS_KEY: 'AKIAMIGRATED',
      BACKUP_SECRET_KEY: 'migrated-secret-1',
      BACKUP_REGION: 'eu-west-3',
    });
    expect(s3.s3).toMatchObject({
      accessKeyId: 'AKIAMIGRATED',
      secretAccessKey: 'migrated-secret-1',
      region: 'eu-west-3',
    });
    expect(redact('migrated-secret-1')).toBe('***');
    const azure = load({
      BACKUP_PROVIDER: 'azure',
      BACKUP_DESTINATION: 'c/p',
      BACKUP_ACCESS_KEY: 'account1',
      BACKUP_SECRET_KEY: 'azkey==',
    });
    expect(azure.azure).toMatchObject({ account: 'account1', key: 'azkey==' });
  });

  it('BACKUP_REGION overrides the ambient AWS_REGION, but clashes with S3_REGION', () => {
    expect(load({ AWS_REGION: 'us-east-2', BACKUP_REGION: 'eu-west-1' }).s3.region).toBe('eu-west-1');
    expect(problemsOf({ S3_REGION: 'us-east-2', BACKUP_REGION: 'eu-west-1' })).toEqual([
      's3.region: S3_REGION and BACKUP_REGION are both set, to different values; set only one',
    ]);
    expect(load({ S3_REGION: 'eu-west-1', BACKUP_REGION: 'eu-west-1' }).s3.region).toBe('eu-west-1');
  });

  it('clashes between native and migration names name both variables and never the values', () => {
    const problems = problemsOf({
      BACKUP_STORAGE: 's3://one/p',
      BACKUP_PROVIDER: 's3',
      BACKUP_DESTINATION: 'two/p',
      S3_ACCESS_KEY_ID: 'id-1',
      S3_SECRET_ACCESS_KEY: 'native-secret-9',
      BACKUP_ACCESS_KEY: 'id-2',
      BACKUP_SECRET_KEY: 'other-secret-9',
    });
    expect(problems).toEqual([
      'storage: BACKUP_STORAGE and BACKUP_PROVIDER + BACKUP_DESTINATION are both set, to different values; set only one',
      's3.accessKeyId: S3_ACCESS_KEY_ID and BACKUP_ACCESS_KEY are both set, to different values; set only one',
      's3.secretAccessKey: S3_SECRET_ACCESS_KEY and BACKUP_SECRET_KEY are both set, to different values; set only one',
    ]);
    expect(problems.join('\n')).not.toMatch(/secret-9|id-1|id-2/);
  });

  it.each([
    [
      { BACKUP_PROVIDER: 'dropbox', BACKUP_DESTINATION: 'x' },
      /"dropbox" is not one of s3, gcs, azure, local/,
    ],
    [{ BACKUP_PROVIDER: 's3' }, /needs BACKUP_DESTINATION/],
    [{ BACKUP_DESTINATION: 'b/p' }, /needs BACKUP_PROVIDER/],
    [{ S3_ACCESS_KEY_ID: 'only' }, /s3: set both the access key id and the secret access key/],
    [{ S3_SSE: 'DES' }, /s3.serverSideEncryption \(S3_SSE\)/],
    [{ S3_ENDPOINT: 'not a url' }, /s3.endpoint \(S3_ENDPOINT\)/],
  ])('%j is a config error', (env, message) => {
    expect(problemsOf(env as Record<string, string>).join('\n')).toMatch(message);
  });
});
