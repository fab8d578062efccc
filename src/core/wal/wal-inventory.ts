/** What the WAL archive holds, as pure functions over file names: gaps per timeline and the archive's head. */
import { parseWalFileName, segmentName } from './wal-names.ts';

/**
 * Missing segments on `from`'s timeline (and later timelines) between `from` and the newest archived
 * segment of each: recovery stops at the first one. Timelines after the first start at their first
 * archived segment (they branch off where the history file says).
 */
export function findWalGaps(names: string[], from: string, segmentSize: number): string[] {
  const start = parseWalFileName(from, segmentSize);
  if (start?.kind !== 'segment') return [];
  const byTimeline = new Map<number, bigint[]>([[start.timeline, [start.segno! - 1n]]]);
  for (const name of names) {
    const p = parseWalFileName(name, segmentSize);
    if (p?.kind !== 'segment' || p.timeline < start.timeline) continue;
    byTimeline.set(p.timeline, [...(byTimeline.get(p.timeline) ?? []), p.segno!]);
  }
  const gaps: string[] = [];
  for (const [timeline, segnos] of [...byTimeline.entries()].sort((a, b) => a[0] - b[0])) {
    const have = new Set(segnos);
    const first = timeline === start.timeline ? start.segno! : segnos.reduce((a, b) => (b < a ? b : a));
    // The start segment itself must be there, even when nothing after it is.
    const last = segnos.reduce((a, b) => (b > a ? b : a), timeline === start.timeline ? start.segno! : 0n);
    for (let s = first; s <= last; s++) if (!have.has(s)) gaps.push(segmentName(timeline, s, segmentSize));
  }
  return gaps;
}
