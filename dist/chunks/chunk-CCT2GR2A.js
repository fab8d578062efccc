import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  publicRepositorySettings,
  restorePitr,
  startAndAwaitRecovery
} from "./chunk-M25QI3ZN.js";
import {
  unsealBuffer
} from "./chunk-KQ52AOVT.js";
import {
  parsePitrTarget
} from "./chunk-6G7DVWQ3.js";
import {
  verifyWalArchive
} from "./chunk-UKZCVACB.js";
import {
  requireWalArea
} from "./chunk-YVH2I7AV.js";
import {
  decryptionCheck,
  runSqlChecks
} from "./chunk-4LUQM6TS.js";
import {
  findFreePort
} from "./chunk-H4BDQKYQ.js";
import {
  asServerUser,
  isRoot
} from "./chunk-XFV7CHGX.js";
import {
  appendAudit
} from "./chunk-FNXWXHAP.js";
import {
  tableRowCounts
} from "./chunk-JAX2TIU5.js";
import {
  databaseFromUrl,
  withClient
} from "./chunk-MFNMZBWJ.js";
import {
  majorOf
} from "./chunk-UOJ3YZZT.js";
import {
  findPgBinaries,
  requirePgTool
} from "./chunk-F257ZKBH.js";
import {
  TOOL_VERSION
} from "./chunk-75MW67N3.js";
import {
  readManifest
} from "./chunk-USZDJMRJ.js";
import {
  runChild
} from "./chunk-NLUKSCYK.js";
import {
  parseWalFileName
} from "./chunk-T2VRPRXO.js";
import {
  silentLogger
} from "./chunk-6V3LCTWC.js";
import {
  WAL_PREFIX,
  compactTimestamp,
  walFileNameOfKey,
  walObjectKey
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
  redact
} from "./chunk-XSSEYECF.js";
import {
  DbBackupError,
  PitrTargetError,
  RestoreFailedError
} from "./chunk-HSU6VSP5.js";
import {
  parseDuration
} from "./chunk-TOYXLD7G.js";

// src/core/drill/run-pitr-drill.ts
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";

