/**
 * The one configuration schema. CLI flags, environment variables, the config file and (later) action inputs
 * are all parsed into `Config`; `schemas/config.schema.json` is generated from `ConfigSchema`.
 */
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { parseDuration } from '../duration.ts';
import { DaemonSchema, NotificationsSchema } from './daemon-schema.ts';

const duration = (description: string) =>
  z
    .string()
    .superRefine((v, ctx) => {
      const parsed = parseDuration(v);
      if ('error' in parsed) ctx.addIssue({ code: 'custom', message: parsed.error });
    })
    .describe(description);

const count = (description: string) => z.number().int().nonnegative().optional().describe(description);

export const ConnectionSchema = z
  .object({
    url: z
      .string()
      .optional()
      .describe(
        'Connection URL postgres://user[:password]@host:port/db (env DATABASE_URL); password is redacted',
      ),
    host: z.string().optional().describe('Server host or socket directory (env PGHOST, POSTGRES_HOST)'),
    port: z.number().int().min(1).max(65535).optional().describe('Server port (env PGPORT, POSTGRES_PORT)'),
    user: z.string().optional().describe('Role to connect as (env PGUSER, POSTGRES_USER)'),
    password: z
      .string()
      .optional()
      .describe('Password (env PGPASSWORD, POSTGRES_PASSWORD, or *_FILE); passed to children via env only'),
    sslmode: z.string().optional().describe('libpq sslmode (env PGSSLMODE)'),
  })
  .describe('How to reach the PostgreSQL server');

export const SqlCheckSchema = z
  .object({
    name: z.string().min(1).describe('Shown in the drill report'),
    sql: z.string().min(1).describe('Query run in the restored scratch database'),
    expect: z.string().optional().describe('Expected value of the first column of the first row, as text'),
    minRows: z.number().int().nonnegative().optional().describe('Minimum number of rows the query returns'),
  })
  .refine((c) => c.expect !== undefined || c.minRows !== undefined, {
    message: 'a check needs `expect` or `minRows`',
  });
export type SqlCheck = z.infer<typeof SqlCheckSchema>;

export const RetentionSchema = z
  .object({
    keepLast: count('Keep the N newest backups (env BACKUP_KEEP_LAST)'),
    keepWithin: duration(
      'Keep every backup younger than this, e.g. 30d (env BACKUP_RETENTION_DAYS in days)',
    ).optional(),
    keepHourly: count('Keep the newest backup of each of the last N hours (env BACKUP_KEEP_HOURLY)'),
    keepDaily: count(
      'Keep the newest backup of each of the last N days (env BACKUP_KEEP_DAILY, BACKUP_KEEP_DAYS)',
    ),
    keepWeekly: count(
      'Keep the newest backup of each of the last N ISO weeks (env BACKUP_KEEP_WEEKLY, BACKUP_KEEP_WEEKS)',
    ),
    keepMonthly: count(
      'Keep the newest backup of each of the last N months (env BACKUP_KEEP_MONTHLY, BACKUP_KEEP_MONTHS)',
    ),
    keepYearly: count('Keep the newest backup of each of the last N years (env BACKUP_KEEP_YEARLY)'),
    requireVerified: z.boolean().default(false).describe('Only verified backups count toward a rule'),
    timeZone: z.string().default('UTC').describe('Time zone for calendar buckets (env BACKUP_TIMEZONE, TZ)'),
    incompleteGrace: duration('Incomplete backups older than this are removed as garbage').default('24h'),
  })
  .describe('Retention rules; a backup any rule selects is kept');
export type RetentionConfig = z.infer<typeof RetentionSchema>;

