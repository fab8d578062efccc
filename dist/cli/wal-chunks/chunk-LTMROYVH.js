import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  external_exports
} from "./chunk-4TYDSTE7.js";

// src/core/config/daemon-schema.ts
var cron = (description) => external_exports.string().min(1).describe(description);
var ScheduleKindSchema = external_exports.enum([
  "backup",
  "cleanup",
  "drill",
  "verify",
  "base-backup",
  "pitr-drill"
]);
var PitrDrillTargetSchema = external_exports.enum(["latest", "random"]);
var NamedScheduleSchema = external_exports.object({
  name: external_exports.string().regex(
    /^[a-z0-9][a-z0-9-]{0,62}$/,
    "schedule names are 1-63 of [a-z0-9-], starting with a letter or digit"
  ).describe("Unique name, e.g. nightly or weekly-drill"),
  kind: ScheduleKindSchema.describe("What the schedule runs"),
  cron: cron("Cron expression (5 or 6 fields, seconds first when 6; `0 4 * * 0#1` = first Sunday 04:00)"),
  databases: external_exports.array(external_exports.string().min(1)).optional().describe("Databases of this schedule (default: the configured ones)"),
  // Checked against the retention schema when the schedules are built (schema.ts embeds this file).
  retention: external_exports.record(external_exports.string(), external_exports.unknown()).optional().describe("Retention rules for a cleanup schedule, as in `retention` (default: the configured ones)"),
  targetTime: PitrDrillTargetSchema.optional().describe(
    "Recovery target of a pitr-drill schedule: latest (every archived WAL) or random (a random time inside the recoverable window); default daemon.pitrDrillTarget"
  )
}).strict();
var DaemonSchema = external_exports.object({
  backupSchedule: cron("Backup schedule (env BACKUP_SCHEDULE, SCHEDULE)").default("0 2 * * *"),
  cleanupSchedule: cron("Retention (prune) schedule (env CLEANUP_SCHEDULE)").default("0 3 * * 0"),
  drillSchedule: cron(
    "Restore drill schedule (env DRILL_SCHEDULE); default: first Sunday of the month, 04:00"
  ).default("0 4 * * 0#1"),
  verifySchedule: cron(
    "Verification of the latest backups (env VERIFY_SCHEDULE); off when unset"
  ).optional(),
  baseBackupSchedule: cron(
    "Physical base backup (pg_basebackup) schedule for point-in-time restore (env BACKUP_BASE_BACKUP_SCHEDULE); off when unset"
  ).optional(),
  pitrDrillSchedule: cron(
    "Point-in-time restore drill schedule (env PITR_DRILL_SCHEDULE): base backup + archived WAL into a throwaway local cluster, as `drill --pitr`; off when unset"
  ).optional(),
  pitrDrillTarget: PitrDrillTargetSchema.default("latest").describe(
    "Recovery target of the scheduled PITR drill (env PITR_DRILL_TARGET): latest (every archived WAL) or random (a random time inside the recoverable window)"
  ),
  walSpoolDir: external_exports.string().min(1).optional().describe(
    "Spool directory the server's archive_command (sidecar/wal-spool-archive.sh) copies WAL into; the daemon stores each file and acknowledges it (env WAL_SPOOL_DIR); off when unset"
  ),
  timeZone: external_exports.string().default("UTC").describe("Time zone of the schedules (env BACKUP_SCHEDULE_TIMEZONE)"),
  schedules: external_exports.array(NamedScheduleSchema).default([]).describe("Extra named schedules (config file only)"),
  backupOnStart: external_exports.boolean().default(false).describe("Take a backup when the daemon starts (env BACKUP_ON_START)"),
  catchUp: external_exports.boolean().default(false).describe("Run a missed backup (the container was down at its time) right away (env BACKUP_CATCH_UP)"),
  timeoutSeconds: external_exports.number().int().positive().optional().describe("Abort a job cleanly after this long (env BACKUP_TIMEOUT_SECONDS)"),
  maxSizeMb: external_exports.number().positive().optional().describe("Fail a backup whose stored size grows past this (env BACKUP_MAX_SIZE_MB)"),
  minSizeRatio: external_exports.coerce.number().min(0).max(1).default(0.5).describe(
    "Flag a backup smaller than this share of the previous one as suspicious (env BACKUP_MIN_SIZE_RATIO)"
  ),
  minSizeBytes: external_exports.number().int().nonnegative().default(0).describe("Flag a backup smaller than this as suspicious (env BACKUP_MIN_SIZE_BYTES)"),
  warnJobMinutes: external_exports.number().positive().default(120).describe("Notify when a job runs longer than this (env BACKUP_JOB_WARN_MINUTES)"),
  port: external_exports.number().int().min(0).max(65535).default(8080).describe("Health, metrics and API port (env HEALTHCHECK_PORT)"),
  listen: external_exports.string().default("0.0.0.0").describe("Address the HTTP server binds (env HEALTHCHECK_LISTEN)"),
  apiToken: external_exports.string().min(16, "API tokens need at least 16 characters").optional().describe(
    "Bearer token for reading and triggering jobs (env API_TOKEN, API_TOKEN_FILE); the API is off without a token"
  ),
  adminToken: external_exports.string().min(16, "API tokens need at least 16 characters").optional().describe("Bearer token that may also restore and delete (env ADMIN_TOKEN, ADMIN_TOKEN_FILE)"),
  stopGraceSeconds: external_exports.number().int().nonnegative().default(30).describe(
    "On SIGTERM, how long a running job may finish before it is aborted (env BACKUP_STOP_GRACE_SECONDS)"
  )
}).strict().describe("The sidecar daemon (`db-backup daemon`)");
var NotificationsSchema = external_exports.object({
  webhookUrl: external_exports.url().optional().describe("Generic JSON webhook (env NOTIFY_WEBHOOK_URL, WEBHOOK_URL); never logged"),
  slackWebhookUrl: external_exports.url().optional().describe("Slack incoming webhook (env SLACK_WEBHOOK_URL); never logged"),
  smtpUrl: external_exports.string().regex(/^smtps?:\/\//, "use smtp://user:password@host:port or smtps://\u2026").optional().describe("SMTP server for email (env SMTP_URL, SMTP_URL_FILE); never logged"),
  emailTo: external_exports.array(external_exports.string().min(3)).default([]).describe("Recipients (env NOTIFY_EMAIL_TO, comma-separated)"),
  emailFrom: external_exports.string().default("db-backup@localhost").describe("Sender (env NOTIFY_EMAIL_FROM)"),
  onSuccess: external_exports.boolean().default(false).describe("Also notify successful jobs (env NOTIFY_ON_SUCCESS)"),
  storageWarnPercent: external_exports.number().min(1).max(100).default(90).describe("Notify when local storage is fuller than this (env NOTIFY_STORAGE_PERCENT)")
}).strict().describe("Where the daemon reports failures, non-compliant drills, missed schedules and slow jobs");
var DAEMON_ENV_BINDINGS = [
  { names: ["BACKUP_SCHEDULE", "SCHEDULE"], path: "daemon.backupSchedule", kind: "string" },
  { names: ["CLEANUP_SCHEDULE"], path: "daemon.cleanupSchedule", kind: "string" },
  { names: ["DRILL_SCHEDULE"], path: "daemon.drillSchedule", kind: "string" },
  { names: ["VERIFY_SCHEDULE"], path: "daemon.verifySchedule", kind: "string" },
  { names: ["BACKUP_BASE_BACKUP_SCHEDULE"], path: "daemon.baseBackupSchedule", kind: "string" },
  { names: ["PITR_DRILL_SCHEDULE"], path: "daemon.pitrDrillSchedule", kind: "string" },
  { names: ["PITR_DRILL_TARGET"], path: "daemon.pitrDrillTarget", kind: "string" },
  { names: ["WAL_SPOOL_DIR"], path: "daemon.walSpoolDir", kind: "string" },
  { names: ["BACKUP_SCHEDULE_TIMEZONE"], path: "daemon.timeZone", kind: "string" },
  { names: ["BACKUP_ON_START"], path: "daemon.backupOnStart", kind: "bool" },
  { names: ["BACKUP_CATCH_UP"], path: "daemon.catchUp", kind: "bool" },
  { names: ["BACKUP_TIMEOUT_SECONDS"], path: "daemon.timeoutSeconds", kind: "int" },
  { names: ["BACKUP_MAX_SIZE_MB"], path: "daemon.maxSizeMb", kind: "int" },
  { names: ["BACKUP_MIN_SIZE_RATIO"], path: "daemon.minSizeRatio", kind: "string" },
  { names: ["BACKUP_MIN_SIZE_BYTES"], path: "daemon.minSizeBytes", kind: "int" },
  { names: ["BACKUP_JOB_WARN_MINUTES"], path: "daemon.warnJobMinutes", kind: "int" },
  { names: ["HEALTHCHECK_PORT"], path: "daemon.port", kind: "int" },
  { names: ["HEALTHCHECK_LISTEN"], path: "daemon.listen", kind: "string" },
  { names: ["API_TOKEN"], path: "daemon.apiToken", kind: "string", secret: true },
  { names: ["ADMIN_TOKEN"], path: "daemon.adminToken", kind: "string", secret: true },
  { names: ["BACKUP_STOP_GRACE_SECONDS"], path: "daemon.stopGraceSeconds", kind: "int" },
  {
    names: ["NOTIFY_WEBHOOK_URL", "WEBHOOK_URL"],
    path: "notifications.webhookUrl",
    kind: "string",
    secret: true
  },
  { names: ["SLACK_WEBHOOK_URL"], path: "notifications.slackWebhookUrl", kind: "string", secret: true },
  { names: ["SMTP_URL"], path: "notifications.smtpUrl", kind: "string", secret: true },
  { names: ["NOTIFY_EMAIL_TO"], path: "notifications.emailTo", kind: "list" },
  { names: ["NOTIFY_EMAIL_FROM"], path: "notifications.emailFrom", kind: "string" },
  { names: ["NOTIFY_ON_SUCCESS"], path: "notifications.onSuccess", kind: "bool" },
  { names: ["NOTIFY_STORAGE_PERCENT"], path: "notifications.storageWarnPercent", kind: "int" }
];

// src/core/duration.ts
var UNIT_MS = {
  ms: 1,
  s: 1e3,
  m: 6e4,
  h: 36e5,
  d: 864e5,
  w: 6048e5
};
function parseDuration(text) {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    return {
      error: `duration ${JSON.stringify(text)} has no unit: write ${trimmed}m for minutes, ${trimmed}h for hours or ${trimmed}d for days`
    };
  }
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== trimmed) {
    return { error: `invalid duration ${JSON.stringify(text)}: use e.g. 90s, 60m, 1h, 30d, 1h30m` };
  }
  let ms = 0;
  for (const [, value, unit] of parts) ms += Number(value) * UNIT_MS[unit];
  return { ms: Math.round(ms) };
}

