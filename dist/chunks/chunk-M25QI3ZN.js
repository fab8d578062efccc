import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  unsealWal
} from "./chunk-KQ52AOVT.js";
import {
  chooseBaseBackup,
  recoverySettings,
  walHeadOf
} from "./chunk-6G7DVWQ3.js";
import {
  findWalGaps
} from "./chunk-4YHTCJC5.js";
import {
  requireWalArea,
  walAreaEncryption
} from "./chunk-YVH2I7AV.js";
import {
  extractBaseBackup
} from "./chunk-7EYOYUC5.js";
import {
  asServerUser,
  isRoot,
  shellQuote
} from "./chunk-XFV7CHGX.js";
import {
  majorOf
} from "./chunk-UOJ3YZZT.js";
import {
  findPgBinaries,
  requirePgTool
} from "./chunk-F257ZKBH.js";
import {
  listBackups
} from "./chunk-USZDJMRJ.js";
import {
  runChild
} from "./chunk-NLUKSCYK.js";
import {
  PREFETCH_DIR
} from "./chunk-46WVK5C4.js";
import {
  silentLogger
} from "./chunk-6V3LCTWC.js";
import {
  walClusterPrefix,
  walFileNameOfKey,
  walObjectKey
} from "./chunk-GOB2Q2UI.js";
import {
  decryptStreamFor
} from "./chunk-WRH3XVOP.js";
import {
  findExecutable
} from "./chunk-PIVGSPXT.js";
import {
  EncryptionKeyError,
  PitrTargetError,
  RestoreFailedError,
  RestoreTargetError
} from "./chunk-HSU6VSP5.js";

// src/core/restore/pitr.ts
import { existsSync } from "node:fs";
import { appendFile, chmod, mkdir as mkdir2, open, readdir as readdir2, readFile, stat, writeFile as writeFile2 } from "node:fs/promises";
import { join as join2, resolve } from "node:path";