export const S3SettingsSchema = z
  .object({
    endpoint: z
      .string()
      .url()
      .optional()
      .describe(
        'S3-compatible endpoint URL, e.g. http://minio:9000 (env S3_ENDPOINT); default AWS, or https://storage.googleapis.com for gs://',
      ),
    forcePathStyle: z
      .boolean()
      .optional()
      .describe(
        'Address buckets as endpoint/bucket instead of bucket.endpoint (env S3_FORCE_PATH_STYLE); MinIO needs it',
      ),
    region: z
      .string()
      .optional()
      .describe('Region (env S3_REGION, BACKUP_REGION, else AWS_REGION); `auto` for GCS; default us-east-1'),
    accessKeyId: z
      .string()
      .optional()
      .describe(
        'Access key id (env S3_ACCESS_KEY_ID[_FILE], BACKUP_ACCESS_KEY); unset: the AWS chain (env, profile, web identity, instance role)',
      ),
    secretAccessKey: z
      .string()
      .optional()
      .describe(
        'Secret access key (env S3_SECRET_ACCESS_KEY[_FILE], BACKUP_SECRET_KEY); redacted everywhere',
      ),
    sessionToken: z
      .string()
      .optional()
      .describe('Session token of temporary keys (env S3_SESSION_TOKEN[_FILE])'),
    serverSideEncryption: z
      .enum(['AES256', 'aws:kms'])
      .optional()
      .describe('Server-side encryption of new objects: AES256 (SSE-S3) or aws:kms (SSE-KMS) (env S3_SSE)'),
    kmsKeyId: z.string().optional().describe('KMS key id or ARN for aws:kms (env S3_SSE_KMS_KEY_ID)'),
    storageClass: z
      .string()
      .regex(/^[A-Z_]+$/, 'a storage class such as STANDARD_IA, GLACIER_IR, INTELLIGENT_TIERING')
      .optional()
      .describe('Storage class of new objects (env S3_STORAGE_CLASS)'),
    objectLockMode: z
      .enum(['GOVERNANCE', 'COMPLIANCE'])
      .optional()
      .describe(
        'Object Lock retention mode of new objects (env S3_OBJECT_LOCK_MODE); needs a lock-enabled bucket',
      ),
    objectLockDays: z
      .number()
      .int()
      .min(1)
      .max(36500)
      .optional()
      .describe('Object Lock retention of new objects, in days (env S3_OBJECT_LOCK_DAYS)'),
    createOnly: z
      .enum(['if-none-match', 'gcs-generation', 'head-then-put'])
      .optional()
      .describe(
        'How create-only writes (manifests, locks) are made atomic (env S3_CREATE_ONLY): If-None-Match: * (default for s3://), x-goog-if-generation-match: 0 (default for gs://), or HEAD then PUT for servers with neither (racy across hosts)',
      ),
    partSizeMiB: z
      .number()
      .int()
      .min(5)
      .max(5120)
      .optional()
      .describe(
        'Multipart part size in MiB (env S3_PART_SIZE_MIB); default 8, raised to fit the expected size in 10,000 parts',
      ),
    queueSize: z
      .number()
      .int()
      .min(1)
      .max(16)
      .default(2)
      .describe(
        'Parts uploaded at once (env S3_UPLOAD_QUEUE_SIZE); memory is about (queueSize + 1) x part size',
      ),
    maxAttempts: z
      .number()
      .int()
      .min(1)
      .max(20)
      .default(5)
      .describe('Attempts per request for transient errors: 5xx, throttling, resets (env S3_MAX_ATTEMPTS)'),
  })
  .refine((s) => (s.accessKeyId === undefined) === (s.secretAccessKey === undefined), {
    message:
      'set both the access key id and the secret access key, or neither (to use the AWS credential chain)',
  })
  .refine((s) => s.kmsKeyId === undefined || s.serverSideEncryption === 'aws:kms', {
    message: 'kmsKeyId needs serverSideEncryption aws:kms (S3_SSE=aws:kms)',
  })
  .refine((s) => (s.objectLockMode === undefined) === (s.objectLockDays === undefined), {
    message: 'Object Lock needs both a mode and a number of days (S3_OBJECT_LOCK_MODE, S3_OBJECT_LOCK_DAYS)',
  })
  .describe('Settings for s3:// and gs:// repositories');
export type S3Settings = z.infer<typeof S3SettingsSchema>;

export const AzureSettingsSchema = z
  .object({
    connectionString: z
      .string()
      .optional()
      .describe(
        'Storage connection string (env AZURE_STORAGE_CONNECTION_STRING[_FILE]); redacted everywhere',
      ),
    account: z.string().optional().describe('Storage account name (env AZURE_STORAGE_ACCOUNT)'),
    key: z
      .string()
      .optional()
      .describe('Storage account key (env AZURE_STORAGE_KEY[_FILE]); redacted everywhere'),
    sasToken: z
      .string()
      .optional()
      .describe('Shared access signature (env AZURE_STORAGE_SAS_TOKEN[_FILE]); redacted everywhere'),
    endpoint: z
      .string()
      .url()
      .optional()
      .describe(
        'Blob service URL (env AZURE_STORAGE_ENDPOINT); default https://<account>.blob.core.windows.net',
      ),
    maxAttempts: z
      .number()
      .int()
      .min(1)
      .max(20)
      .default(5)
      .describe('Attempts per request for transient errors (env AZURE_STORAGE_MAX_ATTEMPTS)'),
  })
  .describe('Settings for azure:// repositories: a connection string, an account and key, or a SAS token');
export type AzureSettings = z.infer<typeof AzureSettingsSchema>;

/** Identities arrive as an identity file's text (lines, `#` comments) or a list; both become a list. */
const identityList = z.preprocess(
  (value) =>
    typeof value === 'string'
      ? value
          .split(/\r?\n|,/)
          .map((line) => line.trim())
          .filter((line) => line !== '' && !line.startsWith('#'))
      : value,
  z.array(z.string()),
);

