import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  PREFETCH_DIR
} from "./chunk-46WVK5C4.js";
import {
  extractBaseBackup
} from "./chunk-DEUXXFOO.js";
import {
  DRILL_REPORT_SCHEMA_VERSION,
  DrillReportSchema,
  appendAudit,
  asServerUser,
  databaseFromUrl,
  decryptionCheck,
  drillStatus,
  findFreePort,
  findPgBinaries,
  findWalGaps,
  isRoot,
  latestVerifications,
  listBackupReports,
  listBackups,
  listDrillReports,
  majorOf,
  readManifest,
  requirePgTool,
  runBaseBackup,
  runSqlChecks,
  shellQuote,
  silentLogger,
  startLocalCluster,
  tableRowCounts,
  verifyWalArchive,
  withClient
} from "./chunk-SMVP4KK5.js";
import {
  LocalStorage
} from "./chunk-7VDTONLV.js";
import {
  runChild
} from "./chunk-EBKHLIO2.js";
import {
  TOOL_VERSION,
  requireWalArea,
  unsealBuffer
} from "./chunk-5L25L5XK.js";
import {
  formatLsn,
  parseLsn,
  parseWalFileName
} from "./chunk-T2VRPRXO.js";
import {
  WAL_PREFIX,
  compactTimestamp,
  walClusterPrefix,
  walFileNameOfKey,
  walObjectKey
} from "./chunk-GOB2Q2UI.js";
import {
  decryptStreamFor,
  resolveEncryption
} from "./chunk-BPRLA547.js";
import {
  ConfigSchema,
  RetentionSchema,
  parseDuration
} from "./chunk-A5GP23IT.js";
import {
  external_exports
} from "./chunk-IIQ7BM2O.js";
import {
  redact
} from "./chunk-XSSEYECF.js";
import {
  DbBackupError,
  EncryptionKeyError,
  PitrTargetError,
  RestoreFailedError,
  RestoreTargetError,
  UsageError
} from "./chunk-HSU6VSP5.js";

