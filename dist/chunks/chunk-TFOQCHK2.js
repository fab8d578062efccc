import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  DrillReportSchema,
  findFreePort,
  latestVerifications,
  listBackupReports,
  listBackups,
  listDrillReports,
  restorePitr,
  runBaseBackup,
  silentLogger,
  startLocalCluster,
  verifyWalArchive,
  withClient
} from "./chunk-WCDDBC3D.js";
import {
  LocalStorage
} from "./chunk-YABHI7RE.js";
import {
  runChild
} from "./chunk-O7OZWJAV.js";
import {
  archiveCommand,
  asServerUser,
  isRoot
} from "./chunk-L6ERKSW4.js";
import {
  TOOL_VERSION
} from "./chunk-PQHJTT6K.js";
import {
  compactTimestamp
} from "./chunk-GOB2Q2UI.js";
import {
  ConfigSchema,
  RetentionSchema,
  parseDuration
} from "./chunk-F6GGBENF.js";
import {
  external_exports
} from "./chunk-RBBVQCX6.js";
import {
  UsageError
} from "./chunk-HSU6VSP5.js";

// src/core/report/compliance-render.ts
var md = (text) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
var num = (n, digits = 1) => n === null ? "n/a" : n.toFixed(digits);
var pct = (n) => n === null ? "n/a" : `${(n * 100).toFixed(1)}%`;
function renderComplianceMarkdown(report) {
  const lines = [
    report.status === "compliant" ? "## \u2705 Backup compliance: COMPLIANT" : "## \u274C Backup compliance: NOT COMPLIANT",
    "",
    `Period ${report.period.since} \u2192 ${report.period.until}; targets RPO ${report.targets.rpoMinutes} min, RTO ${report.targets.rtoMinutes} min; repository \`${md(report.storage)}\`.`,
    ""
  ];
  if (report.findings.length > 0) {
    lines.push("### Findings", "", ...report.findings.map((f) => `- ${md(f)}`), "");
  }
  lines.push(
    "| database | backup runs | success rate | newest backup age | within RPO | verified / failed / unverified | drills compliant | last drill |",
    "|---|---|---|---|---|---|---|---|"
  );
  for (const db of report.databases) {
    lines.push(
      `| ${md(db.database)} | ${db.backupAttempts} | ${pct(db.backupSuccessRate)} | ${num(db.newestBackupAgeMinutes)} min | ${db.withinRpo ? "yes" : "**no**"} | ${db.verification.verified} / ${db.verification.failed} / ${db.verification.unverified} | ${db.drillsCompliant} / ${db.drills.length} | ${db.lastDrillStatus ?? "none"} |`
    );
  }
  for (const db of report.databases.filter((d) => d.drills.length > 0)) {
    lines.push(
      "",
      `### Drills of ${md(db.database)}`,
      "",
      "| drill | status | RPO measure (min) | RTO measure (min) |",
      "|---|---|---|---|"
    );
    for (const p of db.drills) {
      lines.push(
        `| ${p.drillTimestamp} | ${p.status} | ${num(p.backupAgeMinutes)}${p.rpoCompliant ? "" : " \u26A0\uFE0F"} | ${num(p.restoreDurationMinutes, 2)}${p.rtoCompliant ? "" : " \u26A0\uFE0F"} |`
      );
    }
  }
  const policy = Object.entries(report.retentionPolicy).filter(([, v]) => v !== void 0).map(([k, v]) => `${k}=${v}`).join(", ");
  lines.push(
    "",
    `Retention policy in force: ${policy || "none"}.`,
    `Generated ${report.generatedAt} by db-backup ${report.toolVersion}.`
  );
  return `${lines.join("\n")}
`;
}
var escapeXml = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
function renderComplianceSvg(report) {
  const panels = report.databases.filter((d) => d.drills.length > 0);
  const width = 720;
  const panelHeight = 180;
  const height = Math.max(1, panels.length) * (panelHeight + 40) + 30;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<title>RPO and RTO measures per drill against targets, ${escapeXml(report.period.since)} to ${escapeXml(report.period.until)}</title>`,
    '<rect width="100%" height="100%" fill="#fff"/>'
  ];
  if (panels.length === 0) parts.push('<text x="20" y="30">No restore drills in this period.</text>');
  for (const [index, db] of panels.entries()) {
    parts.push(renderPanel(db, report, 20 + index * (panelHeight + 40), width, panelHeight));
  }
  parts.push("</svg>");
  return `${parts.join("\n")}
`;
}
function renderPanel(db, report, top, width, height) {
  const left = 60;
  const right = width - 20;
  const plotTop = top + 20;
  const bottom = top + height;
  const { rpoMinutes, rtoMinutes } = report.targets;
  const values = db.drills.flatMap((p) => [p.backupAgeMinutes ?? 0, p.restoreDurationMinutes ?? 0]);
  const max = Math.max(rpoMinutes, rtoMinutes, ...values) * 1.1 || 1;
  const x = (i) => db.drills.length === 1 ? (left + right) / 2 : left + (right - left) * i / (db.drills.length - 1);
  const y = (v) => bottom - (bottom - plotTop) * v / max;
  const line = (pick, color) => {
    const points = db.drills.map((p, i) => [i, pick(p)]).filter((pair) => pair[1] !== null);
    const path = points.map(([i, v]) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
    const dots = points.map(
      ([i, v]) => `<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3" fill="${color}"/>`
    );
    return [`<polyline points="${path}" fill="none" stroke="${color}" stroke-width="2"/>`, ...dots].join(
      "\n"
    );
  };
  const target = (v, color, label) => `<line x1="${left}" x2="${right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="${color}" stroke-dasharray="6 4"/><text x="${right - 4}" y="${(y(v) - 4).toFixed(1)}" text-anchor="end" fill="${color}">${label} ${v} min</text>`;
  return [
    `<text x="${left}" y="${top + 12}" font-weight="bold">${escapeXml(db.database)}: RPO (blue) and RTO (orange) per drill, minutes</text>`,
    `<line x1="${left}" x2="${left}" y1="${plotTop}" y2="${bottom}" stroke="#555"/>`,
    `<line x1="${left}" x2="${right}" y1="${bottom}" y2="${bottom}" stroke="#555"/>`,
    `<text x="${left - 6}" y="${bottom}" text-anchor="end">0</text>`,
    `<text x="${left - 6}" y="${plotTop + 10}" text-anchor="end">${max.toFixed(0)}</text>`,
    target(rpoMinutes, "#1f5fbf", "RPO target"),
    target(rtoMinutes, "#c0630f", "RTO target"),
    line((p) => p.backupAgeMinutes, "#1f5fbf"),
    line((p) => p.restoreDurationMinutes, "#c0630f")
  ].join("\n");
}

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

