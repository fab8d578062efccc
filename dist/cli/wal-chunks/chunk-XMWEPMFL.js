import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  walFileNameOfKey
} from "./chunk-6ZJBLKSQ.js";

// src/core/wal/pushed-ahead.ts
import { readFile, rm, stat } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
var PUSHED_DIR = join("pg_wal", ".db-backup-pushed");
async function readPushMarker(pgdata, name) {
  try {
    return JSON.parse(await readFile(join(pgdata, PUSHED_DIR, name), "utf8"));
  } catch {
    return void 0;
  }
}
function markerMatches(marker, location, local) {
  return marker !== void 0 && marker.location === location && marker.file.size === local.size && marker.file.mtimeMs === local.mtimeMs && marker.file.ino === local.ino;
}
async function confirmPushedAheadLocally(pgdata, path, root) {
  const name = basename(path);
  const marker = await readPushMarker(pgdata, name);
  if (!marker || walFileNameOfKey(marker.key) !== name) return false;
  try {
    const [local, stored] = await Promise.all([
      stat(resolve(pgdata, path)),
      stat(join(root, ...marker.key.split("/")))
    ]);
    if (!markerMatches(marker, `file://${root}`, local) || stored.size !== marker.storedSize) return false;
  } catch {
    return false;
  }
  await rm(join(pgdata, PUSHED_DIR, name), { force: true });
  return true;
}

export {
  PUSHED_DIR,
  readPushMarker,
  markerMatches,
  confirmPushedAheadLocally
};
