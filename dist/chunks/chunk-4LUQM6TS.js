import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  startLocalCluster
} from "./chunk-H4BDQKYQ.js";
import {
  pickDatabase,
  resolveBackup,
  restoreBackup,
  restoreClient
} from "./chunk-GVTLJDIN.js";
import {
  appendAudit
} from "./chunk-FNXWXHAP.js";
import {
  dropDatabase,
  serverInfo,
  tableRowCounts
} from "./chunk-JAX2TIU5.js";
import {
  resolveConnection,
  withClient
} from "./chunk-MFNMZBWJ.js";
import {
  minimumSizeCheck
} from "./chunk-UOJ3YZZT.js";
import {
  TOOL_VERSION
} from "./chunk-75MW67N3.js";
import {
  silentLogger
} from "./chunk-6V3LCTWC.js";
import {
  compactTimestamp
} from "./chunk-GOB2Q2UI.js";
import {
  DRILL_REPORT_SCHEMA_VERSION,
  DrillReportSchema,
  drillStatus
} from "./chunk-SD5AORGX.js";
import {
  resolveEncryption
} from "./chunk-WRH3XVOP.js";
import {
  restoreJobsFor
} from "./chunk-WPFTMBHG.js";
import {
  redact
} from "./chunk-XSSEYECF.js";
import {
  DbBackupError,
  DecryptionError,
  EncryptionKeyError,
  InternalError
} from "./chunk-HSU6VSP5.js";
import {
  parseDuration
} from "./chunk-TOYXLD7G.js";

// src/core/drill/run-drill.ts
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";

// src/core/drill/checks.ts
var tableName = (t) => `${t.schema}.${t.name}`;
function rowCountChecks(expected, actual, schemaOnly) {
  if (schemaOnly)
    return [{ name: "row counts", status: "skip", details: "schema-only backup: no rows to compare" }];
  const found = new Map(actual.map((t) => [tableName(t), t.rows]));
  return expected.map((table) => {
    const rows = found.get(tableName(table));
    const ok = rows === table.rows;
    return {
      name: `row count ${tableName(table)}`,
      status: ok ? "pass" : "fail",
      details: rows === void 0 ? `table missing after restore (expected ${table.rows} rows)` : `expected ${table.rows}, restored ${rows}`
    };
  });
}
async function runSqlChecks(conn, database, checks) {
  if (checks.length === 0) return [];
  return withClient(conn, database, async (client) => {
    const results = [];
    for (const check of checks) {
      try {
        await client.query("BEGIN READ ONLY");
        const { rows, fields } = await client.query({ text: check.sql, rowMode: "array" });
        await client.query("ROLLBACK");
        const first = rows[0]?.[0];
        const value = first === null || first === void 0 ? null : String(first);
        const problems = [];
        if (check.expect !== void 0 && value !== check.expect)
          problems.push(`expected ${JSON.stringify(check.expect)}, got ${JSON.stringify(value)}`);
        if (check.minRows !== void 0 && rows.length < check.minRows)
          problems.push(`expected at least ${check.minRows} rows, got ${rows.length}`);
        results.push({
          name: `sql: ${check.name}`,
          status: problems.length ? "fail" : "pass",
          details: problems.length ? problems.join("; ") : `${rows.length} row(s)${fields.length && value !== null ? `, first value ${JSON.stringify(value)}` : ""}`
        });
      } catch (error) {
        await client.query("ROLLBACK").catch(() => void 0);
        results.push({
          name: `sql: ${check.name}`,
          status: "fail",
          details: redact(`query failed: ${error.message}`)
        });
      }
    }
    return results;
  });
}

