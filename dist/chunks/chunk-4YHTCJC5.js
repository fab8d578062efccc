import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  parseWalFileName,
  segmentName
} from "./chunk-T2VRPRXO.js";

// src/core/wal/wal-inventory.ts
function findWalGaps(names, from, segmentSize) {
  const start = parseWalFileName(from, segmentSize);
  if (start?.kind !== "segment") return [];
  const byTimeline = /* @__PURE__ */ new Map([[start.timeline, [start.segno - 1n]]]);
  for (const name of names) {
    const p = parseWalFileName(name, segmentSize);
    if (p?.kind !== "segment" || p.timeline < start.timeline) continue;
    byTimeline.set(p.timeline, [...byTimeline.get(p.timeline) ?? [], p.segno]);
  }
  const gaps = [];
  for (const [timeline, segnos] of [...byTimeline.entries()].sort((a, b) => a[0] - b[0])) {
    const have = new Set(segnos);
    const first = timeline === start.timeline ? start.segno : segnos.reduce((a, b) => b < a ? b : a);
    const last = segnos.reduce((a, b) => b > a ? b : a, timeline === start.timeline ? start.segno : 0n);
    for (let s = first; s <= last; s++) if (!have.has(s)) gaps.push(segmentName(timeline, s, segmentSize));
  }
  return gaps;
}

export {
  findWalGaps
};
