import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  dumpToStorage
} from "./chunk-EHLPQTDT.js";
import {
  openRepository
} from "./chunk-MVSO23XQ.js";
import {
  audited
} from "./chunk-FNXWXHAP.js";
import {
  listDatabasesOf,
  missingDatabases,
  serverInfoOf,
  tableRowCounts
} from "./chunk-JAX2TIU5.js";
import {
  childEnv,
  databaseFromUrl,
  describeServer,
  openClient,
  resolveConnection,
  withClient
} from "./chunk-MFNMZBWJ.js";
import {
  findPgBinaries,
  pgTool,
  selectClientFor
} from "./chunk-F257ZKBH.js";
import {
  TOOL_VERSION
} from "./chunk-75MW67N3.js";
import {
  BackupReportSchema,
  writeBackupReport,
  writeManifest
} from "./chunk-USZDJMRJ.js";
import {
  childSucceeded,
  defaultLevel,
  describeFailure,
  objectExtension,
  runChild
} from "./chunk-NLUKSCYK.js";
import {
  writeLocalReportCopy
} from "./chunk-X7UALYCC.js";
import {
  silentLogger
} from "./chunk-6V3LCTWC.js";
import {
  databaseObjectKey,
  globalsObjectKey,
  lockKey,
  newBackupId
} from "./chunk-GOB2Q2UI.js";
import {
  ENCRYPTED_EXTENSION,
  assertRepositoryEncryption,
  resolveEncryption
} from "./chunk-WRH3XVOP.js";
import {
  redact
} from "./chunk-XSSEYECF.js";
import {
  DatabaseNotFoundError,
  DbBackupError,
  DumpFailedError,
  LockHeldError,
  StorageObjectExistsError,
  UsageError
} from "./chunk-HSU6VSP5.js";

// src/core/backup/run-backup.ts
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

// src/core/repository/lock.ts
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { text } from "node:stream/consumers";
function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}
async function readLock(storage, key) {
  try {
    return JSON.parse(await text(await storage.get(key)));
  } catch {
    return void 0;
  }
}
async function acquireLock(storage, label, options = {}) {
  const key = lockKey(label);
  const now = options.now ?? (() => /* @__PURE__ */ new Date());
  const staleAfterMs = options.staleAfterMs ?? 10 * 6e4;
  const token = randomBytes(8).toString("hex");
  const acquiredAt = now().toISOString();
  const body = () => {
    const at = now().toISOString();
    return JSON.stringify({ pid: process.pid, hostname: hostname(), acquiredAt, heartbeatAt: at, token });
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await storage.put(key, body(), { ifNoneExists: true });
      break;
    } catch (error) {
      if (!(error instanceof StorageObjectExistsError) || attempt === 1) {
        if (error instanceof StorageObjectExistsError) throw heldError(label, await readLock(storage, key));
        throw error;
      }
      const holder = await readLock(storage, key);
      const stale = !holder || holder.hostname === hostname() && !processAlive(holder.pid) || now().getTime() - Date.parse(holder.heartbeatAt) > staleAfterMs;
      if (!stale) throw heldError(label, holder);
      await storage.delete(key);
    }
  }
  const timer = setInterval(() => {
    void (async () => {
      const current = await readLock(storage, key);
      if (current?.token === token) await storage.put(key, body()).catch(() => void 0);
    })();
  }, options.heartbeatMs ?? 6e4);
  timer.unref();
  let released;
  return {
    // Idempotent: a caller may release as soon as its work is committed and again in its `finally`.
    release() {
      released ??= (async () => {
        clearInterval(timer);
        const current = await readLock(storage, key);
        if (current?.token === token) await storage.delete(key);
      })();
      return released;
    }
  };
}
function heldError(label, holder) {
  return new LockHeldError(
    `another backup of ${JSON.stringify(label)} is running${holder ? ` (pid ${holder.pid} on ${holder.hostname} since ${holder.acquiredAt})` : ""}`,
    { hint: "wait for it to finish; a lock left by a dead process is taken over automatically" }
  );
}

