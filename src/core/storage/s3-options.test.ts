import { describe, expect, it } from 'vitest';
import { S3SettingsSchema } from '../config/schema.ts';
import {
  DEFAULT_PART_SIZE,
  MAX_PARTS,
  objectParameters,
  partSizeFor,
  resolveS3Options,
} from './s3-options.ts';
import { parseRemoteLocation } from './storage-url.ts';

const settings = (input: Record<string, unknown> = {}) => S3SettingsSchema.parse(input);
const MiB = 1024 * 1024;
const TiB = 1024 * 1024 * MiB;

describe('resolveS3Options', () => {
  it('AWS: default region, virtual-hosted style, region redirects, the SDK credential chain, If-None-Match', () => {
    const o = resolveS3Options(parseRemoteLocation('s3://bucket/db'), settings());
    expect(o).toMatchObject({ bucket: 'bucket', prefix: 'db/', createOnly: 'if-none-match', queueSize: 2 });
    expect(o.client).toEqual({
      forcePathStyle: false,
      region: 'us-east-1',
      maxAttempts: 5,
      followRegionRedirects: true,
    });
  });

  it('GCS HMAC keys: the XML API endpoint, region auto, path style, generation-match create-only', () => {
    const o = resolveS3Options(
      parseRemoteLocation('gs://my-bucket/pg'),
      settings({ accessKeyId: 'GOOGHMACID', secretAccessKey: 'hmac-secret' }),
    );
    expect(o.client).toEqual({
      endpoint: 'https://storage.googleapis.com',
      forcePathStyle: true,
      region: 'auto',
      maxAttempts: 5,
      followRegionRedirects: false,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      credentials: { accessKeyId: 'GOOGHMACID', secretAccessKey: 'hmac-secret' },
    });
    expect(o.createOnly).toBe('gcs-generation');
  });

  it('the same GCS configuration written as S3 settings only (s3:// + S3_ENDPOINT) resolves the same client', () => {
    const asS3 = resolveS3Options(
      parseRemoteLocation('s3://my-bucket/pg'),
      settings({
        endpoint: 'https://storage.googleapis.com',
        region: 'auto',
        forcePathStyle: true,
        createOnly: 'gcs-generation',
      }),
    );
    const asGs = resolveS3Options(parseRemoteLocation('gs://my-bucket/pg'), settings());
    expect(asS3).toEqual(asGs);
  });

  it('MinIO: endpoint, path style, region and keys as given', () => {
    const o = resolveS3Options(
      parseRemoteLocation('s3://backups'),
      settings({
        endpoint: 'http://minio:9000',
        forcePathStyle: true,
        region: 'eu-1',
        accessKeyId: 'a',
        secretAccessKey: 'b',
        partSizeMiB: 16,
        queueSize: 4,
      }),
    );
    expect(o.client).toMatchObject({ endpoint: 'http://minio:9000', forcePathStyle: true, region: 'eu-1' });
    expect(o).toMatchObject({ partSize: 16 * MiB, queueSize: 4, prefix: '' });
  });

  it.each([
    [{ accessKeyId: 'only-id' }, /both the access key id and the secret/],
    [{ kmsKeyId: 'key' }, /kmsKeyId needs serverSideEncryption aws:kms/],
    [{ objectLockMode: 'COMPLIANCE' }, /Object Lock needs both/],
    [{ serverSideEncryption: 'DES' }, /./],
    [{ partSizeMiB: 4 }, /./],
  ])('refuses %j', (input, message) => {
    const result = S3SettingsSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message).join('\n')).toMatch(message);
  });
});

describe('partSizeFor', () => {
  it.each([
    [DEFAULT_PART_SIZE, undefined, DEFAULT_PART_SIZE],
    [DEFAULT_PART_SIZE, 100 * MiB, DEFAULT_PART_SIZE],
    [DEFAULT_PART_SIZE, 500 * 1024 * MiB, 64 * MiB],
    [5 * MiB, 0, 5 * MiB],
    [16 * MiB, 1 * MiB, 16 * MiB],
  ])('configured %d, expected %s → %d', (configured, expected, part) => {
    expect(partSizeFor(configured, expected)).toBe(part);
  });

  it('a 5 TiB object fits in 10,000 parts, each within S3 limits', () => {
    const part = partSizeFor(DEFAULT_PART_SIZE, 5 * TiB);
    expect(Math.ceil((5 * TiB) / part)).toBeLessThanOrEqual(MAX_PARTS);
    expect(part).toBeLessThanOrEqual(5 * 1024 * MiB);
  });
});

describe('objectParameters', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  it('none by default', () => expect(objectParameters(settings(), now)).toEqual({}));
  it('SSE-S3', () =>
    expect(objectParameters(settings({ serverSideEncryption: 'AES256' }), now)).toEqual({
      ServerSideEncryption: 'AES256',
    }));
  it('SSE-KMS with a key, a storage class and Object Lock retention', () =>
    expect(
      objectParameters(
        settings({
          serverSideEncryption: 'aws:kms',
          kmsKeyId: 'arn:aws:kms:eu-west-1:1:key/abc',
          storageClass: 'STANDARD_IA',
          objectLockMode: 'COMPLIANCE',
          objectLockDays: 30,
        }),
        now,
      ),
    ).toEqual({
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: 'arn:aws:kms:eu-west-1:1:key/abc',
      StorageClass: 'STANDARD_IA',
      ObjectLockMode: 'COMPLIANCE',
      ObjectLockRetainUntilDate: new Date('2026-01-31T00:00:00Z'),
    }));
});
