/**
 * The sidecar's part of the one configuration schema: schedules, job limits, the HTTP port and tokens, and
 * notifications. Environment names follow the BACKUP_* family plus the names users of popular backup
 * sidecars already have (SCHEDULE, HEALTHCHECK_PORT, BACKUP_ON_START, WEBHOOK_URL).
 */
import { z } from 'zod';

const cron = (description: string) => z.string().min(1).describe(description);

export const ScheduleKindSchema = z.enum([
  'backup',
  'cleanup',
  'drill',
  'verify',
  'base-backup',
  'pitr-drill',
]);
export type ScheduleKind = z.infer<typeof ScheduleKindSchema>;

/** Where a scheduled point-in-time drill recovers to: the newest archived WAL, or a random time in the window. */
export const PitrDrillTargetSchema = z.enum(['latest', 'random']);
export type PitrDrillTarget = z.infer<typeof PitrDrillTargetSchema>;

export const NamedScheduleSchema = z
  .object({
    name: z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9-]{0,62}$/,
        'schedule names are 1-63 of [a-z0-9-], starting with a letter or digit',
      )
      .describe('Unique name, e.g. nightly or weekly-drill'),
    kind: ScheduleKindSchema.describe('What the schedule runs'),
    cron: cron('Cron expression (5 or 6 fields, seconds first when 6; `0 4 * * 0#1` = first Sunday 04:00)'),
    databases: z
      .array(z.string().min(1))
      .optional()
      .describe('Databases of this schedule (default: the configured ones)'),
    // Checked against the retention schema when the schedules are built (schema.ts embeds this file).
    retention: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('Retention rules for a cleanup schedule, as in `retention` (default: the configured ones)'),
    targetTime: PitrDrillTargetSchema.optional().describe(
      'Recovery target of a pitr-drill schedule: latest (every archived WAL) or random (a random time inside the recoverable window); default daemon.pitrDrillTarget',
    ),
  })
  .strict();
export type NamedScheduleConfig = z.infer<typeof NamedScheduleSchema>;

export const DaemonSchema = z
  .object({
    backupSchedule: cron('Backup schedule (env BACKUP_SCHEDULE, SCHEDULE)').default('0 2 * * *'),
    cleanupSchedule: cron('Retention (prune) schedule (env CLEANUP_SCHEDULE)').default('0 3 * * 0'),
    drillSchedule: cron(
      'Restore drill schedule (env DRILL_SCHEDULE); default: first Sunday of the month, 04:00',
    ).default('0 4 * * 0#1'),
    verifySchedule: cron(
      'Verification of the latest backups (env VERIFY_SCHEDULE); off when unset',
    ).optional(),
    baseBackupSchedule: cron(
      'Physical base backup (pg_basebackup) schedule for point-in-time restore (env BACKUP_BASE_BACKUP_SCHEDULE); off when unset',
    ).optional(),
    pitrDrillSchedule: cron(
      'Point-in-time restore drill schedule (env PITR_DRILL_SCHEDULE): base backup + archived WAL into a throwaway local cluster, as `drill --pitr`; off when unset',
    ).optional(),
    pitrDrillTarget: PitrDrillTargetSchema.default('latest').describe(
      'Recovery target of the scheduled PITR drill (env PITR_DRILL_TARGET): latest (every archived WAL) or random (a random time inside the recoverable window)',
    ),
    walSpoolDir: z
      .string()
      .min(1)
      .optional()
      .describe(
        "Spool directory the server's archive_command (sidecar/wal-spool-archive.sh) copies WAL into; the daemon stores each file and acknowledges it (env WAL_SPOOL_DIR); off when unset",
      ),
    timeZone: z.string().default('UTC').describe('Time zone of the schedules (env BACKUP_SCHEDULE_TIMEZONE)'),
    schedules: z.array(NamedScheduleSchema).default([]).describe('Extra named schedules (config file only)'),
    backupOnStart: z
      .boolean()
      .default(false)
      .describe('Take a backup when the daemon starts (env BACKUP_ON_START)'),
    catchUp: z
      .boolean()
      .default(false)
      .describe('Run a missed backup (the container was down at its time) right away (env BACKUP_CATCH_UP)'),
    timeoutSeconds: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('Abort a job cleanly after this long (env BACKUP_TIMEOUT_SECONDS)'),
    maxSizeMb: z
      .number()
      .positive()
      .optional()
      .describe('Fail a backup whose stored size grows past this (env BACKUP_MAX_SIZE_MB)'),
    minSizeRatio: z.coerce
      .number()
      .min(0)
      .max(1)
      .default(0.5)
      .describe(
        'Flag a backup smaller than this share of the previous one as suspicious (env BACKUP_MIN_SIZE_RATIO)',
      ),
    minSizeBytes: z
      .number()
      .int()
      .nonnegative()
      .default(0)
      .describe('Flag a backup smaller than this as suspicious (env BACKUP_MIN_SIZE_BYTES)'),
    warnJobMinutes: z
      .number()
      .positive()
      .default(120)
      .describe('Notify when a job runs longer than this (env BACKUP_JOB_WARN_MINUTES)'),
    port: z
      .number()
      .int()
      .min(0)
      .max(65535)
      .default(8080)
      .describe('Health, metrics and API port (env HEALTHCHECK_PORT)'),
    listen: z.string().default('0.0.0.0').describe('Address the HTTP server binds (env HEALTHCHECK_LISTEN)'),
    apiToken: z
      .string()
      .min(16, 'API tokens need at least 16 characters')
      .optional()
      .describe(
        'Bearer token for reading and triggering jobs (env API_TOKEN, API_TOKEN_FILE); the API is off without a token',
      ),
    adminToken: z
      .string()
      .min(16, 'API tokens need at least 16 characters')
      .optional()
      .describe('Bearer token that may also restore and delete (env ADMIN_TOKEN, ADMIN_TOKEN_FILE)'),
    stopGraceSeconds: z
      .number()
      .int()
      .nonnegative()
      .default(30)
      .describe(
        'On SIGTERM, how long a running job may finish before it is aborted (env BACKUP_STOP_GRACE_SECONDS)',
      ),
  })
  .strict()
  .describe('The sidecar daemon (`db-backup daemon`)');
