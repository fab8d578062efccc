import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  TOOL_VERSION
} from "./chunk-75MW67N3.js";
import {
  latestVerifications,
  listBackupReports,
  listBackups
} from "./chunk-USZDJMRJ.js";
import {
  listDrillReports
} from "./chunk-GTW55EHD.js";
import {
  DrillReportSchema
} from "./chunk-SD5AORGX.js";
import {
  RetentionSchema
} from "./chunk-WPFTMBHG.js";
import {
  external_exports
} from "./chunk-N43V73L3.js";
import {
  UsageError
} from "./chunk-HSU6VSP5.js";
import {
  parseDuration
} from "./chunk-TOYXLD7G.js";

// src/core/report/compliance-report.ts
var COMPLIANCE_REPORT_SCHEMA_VERSION = 1;
var DrillPointSchema = external_exports.object({
  drillId: external_exports.string(),
  drillTimestamp: external_exports.iso.datetime(),
  status: external_exports.enum(["success", "non_compliant", "failure"]),
  backupAgeMinutes: external_exports.number().nullable().describe("RPO measure"),
  restoreDurationMinutes: external_exports.number().nullable().describe("RTO measure"),
  rpoCompliant: external_exports.boolean(),
  rtoCompliant: external_exports.boolean()
});
var DatabaseComplianceSchema = external_exports.object({
  database: external_exports.string(),
  backupAttempts: external_exports.number().int().nonnegative().describe("Backup runs in the period (success + failed)"),
  backupSuccesses: external_exports.number().int().nonnegative(),
  backupSuccessRate: external_exports.number().min(0).max(1).nullable().describe("successes / attempts; null without runs"),
  newestBackupId: external_exports.string().nullable(),
  newestBackupFinishedAt: external_exports.iso.datetime().nullable(),
  newestBackupAgeMinutes: external_exports.number().nullable().describe("At report time"),
  withinRpo: external_exports.boolean().describe("newestBackupAgeMinutes <= rpoTargetMinutes"),
  verification: external_exports.object({
    verified: external_exports.number().int().nonnegative().describe("Backups of the period whose latest verification passed"),
    failed: external_exports.number().int().nonnegative(),
    unverified: external_exports.number().int().nonnegative()
  }),
  drills: external_exports.array(DrillPointSchema).describe("Drills of the period, oldest first: the RPO/RTO trend"),
  drillsCompliant: external_exports.number().int().nonnegative(),
  lastDrillStatus: external_exports.enum(["success", "non_compliant", "failure"]).nullable()
});
var ComplianceReportSchema = external_exports.object({
  schemaVersion: external_exports.literal(COMPLIANCE_REPORT_SCHEMA_VERSION),
  generatedAt: external_exports.iso.datetime(),
  period: external_exports.object({ since: external_exports.iso.datetime(), until: external_exports.iso.datetime() }),
  status: external_exports.enum(["compliant", "non_compliant"]).describe("compliant: no finding; non_compliant: at least one finding"),
  findings: external_exports.array(external_exports.string()).describe("Each reason the period is not compliant, in plain words"),
  targets: external_exports.object({ rpoMinutes: external_exports.number(), rtoMinutes: external_exports.number() }),
  retentionPolicy: RetentionSchema.describe("The retention policy in force when the report was made"),
  storage: external_exports.string().describe("Repository location, without credentials"),
  toolVersion: external_exports.string(),
  databases: external_exports.array(DatabaseComplianceSchema),
  drillReports: external_exports.array(DrillReportSchema).describe("Every drill report of the period, as written")
}).describe("db-backup compliance evidence for a period");
var inPeriod = (iso, since, until) => {
  const t = Date.parse(iso);
  return t >= since.getTime() && t <= until.getTime();
};
var round3 = (n) => Math.round(n * 1e3) / 1e3;
function buildComplianceReport(input) {
  const { since, until } = input;
  const drills = input.drillReports.filter((r) => inPeriod(r.drill_timestamp, since, until)).sort((a, b) => Date.parse(a.drill_timestamp) - Date.parse(b.drill_timestamp));
  const reports = input.backupReports.filter((r) => inPeriod(r.startedAt, since, until));
  const names = /* @__PURE__ */ new Set();
  for (const m of input.manifests) for (const d of m.databases) names.add(d.name);
  for (const r of reports) for (const d of r.databases) names.add(d);
  for (const d of drills) if (d.database) names.add(d.database);
  const databases = [...names].sort().map((name) => {
    const ofDb = input.manifests.filter((m) => m.databases.some((d) => d.name === name));
    const newest = ofDb.filter((m) => Date.parse(m.finishedAt) <= until.getTime()).at(-1);
    const inPeriodBackups = ofDb.filter((m) => inPeriod(m.finishedAt, since, until));
    const runs = reports.filter((r) => r.databases.includes(name));
    const successes = runs.filter((r) => r.status === "success").length;
    const verification = { verified: 0, failed: 0, unverified: 0 };
    for (const m of inPeriodBackups) {
      const v = input.verifications.get(m.id);
      if (!v) verification.unverified++;
      else if (v.ok) verification.verified++;
      else verification.failed++;
    }
    const points = drills.filter((d) => d.database === name).map((d) => ({
      drillId: d.drill_id,
      drillTimestamp: d.drill_timestamp,
      status: d.status,
      backupAgeMinutes: d.backup_age_minutes,
      restoreDurationMinutes: d.restore_duration_minutes,
      rpoCompliant: d.rpo_compliant,
      rtoCompliant: d.rto_compliant
    }));
    const age = newest ? round3((until.getTime() - Date.parse(newest.finishedAt)) / 6e4) : null;
    return {
      database: name,
      backupAttempts: runs.length,
      backupSuccesses: successes,
      backupSuccessRate: runs.length ? round3(successes / runs.length) : null,
      newestBackupId: newest?.id ?? null,
      newestBackupFinishedAt: newest?.finishedAt ?? null,
      newestBackupAgeMinutes: age,
      withinRpo: age !== null && age <= input.rpoMinutes,
      verification,
      drills: points,
      drillsCompliant: points.filter((p) => p.status === "success").length,
      lastDrillStatus: points.at(-1)?.status ?? null
    };
  });
  const report = {
    schemaVersion: COMPLIANCE_REPORT_SCHEMA_VERSION,
    generatedAt: until.toISOString(),
    period: { since: since.toISOString(), until: until.toISOString() },
    status: "compliant",
    findings: complianceFindings(databases, input.rpoMinutes),
    targets: { rpoMinutes: input.rpoMinutes, rtoMinutes: input.rtoMinutes },
    retentionPolicy: input.retentionPolicy,
    storage: input.storage,
    toolVersion: input.toolVersion,
    databases,
    drillReports: drills
  };
  report.status = report.findings.length === 0 ? "compliant" : "non_compliant";
  return ComplianceReportSchema.parse(report);
}
function complianceFindings(databases, rpoMinutes) {
  if (databases.length === 0) return ["no backups, backup runs or drills in the repository for this period"];
  const findings = [];
  for (const db of databases) {
    const name = JSON.stringify(db.database);
    if (db.newestBackupId === null) findings.push(`${name}: no complete backup`);
    else if (!db.withinRpo)
      findings.push(`${name}: newest backup is ${db.newestBackupAgeMinutes} min old (RPO ${rpoMinutes} min)`);
    if (db.backupAttempts > db.backupSuccesses)
      findings.push(
        `${name}: ${db.backupAttempts - db.backupSuccesses} of ${db.backupAttempts} backup runs failed`
      );
    if (db.verification.failed > 0)
      findings.push(`${name}: ${db.verification.failed} backup(s) failed verification`);
    if (db.drills.length === 0) findings.push(`${name}: no restore drill in the period`);
    else if (db.lastDrillStatus !== "success")
      findings.push(`${name}: the last drill was ${db.lastDrillStatus?.replace("_", "-")}`);
  }
  return findings;
}

// src/core/report/gather-compliance.ts
var minutesOf = (text, what) => {
  const parsed = parseDuration(text);
  if ("error" in parsed) throw new UsageError(`${what}: ${parsed.error}`);
  return parsed.ms / 6e4;
};
async function gatherComplianceReport(options) {
  const until = options.now ?? /* @__PURE__ */ new Date();
  const sinceMs = minutesOf(options.since, "since") * 6e4;
  if (sinceMs <= 0) throw new UsageError("since: the period must be longer than zero, e.g. 90d");
  const since = new Date(until.getTime() - sinceMs);
  const { storage, config } = options;
  const [manifests, backupReports, drillReports] = await Promise.all([
    listBackups(storage),
    listBackupReports(storage),
    listDrillReports(storage)
  ]);
  const verifications = await latestVerifications(storage);
  return buildComplianceReport({
    since,
    until,
    rpoMinutes: minutesOf(config.drill.rpo, "drill.rpo"),
    rtoMinutes: minutesOf(config.drill.rto, "drill.rto"),
    retentionPolicy: config.retention,
    storage: storage.location,
    toolVersion: TOOL_VERSION,
    manifests,
    verifications,
    backupReports,
    drillReports
  });
}

export {
  gatherComplianceReport
};