// src/core/drill/run-pitr-drill-window.ts
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buffer } from "node:stream/consumers";
var COMMIT_SEARCH_SEGMENTS = 8;
function lastCommitInWaldump(text) {
  let last;
  for (const m of text.matchAll(/COMMIT (\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(\.\d+)? UTC/g)) {
    const iso = `${m[1]}T${m[2]}${(m[3] ?? ".").padEnd(7, "0")}Z`;
    if (last === void 0 || iso > last) last = iso;
  }
  return last;
}
function randomTargetTime(window, random) {
  const span = window.latest.getTime() - window.earliest.getTime();
  if (span < 0) {
    throw new PitrTargetError(
      `no recoverable window: the newest archived commit (${window.latest.toISOString()}) is before the base backup finished (${window.earliest.toISOString()})`,
      {
        hint: "a random target needs a commit archived after a base backup; write something and archive it, or drill without --target-time"
      }
    );
  }
  return new Date(window.earliest.getTime() + Math.floor(random() * (span + 1)));
}
function objectsOfNewTimelines(before, after) {
  const timelineOf = (key) => {
    const name = walFileNameOfKey(key);
    return name ? parseWalFileName(name)?.timeline ?? 0 : 0;
  };
  const newestBefore = Math.max(0, ...before.map(timelineOf));
  const known = new Set(before);
  return after.filter((key) => !known.has(key) && timelineOf(key) > newestBefore);
}
async function lastArchivedCommit(options) {
  const waldump = join(options.binDir, "pg_waldump");
  if (!existsSync(waldump)) {
    throw new PitrTargetError(`pg_waldump is not in ${options.binDir}`, {
      hint: "install the PostgreSQL server programs (pg_waldump reads the archive to find its newest commit)"
    });
  }
  const newestFirst = options.segmentNames.map((name) => ({ name, parsed: parseWalFileName(name, options.area.walSegmentSize) })).filter((s) => s.parsed?.kind === "segment").sort(
    (a, b) => a.parsed.segno === b.parsed.segno ? b.name.localeCompare(a.name) : a.parsed.segno < b.parsed.segno ? 1 : -1
  ).slice(0, COMMIT_SEARCH_SEGMENTS);
  const dir = await mkdtemp(join(tmpdir(), "db-backup-waldump-"));
  try {
    for (const { name } of newestFirst) {
      const key = walObjectKey(options.area.systemIdentifier, name);
      await writeFile(join(dir, name), await unsealBuffer(await buffer(await options.storage.get(key)), key));
      const dumped = await runChild(waldump, ["--path", dir, "--rmgr", "Transaction", name, name], {
        env: { TZ: "UTC" }
      });
      await rm(join(dir, name), { force: true });
      const last = lastCommitInWaldump(dumped.stdout);
      if (last) return last;
    }
    return void 0;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
async function resolveDrillTarget(targetTime, window, newestCommit, random = Math.random) {
  if (targetTime === void 0) return { kind: "latest" };
  if (targetTime !== "random") return parsePitrTarget({ time: targetTime });
  if (!window) {
    throw new RestoreFailedError(
      "no recoverable window: the repository needs a base backup and the WAL after it",
      {
        hint: "run `db-backup wal verify` to see what is missing"
      }
    );
  }
  const commit = await newestCommit();
  if (!commit) {
    throw new RestoreFailedError("no commit found in the newest archived WAL segments", {
      hint: "a random target needs committed transactions in the archive after the base backup"
    });
  }
  return {
    kind: "time",
    time: randomTargetTime({ earliest: new Date(window.earliest), latest: new Date(commit) }, random)
  };
}

// src/core/drill/run-pitr-drill-checks.ts
async function readEveryTable(conn, databases) {
  const out = { checks: [], tables: 0, rows: 0 };
  for (const database of databases) {
    try {
      const counts = await withClient(conn, database, (client) => tableRowCounts(client));
      const rows = counts.reduce((n, t) => n + t.rows, 0);
      out.tables += counts.length;
      out.rows += rows;
      out.checks.push({
        name: `tables readable ${database}`,
        status: "pass",
        details: `${counts.length} table(s), ${rows} row(s) read at the recovered point`
      });
    } catch (error) {
      out.checks.push({
        name: `tables readable ${database}`,
        status: "fail",
        details: redact(`cannot read ${database}: ${error.message}`)
      });
    }
  }
  return out;
}
async function recoveryTargetCheck(target, recoveredTo, newestCommit) {
  const name = "recovery target";
  if (target.kind === "time") {
    const wanted = target.time.toISOString();
    if (recoveredTo === null)
      return { name, status: "pass", details: `no transaction replayed before ${wanted}` };
    const ok2 = Date.parse(recoveredTo) <= target.time.getTime();
    return {
      name,
      status: ok2 ? "pass" : "fail",
      details: `last replayed commit at ${recoveredTo}, ${ok2 ? "not after" : "AFTER"} the target ${wanted}`
    };
  }
  const newest = await newestCommit().catch(() => void 0);
  if (!newest) return { name, status: "skip", details: "no commit found in the newest archived segments" };
  const ok = recoveredTo === newest;
  return {
    name,
    status: ok ? "pass" : "fail",
    details: `last replayed commit at ${recoveredTo ?? "none"}; newest archived commit at ${newest}`
  };
}
function failedRestoreCheck(caught) {
  return { name: "point-in-time recovery", status: "fail", details: redact(caught.message) };
}
async function productionWalCheck(storage, before, walKeys2) {
  const added = objectsOfNewTimelines(before, await walKeys2(storage).catch(() => before));
  return added.length === 0 ? {
    name: "production WAL area untouched",
    status: "pass",
    details: "the throwaway copy ran with archive_mode=off: no new timeline was archived"
  } : {
    name: "production WAL area untouched",
    status: "fail",
    details: `the drill's copy archived ${added.length} file(s): ${added.slice(0, 3).join(", ")}`
  };
}

// src/core/drill/run-pitr-drill-cluster.ts
import { existsSync as existsSync2 } from "node:fs";
import { chown, mkdir, mkdtemp as mkdtemp2, readFile, rm as rm2, writeFile as writeFile2 } from "node:fs/promises";
import { tmpdir as tmpdir2 } from "node:os";
import { join as join2 } from "node:path";
async function postgresIds() {
  if (!isRoot()) return void 0;
  const line = (await readFile("/etc/passwd", "utf8")).split("\n").find((l) => l.startsWith("postgres:"));
  if (!line) return void 0;
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}
async function createPitrScratch(port) {
  const work = await mkdtemp2(join2(tmpdir2(), "db-backup-pitr-drill-"));
  const socketDir = join2(work, "sock");
  await mkdir(socketDir, { mode: 448 });
  await writeFile2(join2(work, "pg_hba.conf"), "local all all trust\n", { mode: 384 });
  const ids = await postgresIds();
  if (ids)
    for (const path of [work, socketDir, join2(work, "pg_hba.conf")]) await chown(path, ids.uid, ids.gid);
  return { work, pgdata: join2(work, "data"), socketDir, port };
}
function pitrScratchSettings(scratch) {
  return {
    port: String(scratch.port),
    listen_addresses: "127.0.0.1",
    unix_socket_directories: scratch.socketDir,
    hba_file: join2(scratch.work, "pg_hba.conf"),
    // The source's archive_command pushes into the production WAL area: the copy must never run it.
    archive_mode: "off",
    primary_conninfo: "",
    primary_slot_name: "",
    ssl: "off",
    // startAndAwaitRecovery reads the server log pg_ctl writes.
    logging_collector: "off",
    shared_buffers: "128MB"
  };
}
async function ensureServerConfigFile(pgdata) {
  const path = join2(pgdata, "postgresql.conf");
  if (existsSync2(path)) return;
  await writeFile2(
    path,
    "# written by db-backup drill --pitr: the source kept its configuration elsewhere\n",
    {
      mode: 384
    }
  );
  const ids = await postgresIds();
  if (ids) await chown(path, ids.uid, ids.gid);
}
async function superuserConnection(scratch, candidates) {
  let lastError;
  for (const user of [...new Set(candidates)]) {
    const conn = { host: scratch.socketDir, port: scratch.port, user };
    try {
      const superuser = await withClient(
        conn,
        "template1",
        async (c) => (await c.query("SELECT rolname AS n FROM pg_roles WHERE oid = 10")).rows[0].n
      );
      return { ...conn, user: superuser };
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}
async function stopPitrScratch(scratch, binDir) {
  const pidFile = join2(scratch.pgdata, "postmaster.pid");
  if (!binDir || !existsSync2(pidFile)) return true;
  const pgCtl = join2(binDir, "pg_ctl");
  const args = ["stop", "-D", scratch.pgdata, "-m", "immediate", "-w", "-t", "60"];
  const result = await runChild(...await asServerUser(pgCtl, args));
  return result.code === 0 || !existsSync2(pidFile);
}
async function removePitrScratch(scratch, binDir) {
  const stopped = await stopPitrScratch(scratch, binDir);
  await rm2(scratch.work, { recursive: true, force: true });
  return stopped && !existsSync2(scratch.work);
}

// src/core/drill/run-pitr-drill.ts
var minutes = (ms) => Math.round(ms / 6e4 * 1e3) / 1e3;
var durationMinutes = (text) => {
  const parsed = parseDuration(text);
  if ("error" in parsed) throw new DbBackupError(parsed.error);
  return parsed.ms / 6e4;
};
var walKeys = async (storage) => (await storage.list(WAL_PREFIX)).map((o) => o.key).sort();
async function runPitrDrill(options) {
  const { config, storage, request } = options;
  const log = options.log ?? silentLogger;
  const startedAt = options.now?.() ?? /* @__PURE__ */ new Date();
  const startedMs = Date.now();
  const rpoTarget = durationMinutes(request.rpo ?? config.drill.rpo);
  const rtoTarget = durationMinutes(request.rto ?? config.drill.rto);
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
  const pitr = {
    target: request.targetTime ?? "latest",
    target_time: null,
    base_backup_id: null,
    recovered_to: null,
    newest_wal: null,
    newest_wal_archived_at: null,
    window: null
  };
  let manifest;
  let restoreMs = null;
  let error = null;
  let scratch;
  let binDir;
  let removed = false;
  let walBefore = [];
  const stopOnAbort = () => {
    if (scratch) void stopPitrScratch(scratch, binDir).catch(() => void 0);
  };
  options.signal?.addEventListener("abort", stopOnAbort, { once: true });
  try {
    const area = await requireWalArea(storage);
    walBefore = await walKeys(storage);
    const archive = await verifyWalArchive(storage, startedAt);
    pitr.newest_wal = archive.newestSegment;
    pitr.newest_wal_archived_at = archive.newestArchivedAt;
    const segmentNames = walBefore.map(walFileNameOfKey).filter((n) => n !== void 0);
    const serverBinDir = (await findPgBinaries({ pgBinDir: config.pgBinDir })).find(
      (i) => String(i.major) === area.pgMajor
    )?.binDir;
    const newestCommit = async () => serverBinDir ? lastArchivedCommit({ storage, area, segmentNames, binDir: serverBinDir }) : void 0;
    const target = await resolveDrillTarget(request.targetTime, archive.window, newestCommit, options.random);
    if (target.kind === "time") pitr.target_time = target.time.toISOString();
    if (archive.window) pitr.window = archive.window;
    options.signal?.throwIfAborted();
    scratch = await createPitrScratch(await findFreePort());
    log.info(
      `drill --pitr: restoring to ${pitr.target_time ?? "the newest archived WAL"} in ${scratch.work}`
    );
    const restored = await restorePitr({
      storage,
      repositoryConfig: publicRepositorySettings(config),
      pgdata: scratch.pgdata,
      target,
      action: "promote",
      timeline: "latest",
      ...request.backupId ? { backupId: request.backupId } : {},
      walCommand: options.walCommand,
      // Opens an encrypted base backup; restore_command takes the identity from the environment.
      keys: resolveEncryption(config).keys,
      serverSettings: pitrScratchSettings(scratch),
      start: false,
      ...config.pgBinDir ? { pgBinDir: config.pgBinDir } : {},
      log,
      ...options.signal ? { signal: options.signal } : {}
    });
    manifest = await readManifest(storage, restored.backupId);
    pitr.base_backup_id = manifest.id;
    environment.backup_server_version = manifest.server.version;
    const base = manifest.objects.find((o) => o.role === "base");
    measures.stored_bytes = base?.storedSize ?? 0;
    measures.restored_bytes = base?.rawSize ?? 0;
    timings.fetch_and_verify = restored.durationMs;
    checks.push(decryptionCheck(manifest, "pass"));
    checks.push({
      name: "stored checksum",
      status: "pass",
      details: `sha256 of base backup ${manifest.id} matches its manifest; unpacked into the throwaway data directory`
    });
    const install = (await findPgBinaries({ pgBinDir: config.pgBinDir })).find(
      (i) => i.major === majorOf(manifest.server.version)
    );
    if (!install) {
      throw new RestoreFailedError(
        `no PostgreSQL ${majorOf(manifest.server.version)} server programs to run the drill's throwaway cluster`,
        { hint: `install PostgreSQL ${majorOf(manifest.server.version)} server programs on the drill host` }
      );
    }
    binDir = install.binDir;
    await ensureServerConfigFile(scratch.pgdata);
    const recoveryStarted = Date.now();
    await startAndAwaitRecovery(
      await requirePgTool(install, "pg_ctl"),
      scratch.pgdata,
      "promote",
      6e5,
      options.signal
    );
    timings.restore = Date.now() - recoveryStarted;
    restoreMs = timings.fetch_and_verify + timings.restore;
    measures.throughput_mib_per_s = restoreMs > 0 ? Math.round(measures.restored_bytes / 1048576 / (restoreMs / 1e3) * 100) / 100 : null;
    const checksStarted = Date.now();
    const conn = await superuserConnection(
      scratch,
      [config.connection.user ?? "", "postgres", process.env.PGUSER ?? ""].filter(Boolean)
    );
    const facts = await recoveredFacts(conn);
    environment.server_version = facts.version;
    pitr.recovered_to = facts.recoveredTo;
    checks.push({
      name: "point-in-time recovery",
      status: "pass",
      details: `base backup ${manifest.id} plus archived WAL replayed to ${restored.target} and promoted in ${(timings.restore / 1e3).toFixed(1)}s`
    });
    checks.push(await recoveryTargetCheck(target, facts.recoveredTo, newestCommit));
    const wanted = request.database ? [request.database] : manifest.databases.map((d) => d.name).filter((n) => !/^template[01]$/.test(n));
    const read = await readEveryTable(conn, wanted);
    checks.push(...read.checks);
    measures.tables_checked = read.tables;
    measures.rows_checked = read.rows;
    const sqlDatabase = request.database ?? config.databases[0] ?? databaseFromUrl(config.connection.url) ?? "postgres";
    checks.push(...await runSqlChecks(conn, sqlDatabase, config.drill.checks));
    timings.checks = Date.now() - checksStarted;
  } catch (caught) {
    if (restoreMs === null && manifest) checks.push(failedRestoreCheck(caught));
    error = {
      code: caught instanceof DbBackupError ? caught.code : "UNEXPECTED",
      message: redact(caught.message ?? String(caught))
    };
    log.warn(`drill --pitr failed: ${error.message}`);
  } finally {
    options.signal?.removeEventListener("abort", stopOnAbort);
    if (scratch) removed = await removePitrScratch(scratch, binDir);
  }
  if (pitr.newest_wal !== null) checks.push(await productionWalCheck(storage, walBefore, walKeys));
  timings.total = Date.now() - startedMs;
  const walAge = pitr.newest_wal_archived_at ? minutes(startedAt.getTime() - Date.parse(pitr.newest_wal_archived_at)) : null;
  const restoreMinutes = restoreMs === null ? null : minutes(restoreMs);
  const failed = error !== null || checks.some((c) => c.status === "fail");
  const rpoCompliant = walAge !== null && walAge <= rpoTarget;
  const rtoCompliant = restoreMinutes !== null && restoreMinutes <= rtoTarget;
  return DrillReportSchema.parse({
    schemaVersion: DRILL_REPORT_SCHEMA_VERSION,
    drill_id: `drill-${compactTimestamp(startedAt)}-${randomBytes(3).toString("hex")}`,
    drill_timestamp: startedAt.toISOString(),
    status: drillStatus(failed, rpoCompliant, rtoCompliant),
    backup_id: manifest?.id ?? null,
    database: request.database ?? null,
    backup_finished_at: manifest?.finishedAt ?? null,
    backup_age_minutes: walAge,
    restore_duration_minutes: restoreMinutes,
    rpo_target_minutes: rpoTarget,
    rto_target_minutes: rtoTarget,
    rpo_compliant: rpoCompliant,
    rto_compliant: rtoCompliant,
    scratch: {
      database: request.database ?? "every database (throwaway cluster)",
      location: scratch ? "local throwaway cluster (point-in-time)" : "not opened",
      dropped: removed
    },
    checks,
    measures,
    timings_ms: timings,
    environment,
    error,
    pitr
  });
}
async function recoveredFacts(conn) {
  return withClient(conn, "template1", async (c) => {
    const { rows } = await c.query(
      `SELECT current_setting('server_version') AS v,
              to_char(pg_last_xact_replay_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS t`
    );
    return { version: rows[0].v, recoveredTo: rows[0].t };
  });
}
async function runPitrDrillAudited(options) {
  const report = await runPitrDrill(options);
  if (options.actor) {
    await appendAudit(options.storage, {
      actor: options.actor,
      operation: "drill",
      target: report.database ?? report.backup_id ?? "latest",
      outcome: report.status === "success" ? "success" : "failure",
      details: `${report.drill_id}: ${report.status} (point in time ${report.pitr?.target_time ?? "latest"}${report.backup_id ? `, base backup ${report.backup_id}` : ""})`
    }).catch(() => void 0);
  }
  return report;
}

export {
  runPitrDrill,
  runPitrDrillAudited
};
