/**
 * Pure policy for the S3 backend: which client settings a location + config resolve to (GCS's XML API is S3
 * with other defaults), which parameters every new object gets, and how large multipart parts must be.
 */
import type { S3ClientConfig } from '@aws-sdk/client-s3';
import type { S3Settings } from '../config/schema.ts';
import type { RemoteLocation } from './storage-url.ts';

export const GCS_ENDPOINT = 'https://storage.googleapis.com';
const MiB = 1024 * 1024;
export const MIN_PART_SIZE = 5 * MiB;
export const MAX_PART_SIZE = 5 * 1024 * MiB;
export const MAX_PARTS = 10_000;
export const DEFAULT_PART_SIZE = 8 * MiB;

export type CreateOnlyMode = NonNullable<S3Settings['createOnly']>;

/** What the S3 backend is built from, before any SDK object exists. */
export interface ResolvedS3Options {
  bucket: string;
  prefix: string;
  client: Pick<
    S3ClientConfig,
    | 'endpoint'
    | 'forcePathStyle'
    | 'region'
    | 'maxAttempts'
    | 'followRegionRedirects'
    | 'requestChecksumCalculation'
    | 'responseChecksumValidation'
  > & { credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } };
  createOnly: CreateOnlyMode;
  partSize: number;
  queueSize: number;
}

/** Resolves an `s3://` or `gs://` location and the `s3` settings into client options (defaults per provider). */
export function resolveS3Options(location: RemoteLocation, settings: S3Settings): ResolvedS3Options {
  const gcs = location.scheme === 'gs';
  const endpoint = settings.endpoint ?? (gcs ? GCS_ENDPOINT : undefined);
  const credentials =
    settings.accessKeyId && settings.secretAccessKey
      ? {
          accessKeyId: settings.accessKeyId,
          secretAccessKey: settings.secretAccessKey,
          ...(settings.sessionToken ? { sessionToken: settings.sessionToken } : {}),
        }
      : undefined;
  return {
    bucket: location.bucket,
    prefix: location.prefix,
    client: {
      ...(endpoint ? { endpoint } : {}),
      forcePathStyle: settings.forcePathStyle ?? gcs,
      region: settings.region ?? (gcs ? 'auto' : 'us-east-1'),
      maxAttempts: settings.maxAttempts,
      followRegionRedirects: !endpoint,
      // Third-party servers (GCS, MinIO, older gateways) reject or mangle the SDK's default trailing CRC32
      // checksums; send checksums only where an operation requires them.
      ...(endpoint
        ? { requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' }
        : {}),
      ...(credentials ? { credentials } : {}),
    },
    createOnly: settings.createOnly ?? (gcs ? 'gcs-generation' : 'if-none-match'),
    partSize: settings.partSizeMiB ? settings.partSizeMiB * MiB : DEFAULT_PART_SIZE,
    queueSize: settings.queueSize,
  };
}

/**
 * The part size for an upload: the configured one, raised so that `expectedSize` (with 25% headroom, since a
 * hint is only an estimate) fits in 10,000 parts, and kept within S3's 5 MiB..5 GiB. A 5 TiB hint gives
 * ~656 MiB parts; no hint keeps the default, which fits ~78 GiB.
 */
export function partSizeFor(configured: number, expectedSize?: number): number {
  const needed = expectedSize ? Math.ceil((expectedSize * 1.25) / MAX_PARTS / MiB) * MiB : 0;
  return Math.min(MAX_PART_SIZE, Math.max(MIN_PART_SIZE, configured, needed));
}

/** Parameters every new object gets: server-side encryption, storage class, Object Lock retention. */
export function objectParameters(settings: S3Settings, now: Date): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  if (settings.serverSideEncryption) params.ServerSideEncryption = settings.serverSideEncryption;
  if (settings.kmsKeyId) params.SSEKMSKeyId = settings.kmsKeyId;
  if (settings.storageClass) params.StorageClass = settings.storageClass;
  if (settings.objectLockMode && settings.objectLockDays) {
    params.ObjectLockMode = settings.objectLockMode;
    params.ObjectLockRetainUntilDate = new Date(now.getTime() + settings.objectLockDays * 86_400_000);
  }
  return params;
}