// src/core/drill/run-drill.ts
var minutes = (ms) => Math.round(ms / 6e4 * 1e3) / 1e3;
function durationMinutes(text) {
  const parsed = parseDuration(text);
  if ("error" in parsed) throw new DbBackupError(parsed.error);
  return parsed.ms / 6e4;
}
function scratchDatabaseName(at) {
  return `db_backup_drill_${compactTimestamp(at).toLowerCase()}`;
}
async function openScratch(config, scratch, log) {
  if (scratch === "same") return { conn: resolveConnection(config.connection), location: "same server" };
  if (scratch === "local") {
    log.info("starting a throwaway local PostgreSQL cluster for the drill");
    const cluster = await startLocalCluster();
    return { conn: cluster.connection, location: "local throwaway cluster", cluster };
  }
  const conn = resolveConnection({ url: scratch });
  return { conn, location: `${conn.host ?? "localhost"}:${conn.port ?? 5432}` };
}
function checkedObjectCount(steps) {
  return steps.filter((step) => step.startsWith("checksum ok: ")).length;
}
async function runRestoreDrillUnaudited(options) {
  const { config, storage, request } = options;
  const log = options.log ?? silentLogger;
  const startedAt = options.now?.() ?? /* @__PURE__ */ new Date();
  const startedMs = Date.now();
  const rpoTarget = durationMinutes(request.rpo ?? config.drill.rpo);
  const rtoTarget = durationMinutes(request.rto ?? config.drill.rto);
  const scratchName = scratchDatabaseName(startedAt);
  const keepScratch = request.keepScratch ?? config.drill.keepScratch;
  const checks = [];
  const timings = { fetch_and_verify: 0, restore: 0, checks: 0, total: 0 };
  const measures = {
    stored_bytes: 0,
    restored_bytes: 0,
    throughput_mib_per_s: null,
    tables_checked: 0,
    rows_checked: 0
  };
  const environment = {
    server_version: null,
    backup_server_version: null,
    pg_restore_version: null,
    tool_version: TOOL_VERSION,
    node_version: process.version,
    hostname: hostname()
  };
  let manifest;
  let database = request.database ?? null;
  let restoreMs = null;
  let error = null;
  let scratch;
  let dropped = false;
  let scratchCreated = false;
  try {
    manifest = await resolveBackup(storage, {
      backupId: request.backupId,
      latest: !request.backupId,
      database: request.database
    });
    const entry = pickDatabase(manifest, request.database);
    database = entry.name;
    environment.backup_server_version = manifest.server.version;
    scratch = await openScratch(config, request.scratch ?? config.drill.scratch, log);
    const server = await serverInfo(scratch.conn);
    environment.server_version = server.version;
    environment.pg_restore_version = (await restoreClient(server, manifest, config.pgBinDir)).version;
    const keys = resolveEncryption(config).keys;
    log.info(
      `drill: restoring ${manifest.id} (${JSON.stringify(entry.name)}) into ${scratchName} on ${scratch.location}`
    );
    try {
      scratchCreated = true;
      const restored = await restoreBackup({
        storage,
        conn: scratch.conn,
        pgBinDir: scratch.cluster?.binDir ?? config.pgBinDir,
        log,
        manifest,
        keys,
        signal: options.signal,
        ...options.onEvent ? { onEvent: options.onEvent } : {},
        request: {
          database: entry.name,
          targetDatabase: scratchName,
          jobs: restoreJobsFor(config),
          // A throwaway cluster has none of the source's roles.
          noOwner: scratch.cluster !== void 0,
          noGlobals: scratch.cluster === void 0
        }
      });
      timings.fetch_and_verify = restored.fetchMs;
      timings.restore = restored.restoreMs;
      restoreMs = restored.durationMs;
      measures.stored_bytes = restored.storedBytes;
      measures.restored_bytes = restored.rawBytes;
      measures.throughput_mib_per_s = restored.durationMs > 0 ? Math.round(restored.rawBytes / 1048576 / (restored.durationMs / 1e3) * 100) / 100 : null;
      checks.push(decryptionCheck(manifest, "pass"));
      checks.push({
        name: "stored checksum",
        status: "pass",
        details: `sha256 of ${checkedObjectCount(restored.steps)} object(s) matches the manifest`
      });
      checks.push({
        name: "restore",
        status: "pass",
        details: `pg_restore into ${scratchName} succeeded in ${(restored.restoreMs / 1e3).toFixed(1)}s`
      });
    } catch (restoreError) {
      const keyOrCipher = restoreError instanceof EncryptionKeyError || restoreError instanceof DecryptionError;
      checks.push(decryptionCheck(manifest, keyOrCipher ? "fail" : "not reached", restoreError));
      const checksumFailed = restoreError instanceof DbBackupError && restoreError.code === "VERIFICATION_FAILED";
      if (!keyOrCipher)
        checks.push({
          name: checksumFailed ? "stored checksum" : "restore",
          status: "fail",
          details: redact(restoreError.message)
        });
      throw restoreError;
    }
    const checksStarted = Date.now();
    const counts = await withClient(scratch.conn, scratchName, (client) => tableRowCounts(client));
    const rowChecks = rowCountChecks(entry.tables, counts, manifest.options.schemaOnly);
    checks.push(...rowChecks);
    measures.tables_checked = entry.tables.length;
    measures.rows_checked = entry.tables.reduce((n, t) => n + t.rows, 0);
    checks.push(...await runSqlChecks(scratch.conn, scratchName, config.drill.checks));
    if (config.daemon.minSizeBytes > 0) {
      const size = minimumSizeCheck(manifest, config.daemon.minSizeBytes);
      checks.push({ name: size.name, status: size.ok ? "pass" : "fail", details: size.details });
    }
    timings.checks = Date.now() - checksStarted;
  } catch (caught) {
    const known = caught instanceof DbBackupError ? caught : void 0;
    error = {
      code: known?.code ?? "INTERNAL",
      message: redact(caught.message ?? String(caught)),
      hint: redact(known?.hint ?? InternalError.defaultHint)
    };
    log.warn(`drill failed: ${error.message}`);
  } finally {
    if (scratch && !keepScratch && (scratchCreated || scratch.cluster))
      dropped = await dropScratch(scratch, scratchName, log);
    else if (scratch?.cluster && keepScratch)
      log.warn(`--keep-scratch: the local cluster stays at ${scratch.cluster.dataDir}`);
  }
  timings.total = Date.now() - startedMs;
  const backupAge = manifest ? minutes(startedAt.getTime() - Date.parse(manifest.finishedAt)) : null;
  const restoreMinutes = restoreMs === null ? null : minutes(restoreMs);
  const failed = error !== null || checks.some((c) => c.status === "fail");
  const rpoCompliant = backupAge !== null && backupAge <= rpoTarget;
  const rtoCompliant = restoreMinutes !== null && restoreMinutes <= rtoTarget;
  return DrillReportSchema.parse({
    schemaVersion: DRILL_REPORT_SCHEMA_VERSION,
    drill_id: `drill-${compactTimestamp(startedAt)}-${randomBytes(3).toString("hex")}`,
    drill_timestamp: startedAt.toISOString(),
    status: drillStatus(failed, rpoCompliant, rtoCompliant),
    backup_id: manifest?.id ?? null,
    database,
    backup_finished_at: manifest?.finishedAt ?? null,
    backup_age_minutes: backupAge,
    restore_duration_minutes: restoreMinutes,
    rpo_target_minutes: rpoTarget,
    rto_target_minutes: rtoTarget,
    rpo_compliant: rpoCompliant,
    rto_compliant: rtoCompliant,
    scratch: {
      database: scratchName,
      location: scratch && scratchCreated ? scratch.location : "not opened",
      dropped
    },
    checks,
    measures,
    timings_ms: timings,
    environment,
    error
  });
}
function decryptionCheck(manifest, outcome, error) {
  if (!manifest.encryption) return { name: "decryption", status: "skip", details: "backup is not encrypted" };
  const fingerprints = manifest.encryption.recipientFingerprints ?? [
    manifest.encryption.recipientFingerprint
  ];
  if (outcome === "fail") {
    return { name: "decryption", status: "fail", details: redact(error.message) };
  }
  if (outcome === "not reached") {
    return {
      name: "decryption",
      status: "skip",
      details: "the restore failed before decryption could be judged"
    };
  }
  return {
    name: "decryption",
    status: "pass",
    details: `${manifest.objects.length} object(s) decrypted (age v1, recipient ${fingerprints.join(", ")}) with the configured keys`
  };
}
async function dropScratch(scratch, name, log) {
  try {
    if (scratch.cluster) {
      await scratch.cluster.stop();
      return true;
    }
    await dropDatabase(scratch.conn, name, { force: true });
    return true;
  } catch (error) {
    log.warn(`could not drop scratch database ${name}: ${error.message}; drop it by hand`);
    return false;
  }
}
async function runRestoreDrill(options) {
  const report = await runRestoreDrillUnaudited(options);
  if (options.actor) {
    await appendAudit(options.storage, {
      actor: options.actor,
      operation: "drill",
      target: report.database ?? report.backup_id ?? "latest",
      outcome: report.status === "success" ? "success" : "failure",
      details: `${report.drill_id}: ${report.status}${report.backup_id ? ` (backup ${report.backup_id})` : ""}`
    }).catch(() => void 0);
  }
  return report;
}

export {
  runSqlChecks,
  scratchDatabaseName,
  checkedObjectCount,
  decryptionCheck,
  runRestoreDrill
};
