import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.ts';
import { openStorage } from './open-storage.ts';
import { formatRemoteLocation, parseRemoteLocation } from './storage-url.ts';

describe('parseRemoteLocation', () => {
  it.each([
    ['s3://my-bucket', 's3', 'my-bucket', ''],
    ['s3://my-bucket/', 's3', 'my-bucket', ''],
    ['s3://my-bucket/db', 's3', 'my-bucket', 'db/'],
    ['s3://my.bucket-2/a/b/', 's3', 'my.bucket-2', 'a/b/'],
    ['S3://my-bucket/Prod Backups', 's3', 'my-bucket', 'Prod Backups/'],
    ['gs://my_bucket/x', 'gs', 'my_bucket', 'x/'],
    ['azure://container-1/prefix', 'azure', 'container-1', 'prefix/'],
  ])('%s → %s %s %j', (url, scheme, bucket, prefix) => {
    expect(parseRemoteLocation(url)).toEqual({ scheme, bucket, prefix });
  });

  it.each([
    ['s3://', /bucket name is missing/],
    ['s3:///prefix', /bucket name is missing/],
    ['s3://ab/x', /not a valid bucket name/],
    ['s3://My_Bucket/x', /not a valid bucket name/],
    ['s3://-bucket/x', /not a valid bucket name/],
    ['s3://a..b/x', /not a valid bucket name/],
    ['s3://bucket/a//b', /empty, "\." or "\.\." segment/],
    ['s3://bucket/a/../b', /empty, "\." or "\.\." segment/],
    ['s3://bucket/a\\b', /backslash or a control character/],
    ['s3://bucket/x?region=eu', /query or fragment/],
    ['azure://Container/x', /not a valid container name/],
    ['azure://con--tainer/x', /not a valid container name/],
    ['gs://x/y', /not a valid bucket name/],
  ])('%s is a UsageError (%s)', (url, message) => {
    expect(() => parseRemoteLocation(url)).toThrow(UsageError);
    expect(() => parseRemoteLocation(url)).toThrow(message);
  });

  it('never echoes credentials written into the URL', () => {
    let error: unknown;
    try {
      parseRemoteLocation('s3://AKIAEXAMPLE:topsecret@bucket/prefix');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect(String((error as Error).message)).not.toMatch(/topsecret|AKIAEXAMPLE/);
    expect((error as UsageError).hint).toMatch(/S3_ACCESS_KEY_ID/);
  });

  it('formats locations back without trailing slashes', () => {
    expect(formatRemoteLocation(parseRemoteLocation('s3://bucket/a/b/'))).toBe('s3://bucket/a/b');
    expect(formatRemoteLocation(parseRemoteLocation('gs://bucket'))).toBe('gs://bucket');
  });
});

describe('openStorage for remote URLs', () => {
  it('opens s3, gs and azure locations without sending anything, marking whole-bucket repositories', () => {
    expect(openStorage('s3://bucket/prefix/')).toMatchObject({
      location: 's3://bucket/prefix',
      isBucketRoot: false,
    });
    expect(openStorage('gs://bucket')).toMatchObject({ location: 'gs://bucket', isBucketRoot: true });
    const azure = openStorage('azure://container/p', {
      azure: { connectionString: 'UseDevelopmentStorage=true', maxAttempts: 1 },
    });
    expect(azure).toMatchObject({ location: 'azure://container/p', isBucketRoot: false });
  });

  it('an azure location without credentials is a ConfigError naming the variables', () => {
    expect(() => openStorage('azure://container/p')).toThrow(/AZURE_STORAGE_CONNECTION_STRING/);
    expect(() => openStorage('azure://container/p', { azure: { key: 'k3y', maxAttempts: 1 } })).toThrow(
      /AZURE_STORAGE_ACCOUNT/,
    );
  });
});
