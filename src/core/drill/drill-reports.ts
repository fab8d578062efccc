/**
 * Where drill reports go: always into the repository (`reports/drills/`), and as a local file, by default
 * `restore-tests/monthly_drill_<timestamp>.json` inside a local repository. `drill history` reads them back.
 */

import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { text } from 'node:stream/consumers';
import { localReportDir } from '../backup/local-report.ts';
import type { Config } from '../config/schema.ts';
import { type Logger, silentLogger } from '../logger.ts';
import { type DrillReport, DrillReportSchema } from '../report/drill-report.ts';
import { DRILL_REPORTS_PREFIX } from '../repository/keys.ts';
import type { Storage } from '../storage/types.ts';

/** The repository key of a drill report (drill ids are generated, so always key-safe). */
export function drillReportObjectKey(report: DrillReport): string {
  return `${DRILL_REPORTS_PREFIX}${report.drill_id}.json`;
}

/** Stores the report in the repository and as a local file; returns where it went. */
export async function saveDrillReport(
  config: Config,
  storage: Storage,
  report: DrillReport,
  reportFile?: string,
  log: Logger = silentLogger,
): Promise<{ key: string; file: string | undefined }> {
  const body = `${JSON.stringify(report, null, 2)}\n`;
  const key = drillReportObjectKey(report);
  await storage.put(key, body);
  const dir = localReportDir(config.drill.reportDir, config.storage, 'restore-tests');
  const file = reportFile
    ? resolve(reportFile)
    : dir
      ? // Named by the drill id: two drills in one second never overwrite each other.
        join(dir, `monthly_drill_${report.drill_id.replace(/^drill-/, '')}.json`)
      : undefined;
  if (!file) return { key, file };
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, body, { flag: reportFile ? 'w' : 'wx' });
    return { key, file };
  } catch (error) {
    // The report is in the repository already; a local copy that cannot be written is worth a warning only.
    log.warn(
      `could not write the local drill report ${file}: ${(error as Error).message}; it is stored as ${key}`,
    );
    return { key, file: undefined };
  }
}

/** Every drill report in the repository, oldest first; unreadable ones are skipped. */
export async function listDrillReports(storage: Storage): Promise<DrillReport[]> {
  const objects = await storage.list(DRILL_REPORTS_PREFIX);
  const reports: DrillReport[] = [];
  for (const object of objects) {
    try {
      const parsed = DrillReportSchema.safeParse(JSON.parse(await text(await storage.get(object.key))));
      if (parsed.success) reports.push(parsed.data);
    } catch {
      // A damaged report must not hide the others.
    }
  }
  return reports.sort((a, b) => Date.parse(a.drill_timestamp) - Date.parse(b.drill_timestamp));
}

export interface DrillHistory {
  /** One row per drill in the CLI's camelCase (the reports themselves keep their published snake_case). */
  drills: {
    drillId: string;
    drillTimestamp: string;
    backupId: string | null;
    database: string | null;
    status: DrillReport['status'];
    backupAgeMinutes: number | null;
    restoreDurationMinutes: number | null;
  }[];
  total: number;
  compliant: number;
  /** Share of drills with status success, 0..1 (null without drills). */
  complianceRate: number | null;
  /** RTO of the most recent drills, oldest first, for a trend line. */
  rtoTrendMinutes: number[];
  /** Change of the median RTO between the older and the newer half of the drills (minutes; + is slower). */
  rtoChangeMinutes: number | null;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Pure summary of past drills: per-drill rows, compliance rate and the RTO trend. */
export function summarizeDrills(reports: DrillReport[], database?: string): DrillHistory {
  const selected = database ? reports.filter((r) => r.database === database) : reports;
  const compliant = selected.filter((r) => r.status === 'success').length;
  const rtos = selected.map((r) => r.restore_duration_minutes).filter((v): v is number => v !== null);
  const half = Math.floor(rtos.length / 2);
  return {
    drills: selected.map((r) => ({
      drillId: r.drill_id,
      drillTimestamp: r.drill_timestamp,
      backupId: r.backup_id,
      database: r.database,
      status: r.status,
      backupAgeMinutes: r.backup_age_minutes,
      restoreDurationMinutes: r.restore_duration_minutes,
    })),
    total: selected.length,
    compliant,
    complianceRate: selected.length ? Math.round((compliant / selected.length) * 1000) / 1000 : null,
    rtoTrendMinutes: rtos.slice(-12),
    rtoChangeMinutes:
      half > 0 ? Math.round((median(rtos.slice(half)) - median(rtos.slice(0, half))) * 1000) / 1000 : null,
  };
}
