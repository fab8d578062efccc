import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  external_exports
} from "./chunk-N43V73L3.js";

// src/core/report/drill-report.ts
var DRILL_REPORT_SCHEMA_VERSION = 1;
var DrillCheckSchema = external_exports.object({
  name: external_exports.string().describe("What was checked, e.g. `stored checksum`, `row count public.orders`"),
  status: external_exports.enum(["pass", "fail", "skip"]),
  details: external_exports.string().describe("Expected and observed values, or why the check was skipped")
});
var DrillReportSchema = external_exports.object({
  schemaVersion: external_exports.literal(DRILL_REPORT_SCHEMA_VERSION),
  drill_id: external_exports.string().describe("Unique id of this drill run"),
  drill_timestamp: external_exports.iso.datetime().describe("When the drill started (UTC)"),
  status: external_exports.enum(["success", "non_compliant", "failure"]).describe(
    "success: restored, all checks passed, RPO and RTO met; non_compliant: restored but a target was breached; failure: the restore or a check failed"
  ),
  backup_id: external_exports.string().nullable().describe("The backup restored (null if none could be selected)"),
  database: external_exports.string().nullable().describe("Source database name"),
  backup_finished_at: external_exports.iso.datetime().nullable(),
  backup_age_minutes: external_exports.number().nullable().describe("RPO measure: drill start minus the backup finish time"),
  restore_duration_minutes: external_exports.number().nullable().describe("RTO measure: from the start of the download to a usable, checked database"),
  rpo_target_minutes: external_exports.number(),
  rto_target_minutes: external_exports.number(),
  rpo_compliant: external_exports.boolean().describe("backup_age_minutes <= rpo_target_minutes"),
  rto_compliant: external_exports.boolean().describe("restore_duration_minutes <= rto_target_minutes"),
  scratch: external_exports.object({
    database: external_exports.string().describe("Scratch database restored into"),
    location: external_exports.string().describe(
      "`same server`, `local throwaway cluster`, or host:port (no credentials); `not opened` when the drill failed before creating its scratch database"
    ),
    dropped: external_exports.boolean().describe("The scratch database was removed after the drill")
  }),
  checks: external_exports.array(DrillCheckSchema),
  measures: external_exports.object({
    stored_bytes: external_exports.number().int().nonnegative(),
    restored_bytes: external_exports.number().int().nonnegative().describe("Raw archive bytes restored"),
    throughput_mib_per_s: external_exports.number().nonnegative().nullable(),
    tables_checked: external_exports.number().int().nonnegative(),
    rows_checked: external_exports.number().int().nonnegative()
  }),
  timings_ms: external_exports.object({
    fetch_and_verify: external_exports.number().int().nonnegative(),
    restore: external_exports.number().int().nonnegative(),
    checks: external_exports.number().int().nonnegative(),
    total: external_exports.number().int().nonnegative()
  }),
  environment: external_exports.object({
    server_version: external_exports.string().nullable().describe("PostgreSQL server the drill restored into"),
    backup_server_version: external_exports.string().nullable().describe("PostgreSQL server the backup was taken from"),
    pg_restore_version: external_exports.string().nullable(),
    tool_version: external_exports.string(),
    node_version: external_exports.string(),
    hostname: external_exports.string()
  }),
  error: external_exports.object({
    code: external_exports.string(),
    message: external_exports.string(),
    hint: external_exports.string().optional().describe("What to do about it")
  }).nullable().describe("Why the drill failed, when status is failure"),
  pitr: external_exports.object({
    target: external_exports.string().describe("The recovery target as requested: `latest`, `random` or a time"),
    target_time: external_exports.iso.datetime().nullable().describe("The time recovered to (null for `latest`: every archived WAL file)"),
    base_backup_id: external_exports.string().nullable().describe("The base backup the WAL was replayed onto"),
    recovered_to: external_exports.iso.datetime().nullable().describe("Commit time of the last transaction replayed (pg_last_xact_replay_timestamp)"),
    newest_wal: external_exports.string().nullable().describe("Newest archived WAL segment when the drill started"),
    newest_wal_archived_at: external_exports.iso.datetime().nullable().describe("When it was archived: backup_age_minutes is measured from here (the PITR RPO)"),
    window: external_exports.object({ earliest: external_exports.iso.datetime(), latest: external_exports.iso.datetime() }).nullable().describe("The recoverable window random targets are drawn from")
  }).optional().describe(
    "Point-in-time drills only: base backup plus WAL restored into a throwaway cluster; RTO = restore + recovery"
  )
}).describe("db-backup restore drill report");
function drillStatus(failed, rpoCompliant, rtoCompliant) {
  if (failed) return "failure";
  return rpoCompliant && rtoCompliant ? "success" : "non_compliant";
}
var icon = (status) => status === "pass" ? "\u2705" : status === "fail" ? "\u274C" : "\u2796";
var md = (text) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
function renderDrillMarkdown(report) {
  const headline = report.status === "success" ? "\u2705 Restore drill passed" : report.status === "non_compliant" ? "\u26A0\uFE0F Restore drill restored the backup but is NOT compliant" : "\u274C Restore drill FAILED";
  const fmt = (n) => n === null ? "n/a" : n.toFixed(1);
  const lines = [
    `## ${headline}`,
    "",
    `| | measured | target | compliant |`,
    `|---|---|---|---|`,
    `| RPO (${report.pitr ? "newest archived WAL age" : "backup age"}) | ${fmt(report.backup_age_minutes)} min | ${report.rpo_target_minutes} min | ${report.rpo_compliant ? "yes" : "**no**"} |`,
    `| RTO (restore time) | ${fmt(report.restore_duration_minutes)} min | ${report.rto_target_minutes} min | ${report.rto_compliant ? "yes" : "**no**"} |`,
    "",
    `- backup: \`${report.backup_id ?? "none"}\` of database \`${md(report.database ?? "n/a")}\`, finished ${report.backup_finished_at ?? "n/a"}`,
    `- drill: \`${report.drill_id}\` at ${report.drill_timestamp}, ${report.scratch.location === "not opened" ? "no scratch database was created" : `scratch \`${md(report.scratch.database)}\` on ${md(report.scratch.location)} (${report.scratch.dropped ? "dropped" : "kept"})`}`,
    `- restored ${report.measures.restored_bytes} bytes${report.measures.throughput_mib_per_s === null ? "" : ` at ${report.measures.throughput_mib_per_s.toFixed(1)} MiB/s`}; ${report.measures.tables_checked} tables / ${report.measures.rows_checked} rows checked`,
    `- PostgreSQL ${report.environment.server_version ?? "n/a"}, db-backup ${report.environment.tool_version}`
  ];
  if (report.pitr)
    lines.push(
      `- point in time: target ${report.pitr.target}${report.pitr.target_time ? ` (${report.pitr.target_time})` : ""}, recovered to ${report.pitr.recovered_to ?? "n/a"} from base backup \`${report.pitr.base_backup_id ?? "none"}\`; newest WAL \`${report.pitr.newest_wal ?? "none"}\` archived ${report.pitr.newest_wal_archived_at ?? "n/a"}`
    );
  if (report.error) lines.push("", `**Error** \`${report.error.code}\`: ${md(report.error.message)}`);
  if (report.error?.hint) lines.push("", `hint: ${md(report.error.hint)}`);
  lines.push("", "| check | status | details |", "|---|---|---|");
  for (const check of report.checks)
    lines.push(`| ${md(check.name)} | ${icon(check.status)} ${check.status} | ${md(check.details)} |`);
  return `${lines.join("\n")}
`;
}

export {
  DRILL_REPORT_SCHEMA_VERSION,
  DrillCheckSchema,
  DrillReportSchema,
  drillStatus,
  renderDrillMarkdown
};
