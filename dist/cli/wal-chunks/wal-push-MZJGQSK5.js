import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  NO_KEYS,
  WAL_ZSTD_LEVEL,
  archivedComparisonFor,
  prepareWalArea,
  sealWal,
  unsealWal
} from "./chunk-HPDS7ZKZ.js";
import "./chunk-RVK4JI43.js";
import {
  PUSHED_DIR,
  linkPushedAhead,
  markerMatches,
  pruneMarkers,
  readPushMarker,
  removePushMarker
} from "./chunk-PSOB6KPM.js";
import {
  walObjectKey
} from "./chunk-6ZJBLKSQ.js";
import {
  localRootOf
} from "./chunk-ZI4K5DST.js";
import {
  DEFAULT_SEGMENT_SIZE,
  parseWalFileName
} from "./chunk-RXDERO4O.js";
import "./chunk-4TYDSTE7.js";
import "./chunk-NT7NHDDW.js";
import {
  StorageObjectExistsError,
  UsageError,
  WalAreaMismatchError,
  WalConflictError
} from "./chunk-7VKVL3KC.js";
import "./chunk-F5XNGLJN.js";

// src/core/wal/wal-push.ts
import { mkdir, readdir as readdir2, readFile as readFile3, stat as stat2, writeFile } from "node:fs/promises";
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

// src/core/wal/read-buffers.ts
import { open as open2, readFile as readFile2 } from "node:fs/promises";
var ReadBuffers = class {
  free = [];
  /** The whole file at `path`; call `release()` once nothing uses `bytes` any more. */
  async read(path) {
    const handle = await open2(path, "r");
    let buffer2;
    try {
      const { size } = await handle.stat();
      const index = this.free.findIndex((b) => b.length > size);
      buffer2 = index >= 0 ? this.free.splice(index, 1)[0] : Buffer.allocUnsafeSlow(size + 1);
      let length = 0;
      for (; ; ) {
        const { bytesRead } = await handle.read(buffer2, length, buffer2.length - length, length);
        if (bytesRead === 0) break;
        length += bytesRead;
        if (length === buffer2.length) break;
      }
      if (length === buffer2.length) {
        this.free.push(buffer2);
        return { bytes: await readFile2(path), release: () => void 0 };
      }
      const taken = buffer2;
      let released = false;
      return {
        bytes: taken.subarray(0, length),
        release: () => {
          if (!released) this.free.push(taken);
          released = true;
        }
      };
    } catch (error) {
      if (buffer2) this.free.push(buffer2);
      throw error;
    } finally {
      await handle.close();
    }
  }
};

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
  const parallel = Math.max(1, options.parallel ?? availableParallelism() + 2);
  const buffers = new ReadBuffers();
  const early = ready.map((n) => ({ name: n, path: join2(pgdata, "pg_wal", n), pgdata, ahead: true }));
  const settled = await mapLimited(
    [{ name, path, pgdata, ahead: false }, ...early],
    parallel,
    (file) => pushFile(options.storage, identity, file, options.log, sealing, buffers).then(
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
  const pushedAhead = await pruneMarkers(pgdata, (n) => ready.has(n) || n === except);
  return [...ready].filter((n) => n !== except && !pushedAhead.has(n) && parseWalFileName(n) !== void 0).sort((a, b) => Number(b.endsWith(".history")) - Number(a.endsWith(".history")) || (a < b ? -1 : 1)).slice(0, limit);
}
async function pushFile(storage, identity, file, log, sealing = { keys: NO_KEYS }, buffers) {
  const { name, pgdata } = file;
  const key = walObjectKey(identity.systemIdentifier, name, sealing.encryptor !== void 0);
  const markerPath = join2(pgdata, PUSHED_DIR, name);
  const marker = await readPushMarker(pgdata, name);
  const local = await stat2(file.path);
  if (markerMatches(marker, storage.location, local) && marker.key === key) {
    const info = await storage.stat(key);
    if (info?.size === marker.storedSize) {
      if (!file.ahead) await removePushMarker(pgdata, name);
      log.debug(`${name} was pushed ahead by an earlier call: nothing to do`);
      return { name, status: "pushed-ahead", rawSize: local.size, storedSize: info.size };
    }
  }
  const read = buffers ? await buffers.read(file.path) : { bytes: await readFile3(file.path), release() {
  } };
  let result;
  try {
    result = await storeFile(storage, identity, { name, key, raw: read.bytes }, sealing, log);
  } finally {
    read.release();
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
    const root = localRootOf(storage.location);
    if (root)
      await linkPushedAhead(pgdata, name, { path: file.path, ino: local.ino }, join2(root, ...key.split("/")));
  } else {
    await removePushMarker(pgdata, name);
  }
  return result;
}
async function storeFile(storage, identity, file, sealing, log) {
  const { name, key, raw } = file;
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
  if (await storage.stat(key)) return compareWithArchived(storage, key, name, raw, sealing, log);
  const body = await sealWal(raw, sealing.encryptor);
  try {
    await storage.put(key, body, { ifNoneExists: true, expectedSize: body.length });
    return { name, status: "stored", rawSize: raw.length, storedSize: body.length };
  } catch (error) {
    if (!(error instanceof StorageObjectExistsError)) throw error;
    return compareWithArchived(storage, key, name, raw, sealing, log);
  }
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
