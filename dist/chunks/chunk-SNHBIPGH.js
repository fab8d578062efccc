import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  listBackupReports,
  listBackups
} from "./chunk-USZDJMRJ.js";

// src/core/status/summarize.ts
var minutesBetween = (from, now) => Math.round((now.getTime() - Date.parse(from)) / 6e4 * 10) / 10;
function toBackupRow(manifest, verification, now) {
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
    compressionRatio: storedBytes > 0 ? Math.round(rawBytes / storedBytes * 100) / 100 : null,
    durationMs: manifest.durationMs,
    verification: verification ? verification.ok ? "verified" : "failed" : "unverified",
    verifiedAt: verification?.verifiedAt ?? null,
    tags: manifest.tags
  };
}
function summarizeRepository(storage, manifests, now, rpoMinutes, reports = []) {
  const latestByDatabase = /* @__PURE__ */ new Map();
  for (const manifest of manifests) {
    for (const db of manifest.databases) latestByDatabase.set(db.name, manifest);
  }
  const databases = [...latestByDatabase.entries()].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0).map(([database, m]) => {
    const ageMinutes = minutesBetween(m.finishedAt, now);
    const newestRun = reports.filter((r) => r.databases.includes(database)).sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt)).at(-1);
    const failed = newestRun?.status === "failed" && Date.parse(newestRun.startedAt) >= Date.parse(m.startedAt) ? {
      at: newestRun.startedAt,
      code: newestRun.error?.code ?? "FAILED",
      message: newestRun.error?.message ?? "the backup failed"
    } : null;
    const withinRpo = ageMinutes <= rpoMinutes;
    return {
      database,
      latestBackupId: m.id,
      latestFinishedAt: m.finishedAt,
      ageMinutes,
      rpoMinutes,
      withinRpo,
      lastFailure: failed,
      state: failed ? "failing" : withinRpo ? "ok" : "stale"
    };
  });
  const sizes = manifests.map((m) => m.objects.reduce((n, o) => n + o.storedSize, 0));
  const totalSize = sizes.reduce((a, b) => a + b, 0);
  const since = (ms) => manifests.filter((m) => now.getTime() - Date.parse(m.finishedAt) <= ms).length;
  return {
    storage,
    databases,
    totals: {
      totalBackups: manifests.length,
      totalSizeBytes: totalSize,
      oldestBackupAt: manifests[0]?.finishedAt ?? null,
      newestBackupAt: manifests.at(-1)?.finishedAt ?? null,
      averageSizeBytes: manifests.length ? Math.round(totalSize / manifests.length) : 0,
      backupsLast24Hours: since(864e5),
      backupsLast7Days: since(7 * 864e5),
      averageDurationSeconds: manifests.length ? Math.round(manifests.reduce((n, m) => n + m.durationMs, 0) / manifests.length / 100) / 10 : 0
    }
  };
}
async function repositoryStatus(storage, options) {
  const manifests = options.manifests ?? await listBackups(storage);
  const newestIds = /* @__PURE__ */ new Map();
  for (const m of manifests) for (const d of m.databases) newestIds.set(d.name, m.id);
  const after = [...newestIds.values()].sort()[0];
  const reports = await listBackupReports(storage, after ? { after: after.slice(0, 8) } : {});
  return summarizeRepository(
    storage.location,
    manifests,
    options.now ?? /* @__PURE__ */ new Date(),
    options.rpoMinutes,
    reports
  );
}

export {
  toBackupRow,
  summarizeRepository,
  repositoryStatus
};