// src/core/wal/simulate.ts
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

// src/core/wal/simulation-report.ts
var WAL_SIMULATION_REPORT_SCHEMA_VERSION = 1;
var SimulationTargetSchema = external_exports.object({
  target_time: external_exports.iso.datetime().describe("The point in time restored to (random, inside the archived window)"),
  expected_heartbeats: external_exports.number().int().nonnegative().describe("Heartbeats the source committed up to the target"),
  restored_heartbeats: external_exports.number().int().nonnegative().describe("Heartbeats the restored copy holds"),
  lost_seconds: external_exports.number().nonnegative().describe("Newest heartbeat committed before the target minus the newest one restored (0: nothing lost)"),
  restore_seconds: external_exports.number().nonnegative().describe("Unpacking the base backup plus replaying WAL to the target"),
  status: external_exports.enum(["pass", "fail"]).describe("pass: exactly the heartbeats committed up to the target were restored")
});
var WalSimulationReportSchema = external_exports.object({
  schemaVersion: external_exports.literal(WAL_SIMULATION_REPORT_SCHEMA_VERSION),
  simulation_id: external_exports.string(),
  simulation_timestamp: external_exports.iso.datetime(),
  status: external_exports.enum(["success", "non_compliant", "failure"]),
  repository: external_exports.string().describe("The simulation\u2019s own repository (never a production WAL area)"),
  duration_seconds: external_exports.number().nonnegative().describe("Length of the write workload"),
  rate_per_second: external_exports.number().positive().describe("Heartbeat commits per second requested"),
  heartbeats: external_exports.number().int().nonnegative().describe("Heartbeats committed"),
  segments_archived: external_exports.number().int().nonnegative(),
  archive_lag_seconds: external_exports.object({ max: external_exports.number().nonnegative(), p50: external_exports.number().nonnegative() }).describe("Time since the newest archived WAL, sampled every second during the workload"),
  achieved_rpo_seconds: external_exports.number().nonnegative().describe(
    "Worst data loss: the larger of the maximum archive lag and the largest loss at a restored target"
  ),
  targets: external_exports.array(SimulationTargetSchema),
  rpo_target_minutes: external_exports.number().nonnegative(),
  rto_target_minutes: external_exports.number().nonnegative(),
  max_restore_minutes: external_exports.number().nonnegative(),
  rpo_compliant: external_exports.boolean(),
  rto_compliant: external_exports.boolean(),
  compliant: external_exports.boolean(),
  error: external_exports.string().nullable().describe("Why the simulation failed, when status is failure"),
  environment: external_exports.object({ server_version: external_exports.string(), tool_version: external_exports.string() })
});
function simulationVerdict(input) {
  const lost = Math.max(0, ...input.targets.map((t) => t.lost_seconds));
  const achieved = Math.max(input.lagMaxSeconds, lost);
  const maxRestore = Math.max(0, ...input.targets.map((t) => t.restore_seconds)) / 60;
  const rpo = achieved <= input.rpoMinutes * 60 && input.targets.every((t) => t.status === "pass");
  const rto = maxRestore <= input.rtoMinutes;
  return {
    achieved_rpo_seconds: Number(achieved.toFixed(3)),
    max_restore_minutes: Number(maxRestore.toFixed(3)),
    rpo_compliant: rpo,
    rto_compliant: rto,
    compliant: rpo && rto && input.targets.length > 0,
    status: rpo && rto && input.targets.length > 0 ? "success" : "non_compliant"
  };
}