// src/core/restore/pitr-plan.ts
function parsePitrTarget(flags) {
  const given = Object.entries(flags).filter(([, v]) => v !== void 0 && v !== false);
  if (given.length !== 1) {
    throw new UsageError(`give exactly one recovery target (got ${given.length})`, {
      hint: "use one of --target-time, --target-lsn, --target-xid, --target-name or --target immediate"
    });
  }
  if (flags.time !== void 0) {
    const time = new Date(flags.time);
    if (Number.isNaN(time.getTime()) || !/\d{4}-\d{2}-\d{2}/.test(flags.time)) {
      throw new UsageError(`--target-time ${JSON.stringify(flags.time)} is not a time`, {
        hint: 'use ISO 8601 with a zone, e.g. 2026-11-22T14:05:00Z or "2026-11-22 15:05:00+01"'
      });
    }
    return { kind: "time", time };
  }
  if (flags.lsn !== void 0) {
    const lsn = parseLsn(flags.lsn);
    if (lsn === void 0)
      throw new UsageError(`--target-lsn ${JSON.stringify(flags.lsn)} is not an LSN`, {
        hint: "e.g. 0/3000060"
      });
    return { kind: "lsn", lsn };
  }
  if (flags.xid !== void 0) {
    if (!/^\d+$/.test(flags.xid))
      throw new UsageError(`--target-xid ${JSON.stringify(flags.xid)} is not a transaction id`);
    return { kind: "xid", xid: flags.xid };
  }
  if (flags.name !== void 0) {
    if (!flags.name) throw new UsageError("--target-name is empty");
    return { kind: "name", name: flags.name };
  }
  return { kind: "immediate" };
}
var isBase = (m) => m.kind === "base" && m.base !== void 0;
function chooseBaseBackup(manifests, target, head, backupId) {
  const bases = manifests.filter(isBase).sort((a, b) => Date.parse(a.finishedAt) - Date.parse(b.finishedAt));
  if (bases.length === 0) {
    throw new PitrTargetError("the repository has no base backups", {
      hint: "take one with `db-backup base-backup`"
    });
  }
  if (!head) {
    throw new PitrTargetError("the repository has no archived WAL", {
      hint: "set archive_command = 'db-backup wal-push %p' on the server"
    });
  }
  if (target.kind === "time" && target.time.getTime() > head.storedAt.getTime()) {
    throw new PitrTargetError(
      `target time ${target.time.toISOString()} is after the newest archived WAL (${head.name}, stored ${head.storedAt.toISOString()})`,
      {
        hint: "choose an earlier time, or wait until the WAL covering it is archived (see `db-backup wal verify`)"
      }
    );
  }
  if (target.kind === "lsn" && target.lsn > head.endLsn) {
    throw new PitrTargetError(
      `target LSN ${formatLsn(target.lsn)} is after the newest archived WAL (${head.name} ends at ${formatLsn(head.endLsn)})`,
      { hint: "choose an earlier LSN, or wait until the WAL covering it is archived" }
    );
  }
  if (backupId) {
    const chosen2 = bases.find((b) => b.id === backupId);
    if (!chosen2)
      throw new PitrTargetError(`${backupId} is not a base backup in this repository`, {
        hint: "run `db-backup list`"
      });
    return chosen2;
  }
  const eligible = bases.filter(
    (b) => target.kind === "time" ? Date.parse(b.finishedAt) <= target.time.getTime() : target.kind === "lsn" ? parseLsn(b.base.stopLsn) <= target.lsn : true
  );
  const chosen = eligible.at(-1);
  if (!chosen) {
    const oldest = bases[0];
    const what = target.kind === "time" ? `time ${target.time.toISOString()}` : `LSN ${formatLsn(target.lsn)}`;
    throw new PitrTargetError(
      `target ${what} is before the oldest base backup can be restored to (${oldest.id}: consistent at ${oldest.base.stopLsn}, finished ${oldest.finishedAt})`,
      { hint: "a point in time needs a base backup that finished before it; choose a later target" }
    );
  }
  return chosen;
}
function walHeadOf(objects, segmentSize) {
  let head;
  let best = -1n;
  for (const o of objects) {
    const parsed = parseWalFileName(o.name, segmentSize);
    if (parsed?.kind !== "segment") continue;
    if (parsed.segno > best || parsed.segno === best && o.name > head.name) {
      best = parsed.segno;
      head = { name: o.name, endLsn: (parsed.segno + 1n) * BigInt(segmentSize), storedAt: o.storedAt };
    }
  }
  return head;
}
var confValue = (v) => `'${v.replace(/'/g, "''")}'`;
function recoverySettings(options) {
  const t = options.target;
  const settings = {
    restore_command: options.restoreCommand,
    // PostgreSQL's timestamptz input takes neither the ISO `T` with a zone `Z` in every version: spell it out.
    ...t.kind === "time" ? { recovery_target_time: t.time.toISOString().replace("T", " ").replace("Z", "+00") } : {},
    ...t.kind === "lsn" ? { recovery_target_lsn: formatLsn(t.lsn) } : {},
    ...t.kind === "xid" ? { recovery_target_xid: t.xid } : {},
    ...t.kind === "name" ? { recovery_target_name: t.name } : {},
    ...t.kind === "immediate" ? { recovery_target: "immediate" } : {},
    recovery_target_timeline: options.timeline,
    recovery_target_action: options.action,
    ...options.extra
  };
  return `
# point-in-time restore written by db-backup
${Object.entries(settings).map(([k, v]) => `${k} = ${confValue(v)}`).join("\n")}
`;
}

// src/core/drill/run-pitr-drill.ts
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";

