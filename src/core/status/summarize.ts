/**
 * Pure summaries of a repository for `list` and `status`: rows per backup, the latest backup of each database
 * against the RPO target, and the totals that users of sidecar stats endpoints expect.
 */
import type { BackupReport } from '../report/backup-report.ts';
import { listBackupReports, listBackups } from '../repository/catalog.ts';
import type { BackupManifest, VerificationRecord } from '../repository/manifest.ts';
import type { Storage } from '../storage/types.ts';

export interface BackupRow {
  id: string;
  databases: string[];
  kind: BackupManifest['kind'];
  finishedAt: string;
  ageMinutes: number;
  storedBytes: number;
  rawBytes: number;
  /** raw / stored, or null for an empty backup. */
  compressionRatio: number | null;
  durationMs: number;
  verification: 'verified' | 'failed' | 'unverified';
  verifiedAt: string | null;
  tags: string[];
}

export interface DatabaseStatus {
  database: string;
  latestBackupId: string;
  latestFinishedAt: string;
  ageMinutes: number;
  rpoMinutes: number;
  withinRpo: boolean;
  /** The newest backup run of this database failed after its newest complete backup: what and when. */
  lastFailure: { at: string; code: string; message: string } | null;
  /** `failing` beats `stale` beats `ok`. */
  state: 'ok' | 'stale' | 'failing';
}

export interface RepositoryStatus {
  storage: string;
  databases: DatabaseStatus[];
  totals: {
    totalBackups: number;
    totalSizeBytes: number;
    oldestBackupAt: string | null;
    newestBackupAt: string | null;
    averageSizeBytes: number;
    backupsLast24Hours: number;
    backupsLast7Days: number;
    averageDurationSeconds: number;
  };
}

const minutesBetween = (from: string, now: Date) =>
  Math.round(((now.getTime() - Date.parse(from)) / 60_000) * 10) / 10;

/** One display row per backup (manifests in any order; rows keep that order). */
export function toBackupRow(
  manifest: BackupManifest,
  verification: VerificationRecord | undefined,
  now: Date,
): BackupRow {
  const storedBytes = manifest.objects.reduce((n, o) => n + o.storedSize, 0);
  const rawBytes = manifest.objects.reduce((n, o) => n + o.rawSize, 0);
  return {
    id: manifest.id,
    databases: manifest.databases.map((d) => d.name),
    kind: manifest.kind,
    finishedAt: manifest.finishedAt,
    ageMinutes: minutesBetween(manifest.finishedAt, now),
    storedBytes,
    rawBytes,
    compressionRatio: storedBytes > 0 ? Math.round((rawBytes / storedBytes) * 100) / 100 : null,
    durationMs: manifest.durationMs,
    verification: verification ? (verification.ok ? 'verified' : 'failed') : 'unverified',
    verifiedAt: verification?.verifiedAt ?? null,
    tags: manifest.tags,
  };
}

/** Per-database freshness against `rpoMinutes` plus totals; `manifests` sorted by finishedAt ascending. */
export function summarizeRepository(
  storage: string,
  manifests: BackupManifest[],
  now: Date,
  rpoMinutes: number,
  /** Backup run reports (any order): a failed run newer than the newest complete backup marks `failing`. */
  reports: BackupReport[] = [],
): RepositoryStatus {
  const latestByDatabase = new Map<string, BackupManifest>();
  for (const manifest of manifests) {
    for (const db of manifest.databases) latestByDatabase.set(db.name, manifest);
  }
  const databases = [...latestByDatabase.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([database, m]) => {
      const ageMinutes = minutesBetween(m.finishedAt, now);
      const newestRun = reports
        .filter((r) => r.databases.includes(database))
        .sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt))
        .at(-1);
      const failed =
        newestRun?.status === 'failed' && Date.parse(newestRun.startedAt) >= Date.parse(m.startedAt)
          ? {
              at: newestRun.startedAt,
              code: newestRun.error?.code ?? 'FAILED',
              message: newestRun.error?.message ?? 'the backup failed',
            }
          : null;
      const withinRpo = ageMinutes <= rpoMinutes;
      return {
        database,
        latestBackupId: m.id,
        latestFinishedAt: m.finishedAt,
        ageMinutes,
        rpoMinutes,
        withinRpo,
        lastFailure: failed,
        state: failed ? ('failing' as const) : withinRpo ? ('ok' as const) : ('stale' as const),
      };
    });
  const sizes = manifests.map((m) => m.objects.reduce((n, o) => n + o.storedSize, 0));
  const totalSize = sizes.reduce((a, b) => a + b, 0);
  const since = (ms: number) =>
    manifests.filter((m) => now.getTime() - Date.parse(m.finishedAt) <= ms).length;
  return {
    storage,
    databases,
    totals: {
      totalBackups: manifests.length,
      totalSizeBytes: totalSize,
      oldestBackupAt: manifests[0]?.finishedAt ?? null,
      newestBackupAt: manifests.at(-1)?.finishedAt ?? null,
      averageSizeBytes: manifests.length ? Math.round(totalSize / manifests.length) : 0,
      backupsLast24Hours: since(86_400_000),
      backupsLast7Days: since(7 * 86_400_000),
      averageDurationSeconds: manifests.length
        ? Math.round(manifests.reduce((n, m) => n + m.durationMs, 0) / manifests.length / 100) / 10
        : 0,
    },
  };
}

/** Reads what `status` needs from the repository (manifests unless given, the relevant run reports) and summarises it. */
export async function repositoryStatus(
  storage: Storage,
  options: { rpoMinutes: number; now?: Date; manifests?: BackupManifest[] },
): Promise<RepositoryStatus> {
  const manifests = options.manifests ?? (await listBackups(storage));
  // Only runs after the oldest "newest backup" can mark a database failing: read just those reports.
  const newestIds = new Map<string, string>();
  for (const m of manifests) for (const d of m.databases) newestIds.set(d.name, m.id);
  const after = [...newestIds.values()].sort()[0];
  // Ids begin with the start time (YYYYMMDDTHHMMSSZ): from that day on is a safe, small superset.
  const reports = await listBackupReports(storage, after ? { after: after.slice(0, 8) } : {});
  return summarizeRepository(
    storage.location,
    manifests,
    options.now ?? new Date(),
    options.rpoMinutes,
    reports,
  );
}
