/**
 * WAL file names and LSN arithmetic, pure. A segment name is `TTTTTTTTXXXXXXXXYYYYYYYY`: timeline, then the
 * segment number split into a "log" and a "seg" part (`0x100000000 / segmentSize` segments per log).
 */

export const DEFAULT_SEGMENT_SIZE = 16 * 1024 * 1024;

export type WalFileKind = 'segment' | 'history' | 'backup' | 'partial';

export interface WalFileName {
  name: string;
  kind: WalFileKind;
  timeline: number;
  /** Segment number (absent for history files). */
  segno?: bigint;
}

const SEGMENT = /^([0-9A-F]{8})([0-9A-F]{8})([0-9A-F]{8})$/;
const HISTORY = /^([0-9A-F]{8})\.history$/;
const BACKUP = /^([0-9A-F]{8})([0-9A-F]{8})([0-9A-F]{8})\.[0-9A-F]{8}\.backup$/;
const PARTIAL = /^([0-9A-F]{8})([0-9A-F]{8})([0-9A-F]{8})\.partial$/;

const segmentsPerLog = (segmentSize: number) => 0x100000000n / BigInt(segmentSize);

/** Parses a file name PostgreSQL archives (segment, `.history`, `.backup`, `.partial`), or undefined. */
export function parseWalFileName(name: string, segmentSize = DEFAULT_SEGMENT_SIZE): WalFileName | undefined {
  const history = HISTORY.exec(name);
  if (history) return { name, kind: 'history', timeline: Number.parseInt(history[1]!, 16) };
  for (const [pattern, kind] of [
    [SEGMENT, 'segment'],
    [BACKUP, 'backup'],
    [PARTIAL, 'partial'],
  ] as const) {
    const m = pattern.exec(name);
    if (!m) continue;
    const segno = BigInt(`0x${m[2]}`) * segmentsPerLog(segmentSize) + BigInt(`0x${m[3]}`);
    return { name, kind, timeline: Number.parseInt(m[1]!, 16), segno };
  }
  return undefined;
}

const hex8 = (n: number | bigint) => n.toString(16).toUpperCase().padStart(8, '0');

/** The segment file name of segment number `segno` on `timeline`. */
export function segmentName(timeline: number, segno: bigint, segmentSize = DEFAULT_SEGMENT_SIZE): string {
  const perLog = segmentsPerLog(segmentSize);
  return `${hex8(timeline)}${hex8(segno / perLog)}${hex8(segno % perLog)}`;
}

/** Parses `16/B374D848` into a 64-bit position; undefined when malformed. */
export function parseLsn(text: string): bigint | undefined {
  const m = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(text.trim());
  return m ? (BigInt(`0x${m[1]}`) << 32n) | BigInt(`0x${m[2]}`) : undefined;
}

/** Formats a 64-bit position as PostgreSQL prints it (`16/B374D848`). */
export function formatLsn(lsn: bigint): string {
  return `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;
}

/** The number of the segment holding `lsn`. */
export function segnoOfLsn(lsn: bigint, segmentSize = DEFAULT_SEGMENT_SIZE): bigint {
  return lsn / BigInt(segmentSize);
}

/**
 * The segment holding the last byte before `lsn`: a stop LSN at a segment boundary ends in the previous
 * segment (PostgreSQL's XLByteToPrevSeg).
 */
export function segnoBeforeLsn(lsn: bigint, segmentSize = DEFAULT_SEGMENT_SIZE): bigint {
  return (lsn - 1n) / BigInt(segmentSize);
}

/** The first LSN after segment `segno`. */
export function endLsnOfSegment(segno: bigint, segmentSize = DEFAULT_SEGMENT_SIZE): bigint {
  return (segno + 1n) * BigInt(segmentSize);
}

/** Names of the `count` segments after `name` on its timeline (for prefetching). */
export function nextSegmentNames(name: string, count: number, segmentSize = DEFAULT_SEGMENT_SIZE): string[] {
  const parsed = parseWalFileName(name, segmentSize);
  if (parsed?.kind !== 'segment') return [];
  return Array.from({ length: count }, (_, i) =>
    segmentName(parsed.timeline, parsed.segno! + BigInt(i + 1), segmentSize),
  );
}

/** Timeline history file content → the switch points: `{ timeline, switchLsn }` per ancestor line. */
export function parseHistoryFile(text: string): { parentTimeline: number; switchLsn: bigint }[] {
  const entries: { parentTimeline: number; switchLsn: bigint }[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*(\d+)\s+([0-9A-Fa-f]+\/[0-9A-Fa-f]+)/.exec(line);
    if (m) entries.push({ parentTimeline: Number(m[1]), switchLsn: parseLsn(m[2]!)! });
  }
  return entries;
}
