/**
 * The backup manifest: the record that makes a backup exist. Written last, never rewritten.
 * `schemas/backup-manifest.schema.json` is generated from `BackupManifestSchema`.
 */
import { z } from 'zod';

export const MANIFEST_FORMAT_VERSION = 1;

export const StoredObjectSchema = z.object({
  key: z.string().describe('Object key relative to the repository root'),
  role: z
    .enum(['database', 'globals', 'base'])
    .describe('What the object holds (base: the data directory as a tar, from pg_basebackup)'),
  database: z.string().optional().describe('Database name for role=database'),
  storedSize: z.number().int().nonnegative().describe('Bytes as stored (after compression/encryption)'),
  storedSha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .describe('sha256 of the stored bytes; verification needs no key'),
  rawSize: z
    .number()
    .int()
    .nonnegative()
    .describe('Bytes produced by pg_dump / pg_dumpall before compression'),
  rawSha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional()
    .describe(
      'sha256 of the raw dump bytes, when the raw stream passed through db-backup (gzip, none); zstd objects are covered by the zstd frame checksum instead',
    ),
});
export type StoredObject = z.infer<typeof StoredObjectSchema>;

export const TableCountSchema = z.object({
  schema: z.string(),
  name: z.string(),
  rows: z.number().int().nonnegative().describe('Exact row count in the dump snapshot'),
});
export type TableCount = z.infer<typeof TableCountSchema>;

export const DatabaseEntrySchema = z.object({
  name: z.string().describe('Database name as on the server'),
  sizeBytes: z.number().int().nonnegative().describe('pg_database_size at backup time'),
  objectKey: z.string().describe('Key of this database’s dump object'),
  tables: z.array(TableCountSchema).describe('Per-table row counts taken in the same snapshot as the dump'),
});
export type DatabaseEntry = z.infer<typeof DatabaseEntrySchema>;

/** What a base (physical) backup adds: where it sits in the WAL, and PostgreSQL's own backup_manifest. */
export const BaseBackupInfoSchema = z.object({
  systemIdentifier: z.string().regex(/^\d+$/).describe('The cluster’s system identifier (decimal)'),
  timeline: z.number().int().positive().describe('Timeline the backup started on'),
  startLsn: z.string().describe('WAL position the backup starts from (its checkpoint redo point)'),
  stopLsn: z.string().describe('WAL position at which the restored copy becomes consistent'),
  walSegmentSize: z.number().int().positive(),
  walStart: z.string().describe('First WAL segment a restore needs'),
  walStop: z.string().describe('Last WAL segment a restore needs before it is consistent'),
  backupManifest: z
    .object({
      key: z.string(),
      size: z.number().int().nonnegative(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
    })
    .nullable()
    .describe('PostgreSQL’s backup_manifest (13+), stored uncompressed beside the tar'),
});
export type BaseBackupInfo = z.infer<typeof BaseBackupInfoSchema>;

export const BackupManifestSchema = z.object({
  formatVersion: z.literal(MANIFEST_FORMAT_VERSION),
  id: z.string(),
  kind: z.enum(['logical', 'base']),
  databases: z.array(DatabaseEntrySchema).min(1),
  allDatabases: z.boolean().describe('Taken with --all-databases (globals included)'),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  durationMs: z.number().int().nonnegative(),
  server: z.object({ version: z.string(), versionNum: z.number().int() }),
  client: z.object({ pgDump: z.string(), path: z.string() }),
  tool: z.object({ name: z.literal('db-backup'), version: z.string() }),
  format: z
    .enum(['custom', 'directory', 'tar'])
    .describe(
      'pg_dump archive format (directory is stored as tar); tar for base backups (pg_basebackup -Ft)',
    ),
  compression: z.object({ algorithm: z.enum(['zstd', 'gzip', 'none']), level: z.number().int() }),
  encryption: z
    .object({
      scheme: z.literal('age-v1'),
      recipientFingerprint: z.string(),
      recipientFingerprints: z.array(z.string()).optional(),
    })
    .nullable()
    .describe('Encryption recipient fingerprint; never key material'),
  objects: z.array(StoredObjectSchema).min(1),
  options: z.object({
    schemaOnly: z.boolean(),
    dataOnly: z.boolean(),
    tables: z.array(z.string()),
    excludeTables: z.array(z.string()),
  }),
  tags: z.array(z.string()),
  host: z.string().describe('Server host:port (no credentials)'),
  base: BaseBackupInfoSchema.optional().describe('Base backups only: WAL position and range'),
});
export type BackupManifest = z.infer<typeof BackupManifestSchema>;

/** Result of one `verify` run, stored beside (never inside) the manifest. */
export const VerificationRecordSchema = z.object({
  backupId: z.string(),
  verifiedAt: z.iso.datetime(),
  ok: z.boolean(),
  checks: z.array(z.object({ name: z.string(), ok: z.boolean(), details: z.string() })),
  toolVersion: z.string(),
});
export type VerificationRecord = z.infer<typeof VerificationRecordSchema>;
