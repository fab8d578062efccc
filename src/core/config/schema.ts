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
    .refine((v) => 'ms' in parseDuration(v), { message: 'invalid duration: use e.g. 90s, 60m, 1h, 30d' })
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

export const ConfigSchema = z.object({
  storage: z
    .string()
    .min(1)
    .default('./backups')
    .describe('Repository location: a path or file:///abs/path (env BACKUP_STORAGE)'),
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
        .describe('Where backup reports go; default logs/ beside a local repository'),
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
        .describe('Where drill reports go; default restore-tests/ beside a local repository'),
    })
    .default({ rpo: '60m', rto: '30m', scratch: 'same', keepScratch: false, checks: [] }),
  daemon: DaemonSchema.default(DaemonSchema.parse({})),
  notifications: NotificationsSchema.default(NotificationsSchema.parse({})),
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
