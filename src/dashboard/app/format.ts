/** Pure display rules of the dashboard: units, ages, the RPO traffic light, sorting. No DOM here. */
import type { BackupRow, DatabaseStatus, DrillReport } from './types.ts';

/** Bytes in binary units with one decimal (`1.5 MiB`). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** A duration in milliseconds, in the largest unit that keeps it readable (`850 ms`, `12.3 s`, `4 min 5 s`). */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** An age or target in minutes (`40 s`, `45 min`, `3.5 h`, `2.0 d`). */
export function formatMinutes(minutes: number): string {
  if (minutes < 1) return `${Math.round(minutes * 60)} s`;
  if (minutes < 90) return `${Math.round(minutes * 10) / 10} min`;
  if (minutes < 2880) return `${(minutes / 60).toFixed(1)} h`;
  return `${(minutes / 1440).toFixed(1)} d`;
}

/** An ISO time as `YYYY-MM-DD HH:MM UTC`: one zone for everybody reading the same page in an incident. */
export function formatTime(iso: string | null): string {
  if (!iso) return '—';
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export type Light = 'green' | 'amber' | 'red';

/** Share of the RPO after which a database turns amber: the next missed run would breach it. */
export const AMBER_SHARE = 0.75;

/**
 * The traffic light of a database: red when its last backup run failed or its newest backup is older than the
 * RPO, amber past 75% of the RPO, green otherwise; with the words that say so (colour is never the only cue).
 */
export function rpoLight(db: Pick<DatabaseStatus, 'ageMinutes' | 'rpoMinutes' | 'state'>): {
  light: Light;
  label: string;
} {
  if (db.state === 'failing') return { light: 'red', label: 'Last backup failed' };
  if (db.ageMinutes > db.rpoMinutes) return { light: 'red', label: 'RPO breached' };
  if (db.ageMinutes > db.rpoMinutes * AMBER_SHARE) return { light: 'amber', label: 'Near RPO' };
  return { light: 'green', label: 'Within RPO' };
}

/** The light and words of a drill verdict. */
export function drillVerdict(status: DrillReport['status']): { light: Light; label: string } {
  if (status === 'success') return { light: 'green', label: 'Passed' };
  if (status === 'non_compliant') return { light: 'amber', label: 'Target missed' };
  return { light: 'red', label: 'Failed' };
}

/** The light and words of a backup's verification state. */
export function verificationLight(state: BackupRow['verification']): { light: Light; label: string } {
  if (state === 'verified') return { light: 'green', label: 'Verified' };
  if (state === 'failed') return { light: 'red', label: 'Verification failed' };
  return { light: 'amber', label: 'Not verified' };
}

export type SortKey = 'finishedAt' | 'id' | 'database' | 'kind' | 'storedBytes' | 'ratio' | 'durationMs';

const sortValue = (row: BackupRow, key: SortKey): string | number => {
  switch (key) {
    case 'database':
      return row.databases.join(',');
    case 'ratio':
      return row.compressionRatio ?? -1;
    default:
      return row[key];
  }
};

/** Backup rows of `database` (all when empty), sorted by `key`; ties keep the newest first. */
export function sortBackups(
  rows: BackupRow[],
  key: SortKey,
  direction: 'ascending' | 'descending',
  database = '',
): BackupRow[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return rows
    .filter((r) => !database || r.databases.includes(database))
    .sort((a, b) => {
      const x = sortValue(a, key);
      const y = sortValue(b, key);
      if (x !== y) return (x < y ? -1 : 1) * sign;
      return a.finishedAt < b.finishedAt ? 1 : a.finishedAt > b.finishedAt ? -1 : 0;
    });
}

/** What a drill covered, for tables: its database, or for a point-in-time drill the cluster's (or one database's). */
export function drillSubject(report: Pick<DrillReport, 'database' | 'pitr'>): string {
  if (report.pitr) return `${report.database ?? 'all databases'} (point in time)`;
  return report.database ?? '(unknown)';
}

/** Readable names of the daemon's job kinds (the API's own kind otherwise). */
const JOB_KIND_LABELS: Record<string, string> = {
  'base-backup': 'base backup',
  'pitr-drill': 'point-in-time drill',
};

/** How the dashboard names a job kind. */
export function jobKindLabel(kind: string): string {
  return JOB_KIND_LABELS[kind] ?? kind;
}

/**
 * The newest drill report of each database (reports in any order), by database name; point-in-time drills
 * are their own rows (they restore the cluster, not a database's dump).
 */
export function lastDrillPerDatabase(reports: DrillReport[]): DrillReport[] {
  const newest = new Map<string, DrillReport>();
  for (const report of reports) {
    const key = drillSubject(report);
    const seen = newest.get(key);
    if (!seen || Date.parse(report.drill_timestamp) > Date.parse(seen.drill_timestamp))
      newest.set(key, report);
  }
  return [...newest.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, r]) => r);
}
