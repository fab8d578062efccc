import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  localLocation
} from "./chunk-IHOISL7K.js";
import {
  walFileNameOfKey
} from "./chunk-GOB2Q2UI.js";

// src/core/wal/pushed-ahead.ts
import { link, readdir, readFile, rm, stat, symlink } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
var PUSHED_DIR = join("pg_wal", ".db-backup-pushed");
var SH_SUFFIXES = [".seg", ".obj"];
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
    if (!markerMatches(marker, localLocation(root), local) || stored.size !== marker.storedSize) return false;
  } catch {
    return false;
  }
  await removePushMarker(pgdata, name);
  return true;
}
async function removePushMarker(pgdata, name) {
  const base = join(pgdata, PUSHED_DIR, name);
  for (const suffix of [...SH_SUFFIXES, ""]) await rm(`${base}${suffix}`, { force: true });
}
async function linkPushedAhead(pgdata, name, file, objectPath) {
  const base = join(pgdata, PUSHED_DIR, name);
  try {
    for (const suffix of SH_SUFFIXES) await rm(`${base}${suffix}`, { force: true });
    await symlink(objectPath, `${base}.obj`);
    await link(file.path, `${base}.seg`);
    if ((await stat(`${base}.seg`)).ino !== file.ino) throw new Error("the file was replaced meanwhile");
  } catch {
    for (const suffix of SH_SUFFIXES) await rm(`${base}${suffix}`, { force: true }).catch(() => void 0);
  }
}
async function pruneMarkers(pgdata, keep) {
  const entries = new Set(await readdir(join(pgdata, PUSHED_DIR)).catch(() => []));
  const suffixOf = (entry) => SH_SUFFIXES.find((s) => entry.endsWith(s)) ?? "";
  const names = new Set([...entries].map((e) => e.slice(0, e.length - suffixOf(e).length)));
  const stale = [...names].filter((n) => !keep(n));
  await Promise.all(stale.map((n) => removePushMarker(pgdata, n)));
  return new Set([...names].filter((n) => !stale.includes(n) && entries.has(n)));
}

export {
  PUSHED_DIR,
  readPushMarker,
  markerMatches,
  confirmPushedAheadLocally,
  removePushMarker,
  linkPushedAhead,
  pruneMarkers
};