// src/core/config/schema.ts
var duration = (description) => external_exports.string().superRefine((v, ctx) => {
  const parsed = parseDuration(v);
  if ("error" in parsed) ctx.addIssue({ code: "custom", message: parsed.error });
}).describe(description);
var count = (description) => external_exports.number().int().nonnegative().optional().describe(description);
var ConnectionSchema = external_exports.object({
  url: external_exports.string().optional().describe(
    "Connection URL postgres://user[:password]@host:port/db (env DATABASE_URL); password is redacted"
  ),
  host: external_exports.string().optional().describe("Server host or socket directory (env PGHOST, POSTGRES_HOST)"),
  port: external_exports.number().int().min(1).max(65535).optional().describe("Server port (env PGPORT, POSTGRES_PORT)"),
  user: external_exports.string().optional().describe("Role to connect as (env PGUSER, POSTGRES_USER)"),
  password: external_exports.string().optional().describe("Password (env PGPASSWORD, POSTGRES_PASSWORD, or *_FILE); passed to children via env only"),
  sslmode: external_exports.string().optional().describe("libpq sslmode (env PGSSLMODE)")
}).describe("How to reach the PostgreSQL server");
var SqlCheckSchema = external_exports.object({
  name: external_exports.string().min(1).describe("Shown in the drill report"),
  sql: external_exports.string().min(1).describe("Query run in the restored scratch database"),
  expect: external_exports.string().optional().describe("Expected value of the first column of the first row, as text"),
  minRows: external_exports.number().int().nonnegative().optional().describe("Minimum number of rows the query returns")
}).refine((c) => c.expect !== void 0 || c.minRows !== void 0, {
  message: "a check needs `expect` or `minRows`"
});
var RetentionSchema = external_exports.object({
  keepLast: count("Keep the N newest backups (env BACKUP_KEEP_LAST)"),
  keepWithin: duration(
    "Keep every backup younger than this, e.g. 30d (env BACKUP_RETENTION_DAYS in days)"
  ).optional(),
  keepHourly: count("Keep the newest backup of each of the last N hours (env BACKUP_KEEP_HOURLY)"),
  keepDaily: count(
    "Keep the newest backup of each of the last N days (env BACKUP_KEEP_DAILY, BACKUP_KEEP_DAYS)"
  ),
  keepWeekly: count(
    "Keep the newest backup of each of the last N ISO weeks (env BACKUP_KEEP_WEEKLY, BACKUP_KEEP_WEEKS)"
  ),
  keepMonthly: count(
    "Keep the newest backup of each of the last N months (env BACKUP_KEEP_MONTHLY, BACKUP_KEEP_MONTHS)"
  ),
  keepYearly: count("Keep the newest backup of each of the last N years (env BACKUP_KEEP_YEARLY)"),
  requireVerified: external_exports.boolean().default(false).describe("Only verified backups count toward a rule"),
  timeZone: external_exports.string().default("UTC").describe("Time zone for calendar buckets (env BACKUP_TIMEZONE, TZ)"),
  incompleteGrace: duration("Incomplete backups older than this are removed as garbage").default("24h")
}).describe("Retention rules; a backup any rule selects is kept");
var S3SettingsSchema = external_exports.object({
  endpoint: external_exports.string().url().optional().describe(
    "S3-compatible endpoint URL, e.g. http://minio:9000 (env S3_ENDPOINT); default AWS, or https://storage.googleapis.com for gs://"
  ),
  forcePathStyle: external_exports.boolean().optional().describe(
    "Address buckets as endpoint/bucket instead of bucket.endpoint (env S3_FORCE_PATH_STYLE); MinIO needs it"
  ),
  region: external_exports.string().optional().describe("Region (env S3_REGION, BACKUP_REGION, else AWS_REGION); `auto` for GCS; default us-east-1"),
  accessKeyId: external_exports.string().optional().describe(
    "Access key id (env S3_ACCESS_KEY_ID[_FILE], BACKUP_ACCESS_KEY); unset: the AWS chain (env, profile, web identity, instance role)"
  ),
  secretAccessKey: external_exports.string().optional().describe(
    "Secret access key (env S3_SECRET_ACCESS_KEY[_FILE], BACKUP_SECRET_KEY); redacted everywhere"
  ),
  sessionToken: external_exports.string().optional().describe("Session token of temporary keys (env S3_SESSION_TOKEN[_FILE])"),
  serverSideEncryption: external_exports.enum(["AES256", "aws:kms"]).optional().describe("Server-side encryption of new objects: AES256 (SSE-S3) or aws:kms (SSE-KMS) (env S3_SSE)"),
  kmsKeyId: external_exports.string().optional().describe("KMS key id or ARN for aws:kms (env S3_SSE_KMS_KEY_ID)"),
  storageClass: external_exports.string().regex(/^[A-Z_]+$/, "a storage class such as STANDARD_IA, GLACIER_IR, INTELLIGENT_TIERING").optional().describe("Storage class of new objects (env S3_STORAGE_CLASS)"),
  objectLockMode: external_exports.enum(["GOVERNANCE", "COMPLIANCE"]).optional().describe(
    "Object Lock retention mode of new objects (env S3_OBJECT_LOCK_MODE); needs a lock-enabled bucket"
  ),
  objectLockDays: external_exports.number().int().min(1).max(36500).optional().describe("Object Lock retention of new objects, in days (env S3_OBJECT_LOCK_DAYS)"),
  createOnly: external_exports.enum(["if-none-match", "gcs-generation", "head-then-put"]).optional().describe(
    "How create-only writes (manifests, locks) are made atomic (env S3_CREATE_ONLY): If-None-Match: * (default for s3://), x-goog-if-generation-match: 0 (default for gs://), or HEAD then PUT for servers with neither (racy across hosts)"
  ),
  partSizeMiB: external_exports.number().int().min(5).max(5120).optional().describe(
    "Multipart part size in MiB (env S3_PART_SIZE_MIB); default 8, raised to fit the expected size in 10,000 parts"
  ),
  queueSize: external_exports.number().int().min(1).max(16).default(2).describe(
    "Parts uploaded at once (env S3_UPLOAD_QUEUE_SIZE); memory is about (queueSize + 1) x part size"
  ),
  maxAttempts: external_exports.number().int().min(1).max(20).default(5).describe("Attempts per request for transient errors: 5xx, throttling, resets (env S3_MAX_ATTEMPTS)")
}).refine((s) => s.accessKeyId === void 0 === (s.secretAccessKey === void 0), {
  message: "set both the access key id and the secret access key, or neither (to use the AWS credential chain)"
}).refine((s) => s.kmsKeyId === void 0 || s.serverSideEncryption === "aws:kms", {
  message: "kmsKeyId needs serverSideEncryption aws:kms (S3_SSE=aws:kms)"
}).refine((s) => s.objectLockMode === void 0 === (s.objectLockDays === void 0), {
  message: "Object Lock needs both a mode and a number of days (S3_OBJECT_LOCK_MODE, S3_OBJECT_LOCK_DAYS)"
}).describe("Settings for s3:// and gs:// repositories");
var AzureSettingsSchema = external_exports.object({
  connectionString: external_exports.string().optional().describe(
    "Storage connection string (env AZURE_STORAGE_CONNECTION_STRING[_FILE]); redacted everywhere"
  ),
  account: external_exports.string().optional().describe("Storage account name (env AZURE_STORAGE_ACCOUNT)"),
  key: external_exports.string().optional().describe("Storage account key (env AZURE_STORAGE_KEY[_FILE]); redacted everywhere"),
  sasToken: external_exports.string().optional().describe("Shared access signature (env AZURE_STORAGE_SAS_TOKEN[_FILE]); redacted everywhere"),
  endpoint: external_exports.string().url().optional().describe(
    "Blob service URL (env AZURE_STORAGE_ENDPOINT); default https://<account>.blob.core.windows.net"
  ),
  maxAttempts: external_exports.number().int().min(1).max(20).default(5).describe("Attempts per request for transient errors (env AZURE_STORAGE_MAX_ATTEMPTS)")
}).describe("Settings for azure:// repositories: a connection string, an account and key, or a SAS token");
var identityList = external_exports.preprocess(
  (value) => typeof value === "string" ? value.split(/\r?\n|,/).map((line) => line.trim()).filter((line) => line !== "" && !line.startsWith("#")) : value,
  external_exports.array(external_exports.string())
);
var EncryptionSchema = external_exports.object({
  recipients: external_exports.array(external_exports.string().min(1)).default([]).describe(
    "age recipients (age1\u2026) new backups are encrypted to (env BACKUP_ENCRYPTION_RECIPIENTS, comma-separated)"
  ),
  passphrase: external_exports.string().min(1).optional().describe("Passphrase (age scrypt) instead of recipients (env BACKUP_ENCRYPTION_PASSPHRASE, _FILE)"),
  identities: identityList.default([]).describe(
    "age identities (AGE-SECRET-KEY-1\u2026) that restore, verify and drill decrypt with; several keep old backups restorable after a key change (env BACKUP_ENCRYPTION_IDENTITY, _FILE = an identity file)"
  ),
  required: external_exports.boolean().default(false).describe("Refuse to run without an encryption key (env BACKUP_ENCRYPTION=true)"),
  scryptWorkFactor: external_exports.number().int().min(10).max(22).default(18).describe(
    "log2 of the scrypt work factor for passphrase encryption (env BACKUP_ENCRYPTION_SCRYPT_LOG_N)"
  )
}).describe("age encryption of stored backups (https://age-encryption.org/v1)");
var ConfigSchema = external_exports.object({
  storage: external_exports.string().min(1).default("./backups").describe(
    "Repository location: a path, file:///abs/path, s3://bucket/prefix, gs://bucket/prefix or azure://container/prefix (env BACKUP_STORAGE, or BACKUP_PROVIDER + BACKUP_DESTINATION)"
  ),
  s3: S3SettingsSchema.default({ queueSize: 2, maxAttempts: 5 }),
  azure: AzureSettingsSchema.default({ maxAttempts: 5 }),
  connection: ConnectionSchema.default({}),
  databases: external_exports.array(external_exports.string().min(1)).default([]).describe("Databases to back up (env BACKUP_DATABASES, comma-separated)"),
  allDatabases: external_exports.boolean().default(false).describe("Back up every database plus roles and other globals"),
  pgBinDir: external_exports.string().optional().describe("Directory holding pg_dump/pg_restore (env BACKUP_PG_BIN_DIR); searched first"),
  backup: external_exports.object({
    format: external_exports.enum(["custom", "directory"]).default("custom").describe("pg_dump archive format"),
    jobs: external_exports.number().int().min(1).max(64).default(1).describe("Parallel dump/restore jobs (directory format)"),
    compression: external_exports.enum(["zstd", "gzip", "none"]).default("zstd").describe("env BACKUP_COMPRESSION"),
    compressionLevel: external_exports.number().int().min(1).max(19).optional().describe("env BACKUP_COMPRESSION_LEVEL; default 3 (zstd), 6 (gzip)"),
    schemaOnly: external_exports.boolean().default(false),
    dataOnly: external_exports.boolean().default(false),
    tables: external_exports.array(external_exports.string()).default([]).describe("Only these tables (pg_dump --table patterns)"),
    excludeTables: external_exports.array(external_exports.string()).default([]).describe("Skip these tables (pg_dump --exclude-table patterns)"),
    tags: external_exports.array(external_exports.string().regex(/^[\w.:-]{1,64}$/, "tags are 1-64 of [A-Za-z0-9_.:-]")).default([]),
    reportDir: external_exports.string().optional().describe("Where backup reports go; default logs/ inside a local repository")
  }).default({
    format: "custom",
    jobs: 1,
    compression: "zstd",
    schemaOnly: false,
    dataOnly: false,
    tables: [],
    excludeTables: [],
    tags: []
  }),
  retention: RetentionSchema.default({ requireVerified: false, timeZone: "UTC", incompleteGrace: "24h" }),
  restore: external_exports.object({
    jobs: external_exports.number().int().min(1).max(64).optional().describe(
      "pg_restore parallel jobs for restores and drills (env BACKUP_RESTORE_JOBS); default: the CPU count, at most 4"
    )
  }).default({}),
  drill: external_exports.object({
    rpo: duration("RPO target: maximum backup age at drill time (env BACKUP_RPO)").default("60m"),
    rto: duration("RTO target: maximum restore duration (env BACKUP_RTO)").default("30m"),
    scratch: external_exports.string().default("same").describe("Where to restore: `same` server, `local` throwaway cluster, or a postgres:// URL"),
    keepScratch: external_exports.boolean().default(false),
    checks: external_exports.array(SqlCheckSchema).default([]).describe("SQL checks run against the restored database"),
    reportDir: external_exports.string().optional().describe("Where drill reports go; default restore-tests/ inside a local repository")
  }).default({ rpo: "60m", rto: "30m", scratch: "same", keepScratch: false, checks: [] }),
  encryption: EncryptionSchema.prefault({}),
  daemon: DaemonSchema.prefault({}),
  notifications: NotificationsSchema.prefault({}),
  logLevel: external_exports.enum(["debug", "info", "warn", "error", "silent"]).default("info").describe("env BACKUP_LOG_LEVEL")
});

export {
  DAEMON_ENV_BINDINGS,
  S3SettingsSchema,
  AzureSettingsSchema,
  ConfigSchema
};
