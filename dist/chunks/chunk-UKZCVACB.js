import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  findWalGaps
} from "./chunk-4YHTCJC5.js";
import {
  readWalArea
} from "./chunk-YVH2I7AV.js";
import {
  listBackups
} from "./chunk-USZDJMRJ.js";
import {
  parseWalFileName
} from "./chunk-T2VRPRXO.js";
import {
  walClusterPrefix,
  walFileNameOfKey
} from "./chunk-GOB2Q2UI.js";

// src/core/wal/verify-archive.ts
function summarizeArchive(files, bases, segmentSize, now, systemIdentifier) {
  const segments = files.map((f) => ({ ...f, parsed: parseWalFileName(f.name, segmentSize) })).filter((f) => f.parsed?.kind === "segment").sort(
    (a, b) => a.parsed.segno === b.parsed.segno ? a.name < b.name ? -1 : 1 : a.parsed.segno < b.parsed.segno ? -1 : 1
  );
  const withBase = bases.filter((b) => b.kind === "base" && b.base);
  const oldestBase = [...withBase].sort(
    (a, b) => a.base.walStart.slice(8) < b.base.walStart.slice(8) ? -1 : 1
  )[0];
  const checkedFrom = oldestBase?.base?.walStart ?? segments[0]?.name ?? null;
  const gaps = checkedFrom ? findWalGaps(
    segments.map((s) => s.name),
    checkedFrom,
    segmentSize
  ) : [];
  const newest = segments.at(-1);
  const firstGap = gaps[0] ? parseWalFileName(gaps[0], segmentSize).segno : void 0;
  const reachable = firstGap === void 0 ? newest : segments.filter((s) => s.parsed.segno < firstGap).at(-1);
  const earliestBase = [...withBase].sort((a, b) => Date.parse(a.finishedAt) - Date.parse(b.finishedAt))[0];
  const window = earliestBase && reachable && reachable.storedAt.getTime() >= Date.parse(earliestBase.finishedAt) ? { earliest: earliestBase.finishedAt, latest: reachable.storedAt.toISOString() } : null;
  return {
    systemIdentifier,
    segments: segments.length,
    checkedFrom,
    newestSegment: newest?.name ?? null,
    newestArchivedAt: newest?.storedAt.toISOString() ?? null,
    gaps,
    window,
    archiveLagSeconds: newest ? Math.max(0, Math.round((now.getTime() - newest.storedAt.getTime()) / 1e3)) : null,
    ok: gaps.length === 0 && segments.length > 0
  };
}
async function verifyWalArchive(storage, now = /* @__PURE__ */ new Date()) {
  const area = await readWalArea(storage);
  const files = area ? (await storage.list(walClusterPrefix(area.systemIdentifier))).map((o) => ({ name: walFileNameOfKey(o.key), storedAt: o.modified })).filter((o) => o.name !== void 0) : [];
  return summarizeArchive(
    files,
    await listBackups(storage),
    area?.walSegmentSize ?? 16 * 1024 * 1024,
    now,
    area?.systemIdentifier ?? null
  );
}

export {
  summarizeArchive,
  verifyWalArchive
};