export const EncryptionSchema = z
  .object({
    recipients: z
      .array(z.string().min(1))
      .default([])
      .describe(
        'age recipients (age1…) new backups are encrypted to (env BACKUP_ENCRYPTION_RECIPIENTS, comma-separated)',
      ),
    passphrase: z
      .string()
      .min(1)
      .optional()
      .describe('Passphrase (age scrypt) instead of recipients (env BACKUP_ENCRYPTION_PASSPHRASE, _FILE)'),
    identities: identityList
      .default([])
      .describe(
        'age identities (AGE-SECRET-KEY-1…) that restore, verify and drill decrypt with; several keep old backups restorable after a key change (env BACKUP_ENCRYPTION_IDENTITY, _FILE = an identity file)',
      ),
    required: z
      .boolean()
      .default(false)
      .describe('Refuse to run without an encryption key (env BACKUP_ENCRYPTION=true)'),
    scryptWorkFactor: z
      .number()
      .int()
      .min(10)
      .max(22)
      .default(18)
      .describe(
        'log2 of the scrypt work factor for passphrase encryption (env BACKUP_ENCRYPTION_SCRYPT_LOG_N)',
      ),
  })
  .describe('age encryption of stored backups (https://age-encryption.org/v1)');

export const ConfigSchema = z.object({
  storage: z
    .string()
    .min(1)
    .default('./backups')
    .describe(
      'Repository location: a path, file:///abs/path, s3://bucket/prefix, gs://bucket/prefix or azure://container/prefix (env BACKUP_STORAGE, or BACKUP_PROVIDER + BACKUP_DESTINATION)',
    ),
  s3: S3SettingsSchema.default({ queueSize: 2, maxAttempts: 5 }),
  azure: AzureSettingsSchema.default({ maxAttempts: 5 }),
  connection: ConnectionSchema.default({}),
  databases: z
    .array(z.string().min(1))
    .default([])
    .describe('Databases to back up (env BACKUP_DATABASES, comma-separated)'),
  allDatabases: z.boolean().default(false).describe('Back up every database plus roles and other globals'),
  pgBinDir: z
    .string()
    .optional()
    .describe('Directory holding pg_dump/pg_restore (env BACKUP_PG_BIN_DIR); searched first'),
  backup: z
    .object({
      format: z.enum(['custom', 'directory']).default('custom').describe('pg_dump archive format'),
      jobs: z
        .number()
        .int()
        .min(1)
        .max(64)
        .default(1)
        .describe('Parallel dump/restore jobs (directory format)'),
      compression: z.enum(['zstd', 'gzip', 'none']).default('zstd').describe('env BACKUP_COMPRESSION'),
      compressionLevel: z
        .number()
        .int()
        .min(1)
        .max(19)
        .optional()
        .describe('env BACKUP_COMPRESSION_LEVEL; default 3 (zstd), 6 (gzip)'),
      schemaOnly: z.boolean().default(false),
      dataOnly: z.boolean().default(false),
      tables: z.array(z.string()).default([]).describe('Only these tables (pg_dump --table patterns)'),
      excludeTables: z
        .array(z.string())
        .default([])
        .describe('Skip these tables (pg_dump --exclude-table patterns)'),
      tags: z.array(z.string().regex(/^[\w.:-]{1,64}$/, 'tags are 1-64 of [A-Za-z0-9_.:-]')).default([]),
      reportDir: z
        .string()
        .optional()
        .describe('Where backup reports go; default logs/ inside a local repository'),
    })
    .default({
      format: 'custom',
      jobs: 1,
      compression: 'zstd',
      schemaOnly: false,
      dataOnly: false,
      tables: [],
      excludeTables: [],
      tags: [],
    }),
  retention: RetentionSchema.default({ requireVerified: false, timeZone: 'UTC', incompleteGrace: '24h' }),
  restore: z
    .object({
      jobs: z
        .number()
        .int()
        .min(1)
        .max(64)
        .optional()
        .describe(
          'pg_restore parallel jobs for restores and drills (env BACKUP_RESTORE_JOBS); default: the CPU count, at most 4',
        ),
    })
    .default({}),
  drill: z
    .object({
      rpo: duration('RPO target: maximum backup age at drill time (env BACKUP_RPO)').default('60m'),
      rto: duration('RTO target: maximum restore duration (env BACKUP_RTO)').default('30m'),
      scratch: z
        .string()
        .default('same')
        .describe('Where to restore: `same` server, `local` throwaway cluster, or a postgres:// URL'),
      keepScratch: z.boolean().default(false),
      checks: z.array(SqlCheckSchema).default([]).describe('SQL checks run against the restored database'),
      reportDir: z
        .string()
        .optional()
        .describe('Where drill reports go; default restore-tests/ inside a local repository'),
    })
    .default({ rpo: '60m', rto: '30m', scratch: 'same', keepScratch: false, checks: [] }),
  encryption: EncryptionSchema.prefault({}),
  daemon: DaemonSchema.prefault({}),
  notifications: NotificationsSchema.prefault({}),
  logLevel: z
    .enum(['debug', 'info', 'warn', 'error', 'silent'])
    .default('info')
    .describe('env BACKUP_LOG_LEVEL'),
});

export type Config = z.infer<typeof ConfigSchema>;

/** pg_restore jobs for a restore or drill: the configured number, else the CPU count capped at 4. */
export function restoreJobsFor(config: Config): number {
  return config.restore.jobs ?? Math.min(4, Math.max(1, availableParallelism()));
}
export type ConfigInput = z.input<typeof ConfigSchema>;