// src/core/backup/run-backup.ts
function namedDatabases(config) {
  if (config.allDatabases) return [];
  const named = config.databases.length > 0 ? config.databases : [databaseFromUrl(config.connection.url)].filter(Boolean);
  return [...new Set(named)];
}
async function selectDatabases(config, conn, client) {
  if (config.allDatabases) return listDatabasesOf(client);
  const named = namedDatabases(config);
  if (named.length === 0) {
    throw new UsageError("no database to back up", {
      hint: "pass --database NAME (repeatable), --all-databases, or a database in DATABASE_URL"
    });
  }
  const [missing] = await missingDatabases(client, named);
  if (missing !== void 0) {
    throw new DatabaseNotFoundError(
      `database ${JSON.stringify(missing)} does not exist on ${describeServer(conn)}`,
      {
        hint: "check the name (it is case-sensitive); `psql -l` lists the databases"
      }
    );
  }
  return named;
}
async function serverSideOf(config, conn, only) {
  if (only === void 0) {
    return withClient(conn, "postgres", async (client) => ({
      server: await serverInfoOf(client),
      databases: await selectDatabases(config, conn, client)
    }));
  }
  const session = await openClient(conn, only);
  try {
    return { server: await serverInfoOf(session), databases: [only], session };
  } catch (error) {
    await session.end().catch(() => void 0);
    throw error;
  }
}
async function runBackupUnaudited(options) {
  const { config, storage } = options;
  const log = options.log ?? silentLogger;
  const now = options.now ?? (() => /* @__PURE__ */ new Date());
  const conn = resolveConnection(config.connection);
  const encryption = resolveEncryption(config);
  const opened = openRepository(storage, {
    create: true,
    encryption: encryption.encryptor?.record ?? null
  });
  const named = namedDatabases(config);
  const only = named.length === 1 ? named[0] : void 0;
  const settled = await Promise.allSettled([
    serverSideOf(config, conn, only),
    findPgBinaries({ pgBinDir: config.pgBinDir }),
    opened,
    only === void 0 ? void 0 : opened.then(() => acquireLock(storage, only))
  ]);
  const session = settled[0].status === "fulfilled" ? settled[0].value.session : void 0;
  let sessionClosed;
  const closeSession = () => {
    sessionClosed ??= session ? session.end().catch(() => void 0) : Promise.resolve();
    return sessionClosed;
  };
  const earlyLock = settled[3].status === "fulfilled" ? settled[3].value : void 0;
  try {
    for (const step of settled) if (step.status === "rejected") throw step.reason;
    const [{ server, databases }, installs, repository] = settled.map(
      (step) => step.value
    );
    assertRepositoryEncryption(repository, encryption.encryptor, storage.location);
    const install = selectClientFor(server.major, installs, config.pgBinDir);
    const compression = {
      algorithm: config.backup.compression,
      level: config.backup.compressionLevel ?? defaultLevel(config.backup.compression)
    };
    const groups = config.allDatabases ? [{ label: "all", databases }] : databases.map((d) => ({ label: d, databases: [d] }));
    const outcome = { manifests: [], reports: [], reportFiles: [] };
    for (const group of groups) {
      const context = {
        ...options,
        log,
        now,
        conn,
        server,
        install,
        compression,
        group,
        ...encryption.encryptor ? { encryptor: encryption.encryptor } : {},
        ...session ? { session, closeSession } : {},
        ...earlyLock ? { lock: earlyLock } : {}
      };
      const { manifest, report, reportFiles } = await backupGroup(context).catch(async (error) => {
        if (!(error instanceof FailedGroup)) throw error;
        outcome.reports.push(error.report);
        outcome.reportFiles.push(...await writeLocalReportCopy(config, storage, error.report, log));
        throw error.cause;
      });
      outcome.manifests.push(manifest);
      outcome.reports.push(report);
      outcome.reportFiles.push(...reportFiles);
    }
    return outcome;
  } finally {
    await Promise.all([closeSession(), earlyLock?.release().catch(() => void 0)]);
  }
}
var FailedGroup = class extends Error {
  report;
  constructor(report, cause) {
    super("backup failed", { cause });
    this.report = report;
  }
};
async function backupGroup(ctx) {
  const { config, storage, log, group } = ctx;
  const startedAt = ctx.now();
  const id = newBackupId(group.label, startedAt);
  const lock = ctx.lock ?? await acquireLock(storage, group.label);
  const objects = [];
  try {
    log.info(
      `backup ${id}: ${group.databases.map((d) => JSON.stringify(d)).join(", ")} from ${describeServer(ctx.conn)}`
    );
    const entries = [];
    if (config.allDatabases) objects.push(await dumpGlobals(ctx, id));
    const usedKeys = /* @__PURE__ */ new Set();
    for (const database of group.databases) {
      ctx.signal?.throwIfAborted();
      const { entry, object } = await dumpDatabase(ctx, id, database, usedKeys);
      entries.push(entry);
      objects.push(object);
    }
    const finishedAt = ctx.now();
    const manifest = {
      formatVersion: 1,
      id,
      kind: "logical",
      databases: entries,
      allDatabases: config.allDatabases,
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationMs: finishedAt.getTime() - startedAt.getTime(),
      server: { version: ctx.server.version, versionNum: ctx.server.versionNum },
      client: { pgDump: ctx.install.version, path: ctx.install.binDir },
      tool: { name: "db-backup", version: TOOL_VERSION },
      format: config.backup.format,
      compression: ctx.compression,
      encryption: ctx.encryptor?.record ?? null,
      objects,
      options: {
        schemaOnly: config.backup.schemaOnly,
        dataOnly: config.backup.dataOnly,
        tables: config.backup.tables,
        excludeTables: config.backup.excludeTables
      },
      tags: config.backup.tags,
      host: describeServer(ctx.conn)
    };
    await writeManifest(storage, manifest);
    const report = buildReport(ctx, id, startedAt, finishedAt, objects, null);
    const [reportFiles] = await Promise.all([
      writeLocalReportCopy(config, storage, report, log),
      writeBackupReport(storage, report).catch((e) => log.warn(`backup report not stored: ${e}`)),
      lock.release().catch(() => void 0)
    ]);
    log.info(`backup ${id} complete: ${objects.reduce((n, o) => n + o.storedSize, 0)} bytes stored`);
    return { manifest, report, reportFiles };
  } catch (error) {
    for (const object of objects) await storage.delete(object.key).catch(() => void 0);
    const failedAt = ctx.now();
    const code = error instanceof DbBackupError ? error.code : "UNEXPECTED";
    const report = buildReport(ctx, id, startedAt, failedAt, [], {
      code,
      message: redact(error.message)
    });
    await writeBackupReport(storage, report).catch(() => void 0);
    throw new FailedGroup(report, error);
  } finally {
    await lock.release().catch(() => void 0);
  }
}
function buildReport(ctx, backupId, startedAt, finishedAt, objects, error) {
  const storedBytes = objects.reduce((n, o) => n + o.storedSize, 0);
  const rawBytes = objects.reduce((n, o) => n + o.rawSize, 0);
  return BackupReportSchema.parse({
    schemaVersion: 1,
    backupId,
    status: error ? "failed" : "success",
    databases: ctx.group.databases,
    allDatabases: ctx.config.allDatabases,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs: finishedAt.getTime() - startedAt.getTime(),
    storedBytes,
    rawBytes,
    compressionRatio: storedBytes > 0 ? Math.round(rawBytes / storedBytes * 100) / 100 : null,
    storage: ctx.storage.location,
    toolVersion: TOOL_VERSION,
    error
  });
}
function pgDumpArgs(config, snapshot, directory) {
  const args = directory ? ["--format=directory", `--jobs=${config.backup.jobs}`, `--file=${directory}`, "--compress=0"] : ["--format=custom", "--compress=0"];
  args.push(`--snapshot=${snapshot}`, "--no-password");
  if (config.backup.schemaOnly) args.push("--schema-only");
  if (config.backup.dataOnly) args.push("--data-only");
  for (const table of config.backup.tables) args.push(`--table=${table}`);
  for (const table of config.backup.excludeTables) args.push(`--exclude-table=${table}`);
  return args;
}
async function dumpDatabase(ctx, id, database, usedKeys) {
  const extension = `${objectExtension(
    ctx.config.backup.format === "directory" ? "dump.tar" : "dump",
    ctx.compression.algorithm
  )}${ctx.encryptor ? ENCRYPTED_EXTENSION : ""}`;
  let key = databaseObjectKey(id, database, extension);
  for (let n = 2; usedKeys.has(key); n++) key = databaseObjectKey(id, `${database}_${n}`, extension);
  usedKeys.add(key);
  ctx.log.info(`dumping ${JSON.stringify(database)}`);
  ctx.onEvent?.({ type: "phase", operation: "backup", phase: `dumping ${JSON.stringify(database)}` });
  const inSession = (fn) => ctx.session ? fn(ctx.session).finally(() => void ctx.closeSession?.()) : withClient(ctx.conn, database, fn);
  return inSession(async (client) => {
    const opened = await client.query(
      "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL max_parallel_workers_per_gather = 0; SELECT pg_export_snapshot() AS s"
    );
    const snapshot = opened.at(-1).rows[0].s;
    const dump = ctx.config.backup.format === "directory" ? dumpDirectoryFormat(ctx, database, snapshot, key) : dumpToStorage({
      producer: {
        name: "pg_dump",
        command: pgTool(ctx.install, "pg_dump"),
        args: pgDumpArgs(ctx.config, snapshot),
        env: childEnv(ctx.conn, database)
      },
      compression: ctx.compression,
      storage: ctx.storage,
      key,
      ...ctx.encryptor ? { encryptor: ctx.encryptor } : {},
      ...dumpLimits(ctx)
    });
    const counted = ctx.config.backup.schemaOnly ? Promise.resolve([]) : tableRowCounts(client);
    const [dumped, countedRows, sized] = await Promise.allSettled([dump, counted, databaseSizeOf(client)]);
    if (dumped.status === "rejected") throw dumped.reason;
    if (countedRows.status === "rejected" || sized.status === "rejected") {
      await ctx.storage.delete(key).catch(() => void 0);
    }
    if (countedRows.status === "rejected") {
      throw new DumpFailedError(
        `counting rows of ${JSON.stringify(database)} failed: ${countedRows.reason.message}`
      );
    }
    if (sized.status === "rejected") throw sized.reason;
    const [result, tables, sizeBytes] = [dumped.value, countedRows.value, sized.value];
    return {
      entry: { name: database, sizeBytes, objectKey: key, tables },
      object: {
        key,
        role: "database",
        database,
        storedSize: result.stored.size,
        storedSha256: result.stored.sha256,
        rawSize: result.raw.size,
        ...result.raw.sha256 ? { rawSha256: result.raw.sha256 } : {}
      }
    };
  });
}
async function dumpDirectoryFormat(ctx, database, snapshot, key) {
  const workDir = await mkdtemp(join(tmpdir(), "db-backup-dump-"));
  const dumpDir = join(workDir, "dump");
  try {
    const pgDump = await runChild(pgTool(ctx.install, "pg_dump"), pgDumpArgs(ctx.config, snapshot, dumpDir), {
      env: childEnv(ctx.conn, database),
      ...ctx.signal ? { signal: ctx.signal } : {}
    });
    ctx.signal?.throwIfAborted();
    if (!childSucceeded(pgDump)) throw new DumpFailedError(describeFailure("pg_dump", pgDump));
    return await dumpToStorage({
      producer: { name: "tar", command: "tar", args: ["-C", dumpDir, "-cf", "-", "."] },
      compression: ctx.compression,
      storage: ctx.storage,
      key,
      ...ctx.encryptor ? { encryptor: ctx.encryptor } : {},
      ...dumpLimits(ctx)
    });
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
function dumpLimits(ctx) {
  const maxMb = ctx.config.daemon.maxSizeMb;
  const onEvent = ctx.onEvent;
  return {
    ...ctx.signal ? { signal: ctx.signal } : {},
    ...onEvent ? { onBytes: (bytes) => onEvent({ type: "bytes", operation: "backup", bytes }) } : {},
    ...maxMb !== void 0 ? { maxStoredBytes: Math.round(maxMb * 1048576) } : {}
  };
}
async function databaseSizeOf(client) {
  const { rows } = await client.query(
    "SELECT pg_database_size(current_database())::text AS size"
  );
  return Number(rows[0].size);
}
async function dumpGlobals(ctx, id) {
  const key = globalsObjectKey(
    id,
    `${objectExtension("sql", ctx.compression.algorithm)}${ctx.encryptor ? ENCRYPTED_EXTENSION : ""}`
  );
  ctx.log.info("dumping roles and other globals");
  const result = await dumpToStorage({
    producer: {
      name: "pg_dumpall",
      command: pgTool(ctx.install, "pg_dumpall"),
      args: ["--globals-only", "--no-password"],
      env: childEnv(ctx.conn, "postgres")
    },
    compression: ctx.compression,
    storage: ctx.storage,
    key,
    ...ctx.encryptor ? { encryptor: ctx.encryptor } : {},
    ...dumpLimits(ctx)
  });
  return {
    key,
    role: "globals",
    storedSize: result.stored.size,
    storedSha256: result.stored.sha256,
    rawSize: result.raw.size,
    ...result.raw.sha256 ? { rawSha256: result.raw.sha256 } : {}
  };
}
async function runBackup(options) {
  if (!options.actor) return runBackupUnaudited(options);
  const target = options.config.allDatabases ? "all databases" : options.config.databases.join(",") || "DATABASE_URL";
  return audited(
    options.storage,
    { actor: options.actor, operation: "backup", target },
    () => runBackupUnaudited(options),
    (outcome) => outcome.manifests.map((m) => m.id).join(", ")
  );
}

export {
  runBackup
};
