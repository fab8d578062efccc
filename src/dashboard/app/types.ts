/** The shapes the dashboard reads from `/api/v1` (the daemon's JSON; only the fields shown here). */

export interface BackupRow {
  id: string;
  databases: string[];
  kind: 'logical' | 'base';
  finishedAt: string;
  ageMinutes: number;
  storedBytes: number;
  rawBytes: number;
  compressionRatio: number | null;
  durationMs: number;
  verification: 'verified' | 'failed' | 'unverified';
  verifiedAt: string | null;
}

export interface DatabaseStatus {
  database: string;
  latestBackupId: string;
  latestFinishedAt: string;
  ageMinutes: number;
  rpoMinutes: number;
  withinRpo: boolean;
  lastFailure: { at: string; code: string; message: string } | null;
  state: 'ok' | 'stale' | 'failing';
  /** Present once the status API reports WAL archiving per database. */
  pitrWindow?: { earliest: string; latest: string } | null;
}

export interface Totals {
  totalBackups: number;
  totalSizeBytes: number;
  oldestBackupAt: string | null;
  newestBackupAt: string | null;
  averageSizeBytes: number;
  backupsLast24Hours: number;
  backupsLast7Days: number;
  averageDurationSeconds: number;
}

export interface Status {
  storage: string;
  databases: DatabaseStatus[];
  totals: Totals;
  /** Present when WAL is archived: the recoverable window of the cluster. */
  wal?: { window?: { earliest: string; latest: string } | null; archiveLagSeconds?: number | null } | null;
}

export interface DrillReport {
  drill_id: string;
  drill_timestamp: string;
  status: 'success' | 'non_compliant' | 'failure';
  backup_id: string | null;
  database: string | null;
  backup_finished_at: string | null;
  backup_age_minutes: number | null;
  restore_duration_minutes: number | null;
  rpo_target_minutes: number;
  rto_target_minutes: number;
  rpo_compliant: boolean;
  rto_compliant: boolean;
  scratch: { database: string; location: string; dropped: boolean };
  checks: { name: string; status: 'pass' | 'fail' | 'skip'; details: string }[];
  measures: {
    stored_bytes: number;
    restored_bytes: number;
    throughput_mib_per_s: number | null;
    tables_checked: number;
    rows_checked: number;
  };
  timings_ms: { fetch_and_verify: number; restore: number; checks: number; total: number };
  environment: Record<string, string | null>;
  error: { code: string; message: string } | null;
  /** Present for point-in-time drills (`drill --pitr`, the daemon's pitr-drill job). */
  pitr?: {
    target: string;
    target_time: string | null;
    base_backup_id: string | null;
    recovered_to: string | null;
    newest_wal: string | null;
    newest_wal_archived_at: string | null;
    window: { earliest: string; latest: string } | null;
  } | null;
}

export interface Schedule {
  name: string;
  kind: string;
  cron: string;
  timeZone: string;
  enabled: boolean;
  nextRuns: string[];
}

export interface Job {
  id: string;
  kind: string;
  target: string;
  actor: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  progress: string | null;
  error: { code: string; message: string } | null;
}

export interface Session {
  token: string;
  role: 'read' | 'admin';
}

export interface DashboardData {
  status: Status;
  backups: BackupRow[];
  drills: DrillReport[];
  schedules: Schedule[];
  jobs: Job[];
}
