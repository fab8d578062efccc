/**
 * `db-backup wal verify`: is every segment archived from the oldest base backup's start to the newest
 * segment, on every timeline? Reports the gaps, the recoverable window (earliest and latest restorable
 * time) and the archive lag. The window logic is pure (`summarizeArchive`); `verifyWalArchive` reads.
 */
import { listBackups } from '../repository/catalog.ts';
import { walClusterPrefix, walFileNameOfKey } from '../repository/keys.ts';
import type { BackupManifest } from '../repository/manifest.ts';
import type { Storage } from '../storage/types.ts';
import { readWalArea } from './wal-area.ts';
import { findWalGaps } from './wal-inventory.ts';
import { parseWalFileName } from './wal-names.ts';

export interface WalArchiveSummary {
  systemIdentifier: string | null;
  /** Archived segments (history, backup and partial files not counted). */
  segments: number;
  /** The first segment checked: the oldest base backup's start (or the first archived one). */
  checkedFrom: string | null;
  newestSegment: string | null;
  newestArchivedAt: string | null;
  gaps: string[];
  /** Earliest and latest time a point-in-time restore can reach; null without a base backup or WAL. */
  window: { earliest: string; latest: string } | null;
  /** Seconds since the newest segment was archived. */
  archiveLagSeconds: number | null;
  ok: boolean;
}

/** The archive's state from its files and the base backups, at `now`. */
export function summarizeArchive(
  files: { name: string; storedAt: Date }[],
  bases: BackupManifest[],
  segmentSize: number,
  now: Date,
  systemIdentifier: string | null,
): WalArchiveSummary {
  const segments = files
    .map((f) => ({ ...f, parsed: parseWalFileName(f.name, segmentSize) }))
    .filter((f) => f.parsed?.kind === 'segment')
    .sort((a, b) =>
      a.parsed!.segno! === b.parsed!.segno!
        ? a.name < b.name
          ? -1
          : 1
        : a.parsed!.segno! < b.parsed!.segno!
          ? -1
          : 1,
    );
  const withBase = bases.filter((b) => b.kind === 'base' && b.base);
  const oldestBase = [...withBase].sort((a, b) =>
    a.base!.walStart.slice(8) < b.base!.walStart.slice(8) ? -1 : 1,
  )[0];
  const checkedFrom = oldestBase?.base?.walStart ?? segments[0]?.name ?? null;
  const gaps = checkedFrom
    ? findWalGaps(
        segments.map((s) => s.name),
        checkedFrom,
        segmentSize,
      )
    : [];
  const newest = segments.at(-1);
  // Recovery replays up to the first gap: the latest reachable point is the last segment before it.
  const firstGap = gaps[0] ? parseWalFileName(gaps[0], segmentSize)!.segno! : undefined;
  const reachable =
    firstGap === undefined ? newest : segments.filter((s) => s.parsed!.segno! < firstGap).at(-1);
  const earliestBase = [...withBase].sort((a, b) => Date.parse(a.finishedAt) - Date.parse(b.finishedAt))[0];
  const window =
    earliestBase && reachable && reachable.storedAt.getTime() >= Date.parse(earliestBase.finishedAt)
      ? { earliest: earliestBase.finishedAt, latest: reachable.storedAt.toISOString() }
      : null;
  return {
    systemIdentifier,
    segments: segments.length,
    checkedFrom,
    newestSegment: newest?.name ?? null,
    newestArchivedAt: newest?.storedAt.toISOString() ?? null,
    gaps,
    window,
    archiveLagSeconds: newest
      ? Math.max(0, Math.round((now.getTime() - newest.storedAt.getTime()) / 1000))
      : null,
    ok: gaps.length === 0 && segments.length > 0,
  };
}

/** Reads the WAL area and the base backups and summarizes them. */
export async function verifyWalArchive(storage: Storage, now = new Date()): Promise<WalArchiveSummary> {
  const area = await readWalArea(storage);
  const files = area
    ? (await storage.list(walClusterPrefix(area.systemIdentifier)))
        .map((o) => ({ name: walFileNameOfKey(o.key), storedAt: o.modified }))
        .filter((o): o is { name: string; storedAt: Date } => o.name !== undefined)
    : [];
  return summarizeArchive(
    files,
    await listBackups(storage),
    area?.walSegmentSize ?? 16 * 1024 * 1024,
    now,
    area?.systemIdentifier ?? null,
  );
}
