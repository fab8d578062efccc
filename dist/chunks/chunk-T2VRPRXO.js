import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);

// src/core/wal/wal-names.ts
var DEFAULT_SEGMENT_SIZE = 16 * 1024 * 1024;
var SEGMENT = /^([0-9A-F]{8})([0-9A-F]{8})([0-9A-F]{8})$/;
var HISTORY = /^([0-9A-F]{8})\.history$/;
var BACKUP = /^([0-9A-F]{8})([0-9A-F]{8})([0-9A-F]{8})\.[0-9A-F]{8}\.backup$/;
var PARTIAL = /^([0-9A-F]{8})([0-9A-F]{8})([0-9A-F]{8})\.partial$/;
var segmentsPerLog = (segmentSize) => 0x100000000n / BigInt(segmentSize);
function parseWalFileName(name, segmentSize = DEFAULT_SEGMENT_SIZE) {
  const history = HISTORY.exec(name);
  if (history) return { name, kind: "history", timeline: Number.parseInt(history[1], 16) };
  for (const [pattern, kind] of [
    [SEGMENT, "segment"],
    [BACKUP, "backup"],
    [PARTIAL, "partial"]
  ]) {
    const m = pattern.exec(name);
    if (!m) continue;
    const segno = BigInt(`0x${m[2]}`) * segmentsPerLog(segmentSize) + BigInt(`0x${m[3]}`);
    return { name, kind, timeline: Number.parseInt(m[1], 16), segno };
  }
  return void 0;
}
var hex8 = (n) => n.toString(16).toUpperCase().padStart(8, "0");
function segmentName(timeline, segno, segmentSize = DEFAULT_SEGMENT_SIZE) {
  const perLog = segmentsPerLog(segmentSize);
  return `${hex8(timeline)}${hex8(segno / perLog)}${hex8(segno % perLog)}`;
}
function parseLsn(text) {
  const m = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(text.trim());
  return m ? BigInt(`0x${m[1]}`) << 32n | BigInt(`0x${m[2]}`) : void 0;
}
function formatLsn(lsn) {
  return `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;
}
function segnoOfLsn(lsn, segmentSize = DEFAULT_SEGMENT_SIZE) {
  return lsn / BigInt(segmentSize);
}
function segnoBeforeLsn(lsn, segmentSize = DEFAULT_SEGMENT_SIZE) {
  return (lsn - 1n) / BigInt(segmentSize);
}
function nextSegmentNames(name, count, segmentSize = DEFAULT_SEGMENT_SIZE) {
  const parsed = parseWalFileName(name, segmentSize);
  if (parsed?.kind !== "segment") return [];
  return Array.from(
    { length: count },
    (_, i) => segmentName(parsed.timeline, parsed.segno + BigInt(i + 1), segmentSize)
  );
}

export {
  DEFAULT_SEGMENT_SIZE,
  parseWalFileName,
  segmentName,
  parseLsn,
  formatLsn,
  segnoOfLsn,
  segnoBeforeLsn,
  nextSegmentNames
};