export type DaemonConfig = z.infer<typeof DaemonSchema>;

export const NotificationsSchema = z
  .object({
    webhookUrl: z
      .url()
      .optional()
      .describe('Generic JSON webhook (env NOTIFY_WEBHOOK_URL, WEBHOOK_URL); never logged'),
    slackWebhookUrl: z
      .url()
      .optional()
      .describe('Slack incoming webhook (env SLACK_WEBHOOK_URL); never logged'),
    smtpUrl: z
      .string()
      .regex(/^smtps?:\/\//, 'use smtp://user:password@host:port or smtps://…')
      .optional()
      .describe('SMTP server for email (env SMTP_URL, SMTP_URL_FILE); never logged'),
    emailTo: z
      .array(z.string().min(3))
      .default([])
      .describe('Recipients (env NOTIFY_EMAIL_TO, comma-separated)'),
    emailFrom: z.string().default('db-backup@localhost').describe('Sender (env NOTIFY_EMAIL_FROM)'),
    onSuccess: z.boolean().default(false).describe('Also notify successful jobs (env NOTIFY_ON_SUCCESS)'),
    storageWarnPercent: z
      .number()
      .min(1)
      .max(100)
      .default(90)
      .describe('Notify when local storage is fuller than this (env NOTIFY_STORAGE_PERCENT)'),
  })
  .strict()
  .describe('Where the daemon reports failures, non-compliant drills, missed schedules and slow jobs');
export type NotificationsConfig = z.infer<typeof NotificationsSchema>;

/** Environment bindings of the daemon settings (appended to the main table in load-config.ts). */
export const DAEMON_ENV_BINDINGS = [
  { names: ['BACKUP_SCHEDULE', 'SCHEDULE'], path: 'daemon.backupSchedule', kind: 'string' },
  { names: ['CLEANUP_SCHEDULE'], path: 'daemon.cleanupSchedule', kind: 'string' },
  { names: ['DRILL_SCHEDULE'], path: 'daemon.drillSchedule', kind: 'string' },
  { names: ['VERIFY_SCHEDULE'], path: 'daemon.verifySchedule', kind: 'string' },
  { names: ['BACKUP_BASE_BACKUP_SCHEDULE'], path: 'daemon.baseBackupSchedule', kind: 'string' },
  { names: ['PITR_DRILL_SCHEDULE'], path: 'daemon.pitrDrillSchedule', kind: 'string' },
  { names: ['PITR_DRILL_TARGET'], path: 'daemon.pitrDrillTarget', kind: 'string' },
  { names: ['WAL_SPOOL_DIR'], path: 'daemon.walSpoolDir', kind: 'string' },
  { names: ['BACKUP_SCHEDULE_TIMEZONE'], path: 'daemon.timeZone', kind: 'string' },
  { names: ['BACKUP_ON_START'], path: 'daemon.backupOnStart', kind: 'bool' },
  { names: ['BACKUP_CATCH_UP'], path: 'daemon.catchUp', kind: 'bool' },
  { names: ['BACKUP_TIMEOUT_SECONDS'], path: 'daemon.timeoutSeconds', kind: 'int' },
  { names: ['BACKUP_MAX_SIZE_MB'], path: 'daemon.maxSizeMb', kind: 'int' },
  { names: ['BACKUP_MIN_SIZE_RATIO'], path: 'daemon.minSizeRatio', kind: 'string' },
  { names: ['BACKUP_MIN_SIZE_BYTES'], path: 'daemon.minSizeBytes', kind: 'int' },
  { names: ['BACKUP_JOB_WARN_MINUTES'], path: 'daemon.warnJobMinutes', kind: 'int' },
  { names: ['HEALTHCHECK_PORT'], path: 'daemon.port', kind: 'int' },
  { names: ['HEALTHCHECK_LISTEN'], path: 'daemon.listen', kind: 'string' },
  { names: ['API_TOKEN'], path: 'daemon.apiToken', kind: 'string', secret: true },
  { names: ['ADMIN_TOKEN'], path: 'daemon.adminToken', kind: 'string', secret: true },
  { names: ['BACKUP_STOP_GRACE_SECONDS'], path: 'daemon.stopGraceSeconds', kind: 'int' },
  {
    names: ['NOTIFY_WEBHOOK_URL', 'WEBHOOK_URL'],
    path: 'notifications.webhookUrl',
    kind: 'string',
    secret: true,
  },
  { names: ['SLACK_WEBHOOK_URL'], path: 'notifications.slackWebhookUrl', kind: 'string', secret: true },
  { names: ['SMTP_URL'], path: 'notifications.smtpUrl', kind: 'string', secret: true },
  { names: ['NOTIFY_EMAIL_TO'], path: 'notifications.emailTo', kind: 'list' },
  { names: ['NOTIFY_EMAIL_FROM'], path: 'notifications.emailFrom', kind: 'string' },
  { names: ['NOTIFY_ON_SUCCESS'], path: 'notifications.onSuccess', kind: 'bool' },
  { names: ['NOTIFY_STORAGE_PERCENT'], path: 'notifications.storageWarnPercent', kind: 'int' },
] as const;