// src/core/restore/pitr-prefetch.ts
import { randomBytes } from "node:crypto";
import { chown, mkdir, readdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { buffer } from "node:stream/consumers";
var POLL_MS = 20;
function startWalPrefetch(options) {
  const cacheDir = join(options.pgdata, PREFETCH_DIR);
  const window = Math.max(1, options.window ?? 8);
  const controller = new AbortController();
  const { signal } = controller;
  const aborted = new Promise((resolve2) => signal.addEventListener("abort", () => resolve2()));
  const sleep = () => new Promise((r) => setTimeout(r, POLL_MS));
  const cachedCount = async () => (await readdir(cacheDir).catch(() => [])).filter((n) => !n.startsWith(".")).length;
  const fetchOne = async (name) => {
    const key = walObjectKey(options.systemIdentifier, name, options.encrypted);
    const raw = await unsealWal(await buffer(await options.storage.get(key)), key, options.keys);
    await Promise.race([options.writesAfter, aborted]);
    if (signal.aborted) return;
    const temp = join(cacheDir, `.${randomBytes(6).toString("hex")}.tmp`);
    await writeFile(temp, raw, { mode: 384 });
    if (options.owner) await chown(temp, options.owner.uid, options.owner.gid);
    await rename(temp, join(cacheDir, name));
  };
  const run = async () => {
    await mkdir(cacheDir, { recursive: true });
    let next = 0;
    const inFlight = /* @__PURE__ */ new Set();
    while (next < options.names.length && !signal.aborted) {
      if (inFlight.size >= 2 || await cachedCount() + inFlight.size >= window) {
        await (inFlight.size >= 2 ? Promise.race(inFlight) : sleep());
        continue;
      }
      const name = options.names[next++];
      const task = fetchOne(name).catch((error) => {
        options.log.debug(`prefetch of ${name} failed (restore_command fetches it): ${String(error)}`);
      }).finally(() => inFlight.delete(task));
      inFlight.add(task);
    }
    await Promise.allSettled(inFlight);
  };
  const running = run().catch((error) => {
    options.log.debug(`WAL prefetch stopped: ${String(error)}`);
  });
  const stop = async () => {
    controller.abort();
    await running;
  };
  return {
    stop,
    async stopAndClean() {
      await stop();
      await rm(cacheDir, { recursive: true, force: true });
    }
  };
}
function segmentsToPrefetch(archived, walStart) {
  const timeline = walStart.slice(0, 8);
  return archived.filter((n) => /^[0-9A-F]{24}$/.test(n) && n.startsWith(timeline) && n >= walStart).sort();
}

// src/core/restore/pitr-restore-command.ts
import { isAbsolute } from "node:path";
import { fileURLToPath } from "node:url";
function buildRestoreCommand(options) {
  const cached = `${PREFETCH_DIR}/%f`;
  const walFetch = [
    "exec",
    shellQuote(options.walCommand.node),
    shellQuote(options.walCommand.script),
    "wal-fetch %f %p --config",
    shellQuote(options.configPath),
    // The location is pinned too: flags beat the environment, whose BACKUP_STORAGE may name another repository.
    "--storage",
    shellQuote(options.storage)
  ].join(" ");
  let local = "";
  if (options.localWalDir) {
    local = `f=%f; t=\${f%%"\${f#????????}"}; a=${shellQuote(options.localWalDir)}; o="$a/$t/$f.zst"; if test -r "$a" && test -x "$a" && { test ! -e "$a/$t" || { test -d "$a/$t" && test -r "$a/$t" && test -x "$a/$t" && test ! -e "$o" && test ! -e "$o.age"; }; }; then exit 1; fi; `;
    if (options.zstd)
      local += `if test -f "$o" && test -r "$o"; then ${shellQuote(options.zstd)} -q -d -f "$o" -o %p || exit 3; exit 0; fi; `;
  }
  return `test -f ${cached} && mv -f ${cached} %p || { ${local}${walFetch}; }`;
}
function localRepositoryRoot(location) {
  if (location.startsWith("file:///")) {
    try {
      return fileURLToPath(location);
    } catch {
      return void 0;
    }
  }
  return isAbsolute(location) && !/^[a-z][a-z0-9+.-]*:\/\//i.test(location) ? location : void 0;
}

// src/core/restore/pitr.ts
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
  await mkdir2(join2(pgdata, PREFETCH_DIR), { recursive: true, mode: 448 });
  await chmod(pgdata, 448);
  const root = isRoot();
  const encryptedWal = walAreaEncryption(area) !== null;
  if (root) await runChild("chown", ["-R", "postgres:postgres", pgdata]);
  const owner = root ? await ownerOf(join2(pgdata, PREFETCH_DIR)) : void 0;
  let prefetcher;
  let recoveryStarted = () => {
  };
  const writesAfter = new Promise((resolve2) => {
    recoveryStarted = resolve2;
  });
  let promoted = false;
  try {
    await extractBaseBackup(options.storage, manifest, pgdata, decrypt);
    options.signal?.throwIfAborted();
    if (options.start) {
      prefetcher = startWalPrefetch({
        storage: options.storage,
        systemIdentifier: area.systemIdentifier,
        encrypted: encryptedWal,
        keys: options.keys ?? { identities: [], passphrases: [] },
        names: segmentsToPrefetch(
          walFiles.map((f) => f.name),
          manifest.base.walStart
        ),
        pgdata,
        ...owner ? { owner } : {},
        // Written only once the server has synced its data directory (measured: prefetched files written
        // during that fsync pass made it 130-190 ms slower).
        writesAfter,
        log
      });
    }
    await mkdir2(join2(pgdata, "pg_wal", "archive_status"), { recursive: true });
    const configPath = join2(pgdata, RESTORE_CONFIG_FILE);
    await writeFile2(configPath, `${JSON.stringify(options.repositoryConfig, null, 2)}
`, { mode: 384 });
    const storageLocation = String(options.repositoryConfig.storage);
    const localRoot = localRepositoryRoot(storageLocation);
    const zstd = localRoot ? await findExecutable("zstd") : void 0;
    const restoreCommand = buildRestoreCommand({
      walCommand: options.walCommand,
      configPath,
      storage: storageLocation,
      ...zstd && !encryptedWal ? { zstd } : {},
      ...localRoot ? { localWalDir: join2(localRoot, walClusterPrefix(area.systemIdentifier)).replace(/\/$/, "") } : {}
    });
    await appendFile(
      join2(pgdata, "postgresql.auto.conf"),
      recoverySettings({
        restoreCommand,
        target: options.target,
        action: options.action ?? "promote",
        timeline: options.timeline ?? "latest",
        ...options.serverSettings ? { extra: options.serverSettings } : {}
      })
    );
    await writeFile2(join2(pgdata, "recovery.signal"), "");
    if (root) await runChild("chown", ["-R", "postgres:postgres", pgdata]);
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
        options.signal,
        recoveryStarted
      );
      promoted = outcome.recovery === "promoted";
    }
    outcome.durationMs = Date.now() - started;
    return outcome;
  } finally {
    recoveryStarted();
    if (prefetcher) await (promoted ? prefetcher.stopAndClean() : prefetcher.stop());
  }
}
async function ownerOf(path) {
  const info = await stat(path);
  return { uid: info.uid, gid: info.gid };
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
  const entries = await readdir2(dir).catch((error) => {
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
async function startAndAwaitRecovery(pgCtlPath, pgdata, action, timeoutMs, signal, onRecoveryStarted) {
  const logFile = join2(pgdata, PITR_LOG_FILE);
  const logTail = async () => (await readFile(logFile, "utf8").catch(() => "")).trim().split("\n").slice(-15).join("\n");
  const deadline = Date.now() + timeoutMs;
  let text = "";
  let offset = 0;
  const readNew = async () => {
    const handle = await open(logFile, "r").catch(() => void 0);
    if (!handle) return;
    try {
      const { size } = await handle.stat();
      if (size <= offset) return;
      const chunk = Buffer.alloc(size - offset);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, offset);
      offset += bytesRead;
      text += chunk.subarray(0, bytesRead).toString("utf8");
    } finally {
      await handle.close();
    }
  };
  const recoveryUnderWay = () => {
    if (onRecoveryStarted && /starting (point-in-time|archive) recovery|redo starts/.test(text)) {
      onRecoveryStarted();
      onRecoveryStarted = void 0;
    }
  };
  let pgCtlReturned = false;
  const starting = pgCtl(pgCtlPath, [
    "start",
    "-D",
    pgdata,
    "-l",
    logFile,
    "-w",
    "-t",
    String(Math.ceil(timeoutMs / 1e3))
  ]).finally(() => {
    pgCtlReturned = true;
  });
  while (onRecoveryStarted && !pgCtlReturned) {
    await readNew();
    recoveryUnderWay();
    await new Promise((r) => setTimeout(r, 25));
  }
  const started = await starting;
  for (; ; ) {
    signal?.throwIfAborted();
    await readNew();
    recoveryUnderWay();
    if (/recovery ended before configured recovery target was reached/.test(text)) {
      throw new PitrTargetError(
        "recovery ended before the target was reached: the archive does not hold WAL up to it",
        {
          hint: `see ${logFile}; choose an earlier target (db-backup wal verify shows the window)`
        }
      );
    }
    const running = await postmasterRunning(pgdata);
    if (running && !existsSync(join2(pgdata, "recovery.signal")) && /database system is ready to accept connections/.test(text))
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
    await new Promise((r) => setTimeout(r, 25));
  }
}
async function postmasterRunning(pgdata) {
  const pid = Number((await readFile(join2(pgdata, "postmaster.pid"), "utf8").catch(() => "")).split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

export {
  RESTORE_CONFIG_FILE,
  PITR_LOG_FILE,
  publicRepositorySettings,
  restorePitr,
  describeTarget,
  startAndAwaitRecovery
};
