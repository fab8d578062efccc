import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  NO_KEYS,
  requireWalArea,
  unsealWal,
  walAreaEncryption
} from "./chunk-HPDS7ZKZ.js";
import {
  decryptStreamFor
} from "./chunk-RVK4JI43.js";
import {
  walObjectKey
} from "./chunk-6ZJBLKSQ.js";
import {
  PREFETCH_DIR,
  takePrefetched
} from "./chunk-OMNLILXJ.js";
import {
  nextSegmentNames,
  parseWalFileName
} from "./chunk-RXDERO4O.js";
import "./chunk-4TYDSTE7.js";
import "./chunk-NT7NHDDW.js";
import {
  EncryptionKeyError,
  StorageObjectNotFoundError,
  UsageError,
  WalNotArchivedError
} from "./chunk-7VKVL3KC.js";
import "./chunk-F5XNGLJN.js";

// src/core/wal/wal-fetch.ts
import { randomBytes } from "node:crypto";
import { mkdir, readdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { buffer } from "node:stream/consumers";
async function walFetch(options) {
  const parsed = parseWalFileName(options.name);
  if (!parsed) {
    throw new UsageError(`wal-fetch: ${JSON.stringify(options.name)} is not a WAL file name`, {
      hint: "use restore_command = 'db-backup wal-fetch %f %p'"
    });
  }
  const pgdata = resolve(options.pgdata);
  const destination = resolve(pgdata, options.destination);
  const cacheDir = join(pgdata, PREFETCH_DIR);
  if (parsed.kind === "segment") {
    await dropStaleCache(cacheDir, options.name);
    if (await takePrefetched(pgdata, options.name, destination)) return { source: "cache", prefetched: 0 };
  }
  const area = await requireWalArea(options.storage);
  const encryption = walAreaEncryption(area);
  const keys = options.keys ?? NO_KEYS;
  if (encryption) {
    try {
      decryptStreamFor(encryption, keys);
    } catch (error) {
      if (!(error instanceof EncryptionKeyError)) throw error;
      throw new EncryptionKeyError(`wal-fetch: the archived WAL is encrypted: ${error.message}`, {
        hint: `${error.hint} in the environment of the restored server (restore_command runs there), readable by its OS user`
      });
    }
  }
  const fetchRaw = async (name) => {
    const key = walObjectKey(area.systemIdentifier, name, encryption !== null);
    try {
      return await unsealWal(await buffer(await options.storage.get(key)), key, keys);
    } catch (error) {
      if (error instanceof StorageObjectNotFoundError) return void 0;
      throw error;
    }
  };
  const ahead = parsed.kind === "segment" ? nextSegmentNames(options.name, options.prefetch ?? 8, area.walSegmentSize) : [];
  const prefetching = ahead.map(async (name) => {
    const raw2 = await fetchRaw(name).catch(() => void 0);
    if (!raw2) return 0;
    await mkdir(cacheDir, { recursive: true });
    await writeAtomically(join(cacheDir, name), raw2);
    return 1;
  });
  const raw = await fetchRaw(options.name);
  if (!raw) {
    await Promise.allSettled(prefetching);
    throw new WalNotArchivedError(`${options.name} is not in the archive at ${options.storage.location}`);
  }
  await writeAtomically(destination, raw);
  const prefetched = (await Promise.allSettled(prefetching)).reduce(
    (n, r) => n + (r.status === "fulfilled" ? r.value : 0),
    0
  );
  return { source: "archive", prefetched };
}
async function writeAtomically(path, bytes) {
  const temp = join(dirname(path), `.${randomBytes(6).toString("hex")}.tmp`);
  await writeFile(temp, bytes, { mode: 384 });
  await rename(temp, path);
}
async function dropStaleCache(cacheDir, name) {
  const names = await readdir(cacheDir).catch(() => []);
  await Promise.all(
    names.filter(
      (n) => n.startsWith(".") && n.endsWith(".tmp") || n.slice(0, 8) === name.slice(0, 8) && n < name
    ).map((n) => rm(join(cacheDir, n), { force: true }))
  );
}
export {
  walFetch
};
