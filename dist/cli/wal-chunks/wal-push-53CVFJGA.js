import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  DEFAULT_SEGMENT_SIZE,
  ensureWalArea,
  parseWalFileName,
  sealBuffer,
  unsealBuffer,
  walObjectKey
} from "./chunk-4ALRNYGX.js";
import "./chunk-AL6LR2JQ.js";
import {
  StorageObjectExistsError,
  UsageError,
  WalAreaMismatchError,
  WalConflictError
} from "./chunk-NL2GTLSK.js";
import "./chunk-F5XNGLJN.js";

// src/core/wal/wal-push.ts
import { createHash } from "node:crypto";
import { readdir as readdir2, readFile as readFile2 } from "node:fs/promises";
import { basename, join as join2, resolve } from "node:path";
import { buffer } from "node:stream/consumers";

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
var WAL_ZSTD_LEVEL = 1;
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
  await ensureWalArea(options.storage, identity);
  const ready = await readyFiles(pgdata, name, options.readyLimit ?? 32);
  const parallel = Math.max(1, options.parallel ?? 4);
  const early = ready.map((n) => ({ name: n, path: join2(pgdata, "pg_wal", n) }));
  const requestedPush = pushFile(options.storage, identity, name, path, options.log);
  const settled = await mapLimited(
    early,
    Math.max(1, parallel - 1),
    (file) => pushFile(options.storage, identity, file.name, file.path, options.log).then(
      (pushed) => ({ pushed }),
      (error) => ({ failed: { name: file.name, error: error.message } })
    )
  );
  const requested = await requestedPush;
  return {
    requested,
    alsoPushed: settled.flatMap((s) => "pushed" in s ? [s.pushed] : []),
    earlyFailures: settled.flatMap((s) => "failed" in s ? [s.failed] : [])
  };
}
async function readyFiles(pgdata, except, limit) {
  const names = await readdir2(join2(pgdata, "pg_wal", "archive_status")).catch(() => []);
  return names.filter((n) => n.endsWith(".ready")).map((n) => n.slice(0, -".ready".length)).filter((n) => n !== except && parseWalFileName(n) !== void 0).sort((a, b) => Number(b.endsWith(".history")) - Number(a.endsWith(".history")) || (a < b ? -1 : 1)).slice(0, limit);
}
async function pushFile(storage, identity, name, path, log) {
  const raw = await readFile2(path);
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
  const sealed = await sealBuffer(raw, { level: WAL_ZSTD_LEVEL });
  const key = walObjectKey(identity.systemIdentifier, name);
  const pushed = { name, rawSize: sealed.raw.size, storedSize: sealed.stored.size };
  try {
    await storage.put(key, sealed.body, { ifNoneExists: true, expectedSize: sealed.stored.size });
    return { ...pushed, status: "stored" };
  } catch (error) {
    if (!(error instanceof StorageObjectExistsError)) throw error;
  }
  const existing = await buffer(await storage.get(key));
  const sha256 = (b) => createHash("sha256").update(b).digest("hex");
  const identical = sha256(existing) === sealed.stored.sha256 || sha256(await unsealBuffer(existing, key)) === sealed.raw.sha256;
  if (!identical) {
    throw new WalConflictError(
      `${name} is already archived in ${storage.location} with different content; the archived copy was kept`,
      {
        hint: "two servers may be archiving into one repository, or a restored server reused a timeline: give each its own repository, and check `db-backup wal verify`"
      }
    );
  }
  log.debug(`${name} is already archived (identical), nothing to do`);
  return { ...pushed, status: "already-archived" };
}
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
export {
  WAL_ZSTD_LEVEL,
  pushFile,
  walPush
};