// src/core/restore/pitr.ts
import { existsSync } from "node:fs";
import { appendFile, chmod, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
var RESTORE_CONFIG_FILE = "db-backup-restore.json";
var PITR_LOG_FILE = "db-backup-pitr.log";
function publicRepositorySettings(config) {
  const strip = (o, secrets) => Object.fromEntries(Object.entries(o).filter(([k, v]) => !secrets.includes(k) && v !== void 0));
  return {
    storage: config.storage,
    s3: strip(config.s3, ["accessKeyId", "secretAccessKey", "sessionToken"]),
    azure: strip(config.azure, ["connectionString", "key", "sasToken"])
  };
}
async function restorePitr(options) {
  const started = Date.now();
  const log = options.log ?? silentLogger;
  const pgdata = resolve(options.pgdata);
  await assertEmptyDirectory(pgdata);
  const area = await requireWalArea(options.storage);
  const walFiles = (await options.storage.list(walClusterPrefix(area.systemIdentifier))).map((o) => ({ name: walFileNameOfKey(o.key), storedAt: o.modified })).filter((o) => o.name !== void 0);
  const head = walHeadOf(walFiles, area.walSegmentSize);
  const manifest = chooseBaseBackup(
    await listBackups(options.storage),
    options.target,
    head,
    options.backupId
  );
  const gaps = findWalGaps(
    walFiles.map((f) => f.name),
    manifest.base.walStart,
    area.walSegmentSize
  );
  if (gaps.length > 0) {
    throw new PitrTargetError(
      `the archive misses WAL after base backup ${manifest.id}: ${gaps.slice(0, 5).join(", ")}${gaps.length > 5 ? ", \u2026" : ""}`,
      {
        hint: "recovery cannot pass a missing segment; run `db-backup wal verify`, or choose a target before the gap"
      }
    );
  }
  const decrypt = decryptorOf(manifest, options.keys);
  const install = (await findPgBinaries({ pgBinDir: options.pgBinDir })).find(
    (i) => i.major === majorOf(manifest.server.version)
  );
  if (options.start && !install) {
    throw new RestoreFailedError(
      `no PostgreSQL ${majorOf(manifest.server.version)} server programs to start the restored copy`,
      {
        hint: `install PostgreSQL ${majorOf(manifest.server.version)} or restore without --start`
      }
    );
  }
  log.info(`restoring base backup ${manifest.id} into ${pgdata}`);
  await mkdir(pgdata, { recursive: true, mode: 448 });
  await chmod(pgdata, 448);
  await extractBaseBackup(options.storage, manifest, pgdata, decrypt);
  options.signal?.throwIfAborted();
  await mkdir(join(pgdata, "pg_wal", "archive_status"), { recursive: true });
  const configPath = join(pgdata, RESTORE_CONFIG_FILE);
  await writeFile(configPath, `${JSON.stringify(options.repositoryConfig, null, 2)}
`, { mode: 384 });
  const cached = `${PREFETCH_DIR}/%f`;
  const restoreCommand = [
    `test -f ${cached} && mv -f ${cached} %p ||`,
    shellQuote(options.walCommand.node),
    shellQuote(options.walCommand.script),
    "wal-fetch %f %p --config",
    shellQuote(configPath),
    // The location is pinned too: flags beat the environment, whose BACKUP_STORAGE may name another repository.
    "--storage",
    shellQuote(String(options.repositoryConfig.storage))
  ].join(" ");
  await appendFile(
    join(pgdata, "postgresql.auto.conf"),
    recoverySettings({
      restoreCommand,
      target: options.target,
      action: options.action ?? "promote",
      timeline: options.timeline ?? "latest",
      ...options.serverSettings ? { extra: options.serverSettings } : {}
    })
  );
  await writeFile(join(pgdata, "recovery.signal"), "");
  if (isRoot()) await runChild("chown", ["-R", "postgres:postgres", pgdata]);
  const outcome = {
    backupId: manifest.id,
    pgdata,
    target: describeTarget(options.target),
    durationMs: 0
  };
  if (options.start) {
    const pgCtl2 = await requirePgTool(install, "pg_ctl");
    outcome.recovery = await startAndAwaitRecovery(
      pgCtl2,
      pgdata,
      options.action ?? "promote",
      options.timeoutMs ?? 6e5,
      options.signal
    );
  }
  outcome.durationMs = Date.now() - started;
  return outcome;
}
function decryptorOf(manifest, keys) {
  if (!manifest.encryption) return void 0;
  try {
    return decryptStreamFor(manifest.encryption, keys ?? { identities: [], passphrases: [] });
  } catch (error) {
    if (!(error instanceof EncryptionKeyError)) throw error;
    throw new EncryptionKeyError(`base backup ${manifest.id}: ${error.message}; nothing was restored`, {
      hint: `${error.hint}; the restored server's restore_command (wal-fetch) needs it in its environment too`
    });
  }
}
function describeTarget(target) {
  switch (target.kind) {
    case "time":
      return `time ${target.time.toISOString()}`;
    case "lsn":
      return `lsn ${(target.lsn >> 32n).toString(16).toUpperCase()}/${(target.lsn & 0xffffffffn).toString(16).toUpperCase()}`;
    case "xid":
      return `xid ${target.xid}`;
    case "name":
      return `restore point ${JSON.stringify(target.name)}`;
    case "latest":
      return "latest (every archived WAL file)";
    default:
      return "immediate (end of the base backup)";
  }
}
async function assertEmptyDirectory(dir) {
  const entries = await readdir(dir).catch((error) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  if (entries.length > 0) {
    throw new RestoreTargetError(
      `${dir} is not empty: a point-in-time restore needs an empty data directory`,
      {
        hint: "give --pgdata a new or empty directory (the restore never overwrites files)"
      }
    );
  }
}
async function pgCtl(pgCtlPath, args) {
  return runChild(...await asServerUser(pgCtlPath, args));
}
async function startAndAwaitRecovery(pgCtlPath, pgdata, action, timeoutMs, signal) {
  const logFile = join(pgdata, PITR_LOG_FILE);
  const started = await pgCtl(pgCtlPath, [
    "start",
    "-D",
    pgdata,
    "-l",
    logFile,
    "-w",
    "-t",
    String(Math.ceil(timeoutMs / 1e3))
  ]);
  const logTail = async () => (await readFile(logFile, "utf8").catch(() => "")).trim().split("\n").slice(-15).join("\n");
  const deadline = Date.now() + timeoutMs;
  for (; ; ) {
    signal?.throwIfAborted();
    const text = await readFile(logFile, "utf8").catch(() => "");
    if (/recovery ended before configured recovery target was reached/.test(text)) {
      throw new PitrTargetError(
        "recovery ended before the target was reached: the archive does not hold WAL up to it",
        {
          hint: `see ${logFile}; choose an earlier target (db-backup wal verify shows the window)`
        }
      );
    }
    const running = await postmasterRunning(pgdata);
    if (running && !existsSync(join(pgdata, "recovery.signal")) && /database system is ready to accept connections/.test(text))
      return "promoted";
    if (action === "pause" && /pausing at the end of recovery/.test(text)) return "paused";
    if (action === "shutdown" && !running && /shutdown at recovery target|database system is shut down/.test(text))
      return "shutdown";
    if (!running && (started.code !== 0 || /FATAL|PANIC/.test(text))) {
      throw new RestoreFailedError(`the restored server stopped during recovery:
${await logTail()}`, {
        hint: `see ${logFile}`
      });
    }
    if (Date.now() > deadline) {
      throw new RestoreFailedError(
        `recovery did not finish within ${Math.round(timeoutMs / 1e3)} s:
${await logTail()}`
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
async function postmasterRunning(pgdata) {
  const pid = Number((await readFile(join(pgdata, "postmaster.pid"), "utf8").catch(() => "")).split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

// src/core/drill/run-pitr-drill-window.ts
import { existsSync as existsSync2 } from "node:fs";
import { mkdtemp, rm, writeFile as writeFile2 } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join as join2 } from "node:path";
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
  const waldump = join2(options.binDir, "pg_waldump");
  if (!existsSync2(waldump)) {
    throw new PitrTargetError(`pg_waldump is not in ${options.binDir}`, {
      hint: "install the PostgreSQL server programs (pg_waldump reads the archive to find its newest commit)"
    });
  }
  const newestFirst = options.segmentNames.map((name) => ({ name, parsed: parseWalFileName(name, options.area.walSegmentSize) })).filter((s) => s.parsed?.kind === "segment").sort(
    (a, b) => a.parsed.segno === b.parsed.segno ? b.name.localeCompare(a.name) : a.parsed.segno < b.parsed.segno ? 1 : -1
  ).slice(0, COMMIT_SEARCH_SEGMENTS);
  const dir = await mkdtemp(join2(tmpdir(), "db-backup-waldump-"));
  try {
    for (const { name } of newestFirst) {
      const key = walObjectKey(options.area.systemIdentifier, name);
      await writeFile2(join2(dir, name), await unsealBuffer(await buffer(await options.storage.get(key)), key));
      const dumped = await runChild(waldump, ["--path", dir, "--rmgr", "Transaction", name, name], {
        env: { TZ: "UTC" }
      });
      await rm(join2(dir, name), { force: true });
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
import { existsSync as existsSync3 } from "node:fs";
import { chown, mkdir as mkdir2, mkdtemp as mkdtemp2, readFile as readFile2, rm as rm2, writeFile as writeFile3 } from "node:fs/promises";
import { tmpdir as tmpdir2 } from "node:os";
import { join as join3 } from "node:path";
async function postgresIds() {
  if (!isRoot()) return void 0;
  const line = (await readFile2("/etc/passwd", "utf8")).split("\n").find((l) => l.startsWith("postgres:"));
  if (!line) return void 0;
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}
async function createPitrScratch(port) {
  const work = await mkdtemp2(join3(tmpdir2(), "db-backup-pitr-drill-"));
  const socketDir = join3(work, "sock");
  await mkdir2(socketDir, { mode: 448 });
  await writeFile3(join3(work, "pg_hba.conf"), "local all all trust\n", { mode: 384 });
  const ids = await postgresIds();
  if (ids)
    for (const path of [work, socketDir, join3(work, "pg_hba.conf")]) await chown(path, ids.uid, ids.gid);
  return { work, pgdata: join3(work, "data"), socketDir, port };
}
function pitrScratchSettings(scratch) {
  return {
    port: String(scratch.port),
    listen_addresses: "127.0.0.1",
    unix_socket_directories: scratch.socketDir,
    hba_file: join3(scratch.work, "pg_hba.conf"),
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
  const path = join3(pgdata, "postgresql.conf");
  if (existsSync3(path)) return;
  await writeFile3(
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
  const pidFile = join3(scratch.pgdata, "postmaster.pid");
  if (!binDir || !existsSync3(pidFile)) return true;
  const pgCtl2 = join3(binDir, "pg_ctl");
  const args = ["stop", "-D", scratch.pgdata, "-m", "immediate", "-w", "-t", "60"];
  const result = await runChild(...await asServerUser(pgCtl2, args));
  return result.code === 0 || !existsSync3(pidFile);
}
async function removePitrScratch(scratch, binDir) {
  const stopped = await stopPitrScratch(scratch, binDir);
  await rm2(scratch.work, { recursive: true, force: true });
  return stopped && !existsSync3(scratch.work);
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
import { randomBytes as randomBytes2 } from "node:crypto";
import { mkdir as mkdir3, mkdtemp as mkdtemp3, rm as rm3 } from "node:fs/promises";
import { tmpdir as tmpdir3 } from "node:os";
import { join as join4 } from "node:path";

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
  const id = `sim-${compactTimestamp(started)}-${randomBytes2(3).toString("hex")}`;
  const work = await mkdtemp3(join4(tmpdir3(), "db-backup-simulate-"));
  const repository = join4(work, "repository");
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
    await mkdir3(join4(repository, "wal"), { recursive: true });
    if (isRoot()) await runChild("chown", ["-R", "postgres:postgres", work]);
    const plain = SIMULATION_UNSET_ENV.map((n) => `-u ${n}`).join(" ");
    const walPush = `env ${plain} ${shellQuote(options.walCommand.node)} ${shellQuote(options.walCommand.script)} wal-push %p --storage ${shellQuote(repository)}`;
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
    await rm3(work, { recursive: true, force: true });
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
  const pgdata = join4(work, `restored-${index}`);
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
    const pgCtl2 = join4(cluster.binDir, "pg_ctl");
    const args = ["stop", "-D", pgdata, "-m", "immediate", "-w"];
    await runChild(...await asServerUser(pgCtl2, args));
    await rm3(pgdata, { recursive: true, force: true });
  }
}

export {
  parsePitrTarget,
  publicRepositorySettings,
  restorePitr,
  runPitrDrillAudited,
  renderComplianceMarkdown,
  renderComplianceSvg,
  gatherComplianceReport,
  simulateWalArchiving
};
