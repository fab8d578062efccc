import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  localReportDir
} from "./chunk-X7UALYCC.js";
import {
  silentLogger
} from "./chunk-6V3LCTWC.js";
import {
  DRILL_REPORTS_PREFIX
} from "./chunk-GOB2Q2UI.js";
import {
  DrillReportSchema
} from "./chunk-SD5AORGX.js";

// src/core/drill/drill-reports.ts
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { text } from "node:stream/consumers";
function drillReportObjectKey(report) {
  return `${DRILL_REPORTS_PREFIX}${report.drill_id}.json`;
}
async function saveDrillReport(config, storage, report, reportFile, log = silentLogger) {
  const body = `${JSON.stringify(report, null, 2)}
`;
  const key = drillReportObjectKey(report);
  await storage.put(key, body);
  const dir = localReportDir(config.drill.reportDir, config.storage, "restore-tests");
  const file = reportFile ? resolve(reportFile) : dir ? (
    // Named by the drill id: two drills in one second never overwrite each other.
    join(dir, `monthly_drill_${report.drill_id.replace(/^drill-/, "")}.json`)
  ) : void 0;
  if (!file) return { key, file };
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, body, { flag: reportFile ? "w" : "wx" });
    return { key, file };
  } catch (error) {
    log.warn(
      `could not write the local drill report ${file}: ${error.message}; it is stored as ${key}`
    );
    return { key, file: void 0 };
  }
}
async function listDrillReports(storage) {
  const objects = await storage.list(DRILL_REPORTS_PREFIX);
  const reports = [];
  for (const object of objects) {
    try {
      const parsed = DrillReportSchema.safeParse(JSON.parse(await text(await storage.get(object.key))));
      if (parsed.success) reports.push(parsed.data);
    } catch {
    }
  }
  return reports.sort((a, b) => Date.parse(a.drill_timestamp) - Date.parse(b.drill_timestamp));
}
var median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
function summarizeDrills(reports, database) {
  const selected = database ? reports.filter((r) => r.database === database) : reports;
  const compliant = selected.filter((r) => r.status === "success").length;
  const rtos = selected.map((r) => r.restore_duration_minutes).filter((v) => v !== null);
  const half = Math.floor(rtos.length / 2);
  return {
    drills: selected.map((r) => ({
      drillId: r.drill_id,
      drillTimestamp: r.drill_timestamp,
      backupId: r.backup_id,
      database: r.database,
      status: r.status,
      backupAgeMinutes: r.backup_age_minutes,
      restoreDurationMinutes: r.restore_duration_minutes
    })),
    total: selected.length,
    compliant,
    complianceRate: selected.length ? Math.round(compliant / selected.length * 1e3) / 1e3 : null,
    rtoTrendMinutes: rtos.slice(-12),
    rtoChangeMinutes: half > 0 ? Math.round((median(rtos.slice(half)) - median(rtos.slice(0, half))) * 1e3) / 1e3 : null
  };
}

export {
  drillReportObjectKey,
  saveDrillReport,
  listDrillReports,
  summarizeDrills
};
