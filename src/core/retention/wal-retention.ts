/**
 * WAL retention, pure: archived WAL older than the start of the oldest kept base backup serves no restore
 * and goes; everything from that segment on stays, on every timeline. Timeline history files always stay
 * (they are tiny, and recovery reads them to follow a timeline). Without a kept base backup nothing is
 * removed: the WAL may be all a user has.
 */
import { parseWalFileName } from '../wal/wal-names.ts';

export interface WalRetentionPlan {
  /** The first segment kept (the oldest kept base backup's start), or null when nothing is removed. */
  keepFrom: string | null;
  remove: string[];
}

/** Which archived WAL files (`names`) to remove when the base backups starting at `keptStarts` are kept. */
export function planWalRetention(
  names: string[],
  keptStarts: string[],
  segmentSize: number,
): WalRetentionPlan {
  const starts = keptStarts
    .map((n) => ({ name: n, segno: parseWalFileName(n, segmentSize)?.segno }))
    .filter((s): s is { name: string; segno: bigint } => s.segno !== undefined)
    .sort((a, b) => (a.segno < b.segno ? -1 : a.segno > b.segno ? 1 : 0));
  const oldest = starts[0];
  if (!oldest) return { keepFrom: null, remove: [] };
  const remove = names.filter((name) => {
    const parsed = parseWalFileName(name, segmentSize);
    return parsed !== undefined && parsed.kind !== 'history' && parsed.segno! < oldest.segno;
  });
  return { keepFrom: oldest.name, remove };
}
