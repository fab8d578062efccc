import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  NO_KEYS,
  WAL_ZSTD_LEVEL,
  archivedComparisonFor,
  prepareWalArea,
  sealWal,
  unsealWal
} from "./chunk-776R6KKG.js";
import "./chunk-XNSZGEMB.js";
import {
  PUSHED_DIR,
  markerMatches,
  readPushMarker
} from "./chunk-XMWEPMFL.js";
import {
  walObjectKey
} from "./chunk-6ZJBLKSQ.js";
import {
  DEFAULT_SEGMENT_SIZE,
  parseWalFileName
} from "./chunk-RXDERO4O.js";
import "./chunk-AL6LR2JQ.js";
import "./chunk-NT7NHDDW.js";
import {
  StorageObjectExistsError,
  UsageError,
  WalAreaMismatchError,
  WalConflictError
} from "./chunk-7VKVL3KC.js";
import "./chunk-F5XNGLJN.js";

// src/core/wal/wal-push.ts
import { mkdir, readdir as readdir2, readFile as readFile2, rm, stat as stat2, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { basename, join as join2, resolve } from "node:path";
import { buffer } from "node:stream/consumers";

// src/core/map-limited.ts
async function mapLimited(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

// src/core/wal/cluster-identity.ts
import { open, readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
async function readHead(path, length) {
  const handle = await open(path, "r");
  try {
    const buffer2 = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer2, 0, length, 0);
    return buffer2.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
async function readClusterIdentity(pgdata) {
  let control;
  let version;
  try {
    control = await readHead(join(pgdata, "global", "pg_control"), 8);
    version = (await readFile(join(pgdata, "PG_VERSION"), "utf8")).trim();
  } catch (error) {
    throw new WalAreaMismatchError(
      `${pgdata} is not a PostgreSQL data directory: ${error.message}`,
      {
        cause: error,
        hint: "wal-push runs as archive_command inside the data directory; elsewhere pass --pgdata DIR (or set PGDATA)"
      }
    );
  }
  return {
    systemIdentifier: control.readBigUInt64LE(0).toString(),
    pgMajor: version,
    walSegmentSize: await segmentSizeIn(join(pgdata, "pg_wal"))
  };
}
async function segmentSizeIn(walDir) {
  const names = await readdir(walDir).catch(() => []);
  const segment = names.find((n) => /^[0-9A-F]{24}$/.test(n));
  return segment ? (await stat(join(walDir, segment))).size : DEFAULT_SEGMENT_SIZE;
}
function segmentSystemIdentifier(segment) {
  return segment.length >= 32 ? segment.readBigUInt64LE(24).toString() : void 0;
}

// src/core/wal/wal-push.ts
async function walPush(options) {
  const pgdata = resolve(options.pgdata);
  const path = resolve(pgdata, options.path);
  const name = basename(path);
  if (!parseWalFileName(name)) {
    throw new UsageError(`wal-push: ${JSON.stringify(name)} is not a WAL file name`, {
      hint: "use archive_command = 'db-backup wal-push %p' (PostgreSQL substitutes %p)"
    });
  }
  const identity = await readClusterIdentity(pgdata);
  const { sealing } = await prepareWalArea(options.storage, identity, options.encryption);
  const ready = await readyFiles(pgdata, name, options.readyLimit ?? 32);
  const parallel = Math.max(1, options.parallel ?? Math.max(2, availableParallelism()));
  const early = ready.map((n) => ({ name: n, path: join2(pgdata, "pg_wal", n), pgdata, ahead: true }));
  const settled = await mapLimited(
    [{ name, path, pgdata, ahead: false }, ...early],
    parallel,
    (file) => pushFile(options.storage, identity, file, options.log, sealing).then(
      (pushed) => ({ pushed }),
      (error) => ({
        failed: { name: file.name, error: error.message },
        error
      })
    )
  );
  const first = settled[0];
  const rest = settled.slice(1);
  if ("error" in first) throw first.error;
  const requested = first.pushed;
  return {
    requested,
    alsoPushed: rest.flatMap((s) => "pushed" in s ? [s.pushed] : []),
    earlyFailures: rest.flatMap((s) => "failed" in s ? [s.failed] : [])
  };
}
async function readyFiles(pgdata, except, limit) {
  const names = await readdir2(join2(pgdata, "pg_wal", "archive_status")).catch(() => []);
  const ready = new Set(names.filter((n) => n.endsWith(".ready")).map((n) => n.slice(0, -".ready".length)));
  const pushed = await readdir2(join2(pgdata, PUSHED_DIR)).catch(() => []);
  await Promise.all(
    pushed.filter((n) => !ready.has(n) && n !== except).map((n) => rm(join2(pgdata, PUSHED_DIR, n), { force: true }))
  );
  const pushedAhead = new Set(pushed);
  return [...ready].filter((n) => n !== except && !pushedAhead.has(n) && parseWalFileName(n) !== void 0).sort((a, b) => Number(b.endsWith(".history")) - Number(a.endsWith(".history")) || (a < b ? -1 : 1)).slice(0, limit);
}
async function pushFile(storage, identity, file, log, sealing = { keys: NO_KEYS }) {
  const { name, pgdata } = file;
  const key = walObjectKey(identity.systemIdentifier, name, sealing.encryptor !== void 0);
  const markerPath = join2(pgdata, PUSHED_DIR, name);
  const marker = await readPushMarker(pgdata, name);
  const local = await stat2(file.path);
  if (markerMatches(marker, storage.location, local) && marker.key === key) {
    const info = await storage.stat(key);
    if (info?.size === marker.storedSize) {
      if (!file.ahead) await rm(markerPath, { force: true });
      log.debug(`${name} was pushed ahead by an earlier call: nothing to do`);
      return { name, status: "pushed-ahead", rawSize: local.size, storedSize: info.size };
    }
  }
  const raw = await readFile2(file.path);
  const kind = parseWalFileName(name)?.kind;
  if (kind === "segment" || kind === "partial") {
    const sysid = segmentSystemIdentifier(raw);
    if (sysid !== identity.systemIdentifier) {
      throw new WalAreaMismatchError(
        `${name} was written by cluster ${sysid ?? "(unreadable header)"}, not by this data directory's cluster ${identity.systemIdentifier}`,
        {
          hint: "check that archive_command runs for this data directory (pass --pgdata only when it does not run there)"
        }
      );
    }
  }
  let result;
  if (await storage.stat(key)) {
    result = await compareWithArchived(storage, key, name, raw, sealing, log);
  } else {
    const body = await sealWal(raw, sealing.encryptor);
    try {
      await storage.put(key, body, { ifNoneExists: true, expectedSize: body.length });
      result = { name, status: "stored", rawSize: raw.length, storedSize: body.length };
    } catch (error) {
      if (!(error instanceof StorageObjectExistsError)) throw error;
      result = await compareWithArchived(storage, key, name, raw, sealing, log);
    }
  }
  if (file.ahead) {
    const entry = {
      location: storage.location,
      key,
      storedSize: result.storedSize,
      file: { size: local.size, mtimeMs: local.mtimeMs, ino: local.ino }
    };
    await mkdir(join2(pgdata, PUSHED_DIR), { recursive: true });
    await writeFile(markerPath, JSON.stringify(entry));
  } else {
    await rm(markerPath, { force: true });
  }
  return result;
}
async function compareWithArchived(storage, key, name, raw, sealing, log) {
  const existing = await buffer(await storage.get(key));
  const rule = archivedComparisonFor(sealing.encryptor?.record ?? null, sealing.keys);
  const identical = rule === "bytes" ? (await unsealWal(existing, key, sealing.keys)).equals(raw) : (await sealWal(raw, sealing.encryptor)).length === existing.length;
  if (rule === "sealed-length" && identical)
    log.debug(`${name}: compared by sealed length (no identity here to decrypt the archived copy)`);
  if (!identical) {
    throw new WalConflictError(
      `${name} is already archived in ${storage.location} with different content; the archived copy was kept`,
      {
        hint: "two servers may be archiving into one repository, or a restored server reused a timeline: give each its own repository, and check `db-backup wal verify`"
      }
    );
  }
  return { name, status: "already-archived", rawSize: raw.length, storedSize: existing.length };
}
export {
  WAL_ZSTD_LEVEL,
  pushFile,
  walPush
};
