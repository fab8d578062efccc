/**
 * Gathers a period's compliance evidence from the repository (manifests, verification records, backup and
 * drill reports) and builds the report. Shared by `db-backup report compliance` and the Action's
 * `command: compliance-report`.
 */
import type { Config } from '../config/schema.ts';
import { listDrillReports } from '../drill/drill-reports.ts';
import { parseDuration } from '../duration.ts';
import { UsageError } from '../errors.ts';
import { latestVerifications, listBackupReports, listBackups } from '../repository/catalog.ts';
import type { VerificationRecord } from '../repository/manifest.ts';
import type { Storage } from '../storage/types.ts';
import { TOOL_VERSION } from '../version.ts';
import { buildComplianceReport, type ComplianceReport } from './compliance-report.ts';

const minutesOf = (text: string, what: string) => {
  const parsed = parseDuration(text);
  if ('error' in parsed) throw new UsageError(`${what}: ${parsed.error}`);
  return parsed.ms / 60_000;
};

/** The compliance report for the `since` period ending `now` (e.g. `90d`), read from `storage`. */
export async function gatherComplianceReport(options: {
  config: Config;
  storage: Storage;
  since: string;
  now?: Date;
}): Promise<ComplianceReport> {
  const until = options.now ?? new Date();
  const sinceMs = minutesOf(options.since, 'since') * 60_000;
  if (sinceMs <= 0) throw new UsageError('since: the period must be longer than zero, e.g. 90d');
  const since = new Date(until.getTime() - sinceMs);
  const { storage, config } = options;
  const [manifests, backupReports, drillReports] = await Promise.all([
    listBackups(storage),
    listBackupReports(storage),
    listDrillReports(storage),
  ]);
  const verifications: Map<string, VerificationRecord | undefined> = await latestVerifications(storage);
  return buildComplianceReport({
    since,
    until,
    rpoMinutes: minutesOf(config.drill.rpo, 'drill.rpo'),
    rtoMinutes: minutesOf(config.drill.rto, 'drill.rto'),
    retentionPolicy: config.retention,
    storage: storage.location,
    toolVersion: TOOL_VERSION,
    manifests,
    verifications,
    backupReports,
    drillReports,
  });
}