// src/core/wal/simulate.ts
var SIMULATION_UNSET_ENV = [
  "BACKUP_ENCRYPTION",
  "BACKUP_ENCRYPTION_RECIPIENTS",
  "BACKUP_ENCRYPTION_RECIPIENTS_FILE",
  "BACKUP_ENCRYPTION_PASSPHRASE",
  "BACKUP_ENCRYPTION_PASSPHRASE_FILE"
];
var sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function simulateWalArchiving(options) {
  const log = options.log ?? silentLogger;
  const started = /* @__PURE__ */ new Date();
  const id = `sim-${compactTimestamp(started)}-${randomBytes(3).toString("hex")}`;
  const work = await mkdtemp(join(tmpdir(), "db-backup-simulate-"));
  const repository = join(work, "repository");
  let cluster;
  const base = {
    schemaVersion: WAL_SIMULATION_REPORT_SCHEMA_VERSION,
    simulation_id: id,
    simulation_timestamp: started.toISOString(),
    repository: `file://${repository}`,
    duration_seconds: options.durationSeconds,
    rate_per_second: options.ratePerSecond,
    heartbeats: 0,
    segments_archived: 0,
    archive_lag_seconds: { max: 0, p50: 0 },
    targets: [],
    rpo_target_minutes: options.rpoMinutes,
    rto_target_minutes: options.rtoMinutes,
    error: null,
    environment: { server_version: "unknown", tool_version: TOOL_VERSION }
  };
  try {
    await mkdir(join(repository, "wal"), { recursive: true });
    if (isRoot()) await runChild("chown", ["-R", "postgres:postgres", work]);
    const plain = SIMULATION_UNSET_ENV.map((n) => `-u ${n}`);
    const walPush = archiveCommand(options.walCommand, `file://${repository}`, { envPrefix: plain });
    log.info(`simulation ${id}: scratch cluster archiving into ${repository}`);
    cluster = await startLocalCluster({
      settings: {
        wal_level: "replica",
        archive_mode: "on",
        archive_command: walPush,
        archive_timeout: `${options.archiveTimeoutSeconds}s`,
        track_commit_timestamp: "on"
      }
    });
    const conn = cluster.connection;
    base.environment.server_version = await withClient(conn, "postgres", async (c) => {
      await c.query(
        "CREATE TABLE heartbeat (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT clock_timestamp())"
      );
      return (await c.query("SELECT current_setting('server_version') AS v")).rows[0].v;
    });
    const config = ConfigSchema.parse({
      storage: repository,
      connection: { host: conn.host, port: conn.port, user: conn.user, password: conn.password },
      ...options.pgBinDir ? { pgBinDir: options.pgBinDir } : {}
    });
    const storage = new LocalStorage(repository);
    const backup = await runBaseBackup({ config, storage, log });
    log.info(
      `base backup ${backup.id}; writing ${options.ratePerSecond} heartbeats/s for ${options.durationSeconds}s`
    );
    const lags = await writeHeartbeats(cluster, options);
    base.archive_lag_seconds = {
      max: Number(Math.max(0, ...lags).toFixed(3)),
      p50: Number(([...lags].sort((a, b) => a - b)[Math.floor(lags.length / 2)] ?? 0).toFixed(3))
    };
    const heartbeats = await withClient(conn, "postgres", async (c) => {
      await c.query("SELECT pg_switch_wal()");
      const { rows } = await c.query(
        "SELECT count(*)::text AS n, min(at) AS first, max(at) AS last FROM heartbeat"
      );
      return { count: Number(rows[0].n), first: rows[0].first, last: rows[0].last };
    });
    base.heartbeats = heartbeats.count;
    await waitForArchive(cluster);
    base.segments_archived = (await verifyWalArchive(storage)).segments;
    const random = options.random ?? Math.random;
    const from = Math.max(heartbeats.first.getTime(), Date.parse(backup.finishedAt)) + 1;
    for (let i = 0; i < options.targets; i++) {
      const target = new Date(from + Math.floor(random() * Math.max(1, heartbeats.last.getTime() - from)));
      base.targets.push(await restoreAndCheck(cluster, storage, repository, work, target, i, options, log));
    }
    return {
      ...base,
      ...simulationVerdict({
        lagMaxSeconds: base.archive_lag_seconds.max,
        targets: base.targets,
        rpoMinutes: options.rpoMinutes,
        rtoMinutes: options.rtoMinutes
      })
    };
  } catch (error) {
    return {
      ...base,
      ...simulationVerdict({
        lagMaxSeconds: base.archive_lag_seconds.max,
        targets: base.targets,
        rpoMinutes: options.rpoMinutes,
        rtoMinutes: options.rtoMinutes
      }),
      status: "failure",
      compliant: false,
      error: error.message
    };
  } finally {
    await cluster?.stop();
    await rm(work, { recursive: true, force: true });
  }
}
async function writeHeartbeats(cluster, options) {
  return withClient(cluster.connection, "postgres", async (c) => {
    const lags = [];
    const end = Date.now() + options.durationSeconds * 1e3;
    const interval = 1e3 / options.ratePerSecond;
    let nextSample = Date.now() + 1e3;
    let next = Date.now();
    while (Date.now() < end) {
      await c.query("INSERT INTO heartbeat DEFAULT VALUES");
      if (Date.now() >= nextSample) {
        nextSample += 1e3;
        const { rows } = await c.query(
          "SELECT extract(epoch FROM clock_timestamp() - last_archived_time)::text AS lag FROM pg_stat_archiver"
        );
        if (rows[0].lag !== null) lags.push(Number(rows[0].lag));
      }
      next += interval;
      await sleep(Math.max(0, next - Date.now()));
    }
    return lags;
  });
}
async function waitForArchive(cluster) {
  await withClient(cluster.connection, "postgres", async (c) => {
    const { rows } = await c.query("SELECT pg_walfile_name(pg_switch_wal()) AS n");
    const closed = rows[0].n;
    for (let i = 0; i < 600; i++) {
      const s = await c.query(
        "SELECT last_archived_wal AS last FROM pg_stat_archiver"
      );
      if (s.rows[0].last && s.rows[0].last >= closed) return;
      await sleep(200);
    }
    throw new Error(`the scratch cluster did not archive ${closed} within 2 minutes`);
  });
}
async function restoreAndCheck(cluster, storage, repository, work, target, index, options, log) {
  const expected = await withClient(cluster.connection, "postgres", async (c) => {
    const { rows } = await c.query(
      "SELECT count(*)::text AS n, max(at) AS last FROM heartbeat WHERE at <= $1",
      [target]
    );
    return { count: Number(rows[0].n), last: rows[0].last };
  });
  const pgdata = join(work, `restored-${index}`);
  const port = await findFreePort();
  const started = Date.now();
  log.info(`restoring to ${target.toISOString()}`);
  await restorePitr({
    storage,
    repositoryConfig: { storage: repository },
    pgdata,
    target: { kind: "time", time: target },
    walCommand: options.walCommand,
    serverSettings: {
      port: String(port),
      unix_socket_directories: work,
      archive_mode: "off",
      listen_addresses: "127.0.0.1"
    },
    start: true,
    ...options.pgBinDir ? { pgBinDir: options.pgBinDir } : {},
    log
  });
  const restoreSeconds = (Date.now() - started) / 1e3;
  try {
    const restored = await withClient({ ...cluster.connection, port }, "postgres", async (c) => {
      const { rows } = await c.query(
        "SELECT count(*)::text AS n, max(at) AS last FROM heartbeat"
      );
      return { count: Number(rows[0].n), last: rows[0].last };
    });
    const lost = expected.last && restored.last ? Math.max(0, (expected.last.getTime() - restored.last.getTime()) / 1e3) : expected.last ? options.durationSeconds : 0;
    return {
      target_time: target.toISOString(),
      expected_heartbeats: expected.count,
      restored_heartbeats: restored.count,
      lost_seconds: Number(lost.toFixed(3)),
      restore_seconds: Number(restoreSeconds.toFixed(3)),
      status: restored.count === expected.count ? "pass" : "fail"
    };
  } finally {
    const pgCtl = join(cluster.binDir, "pg_ctl");
    const args = ["stop", "-D", pgdata, "-m", "immediate", "-w"];
    await runChild(...await asServerUser(pgCtl, args));
    await rm(pgdata, { recursive: true, force: true });
  }
}

export {
  renderComplianceMarkdown,
  renderComplianceSvg,
  gatherComplianceReport,
  simulateWalArchiving
};
