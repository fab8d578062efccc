/**
 * Pure summaries of a repository for `list` and `status`: rows per backup, the latest backup of each database
 * against the RPO target, and the totals that users of sidecar stats endpoints expect.
 */
import type { BackupManifest, VerificationRecord } from '../repository/manifest.ts';

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
}

export interface RepositoryStatus {
  storage: string;
  databases: DatabaseStatus[];
  totals: {
    totalBackups: number;
    totalSize: number;
    oldestBackup: string | null;
    newestBackup: string | null;
    averageSize: number;
    backupsLast24Hours: number;
    backupsLast7Days: number;
    averageDuration: number;
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
): RepositoryStatus {
  const latestByDatabase = new Map<string, BackupManifest>();
  for (const manifest of manifests) {
    for (const db of manifest.databases) latestByDatabase.set(db.name, manifest);
  }
  const databases = [...latestByDatabase.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([database, m]) => {
      const ageMinutes = minutesBetween(m.finishedAt, now);
      return {
        database,
        latestBackupId: m.id,
        latestFinishedAt: m.finishedAt,
        ageMinutes,
        rpoMinutes,
        withinRpo: ageMinutes <= rpoMinutes,
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
      totalSize,
      oldestBackup: manifests[0]?.finishedAt ?? null,
      newestBackup: manifests.at(-1)?.finishedAt ?? null,
      averageSize: manifests.length ? Math.round(totalSize / manifests.length) : 0,
      backupsLast24Hours: since(86_400_000),
      backupsLast7Days: since(7 * 86_400_000),
      averageDuration: manifests.length
        ? Math.round(manifests.reduce((n, m) => n + m.durationMs, 0) / manifests.length)
        : 0,
    },
  };
}
