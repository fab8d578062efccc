import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  parseWalFileName
} from "./chunk-T2VRPRXO.js";

// src/core/wal/prefetch-cache.ts
import { rename } from "node:fs/promises";
import { join, resolve } from "node:path";
var PREFETCH_DIR = join("pg_wal", ".db-backup-prefetch");
async function takePrefetched(pgdata, name, destination) {
  if (parseWalFileName(name)?.kind !== "segment") return false;
  const root = resolve(pgdata);
  try {
    await rename(join(root, PREFETCH_DIR, name), resolve(root, destination));
    return true;
  } catch {
    return false;
  }
}

export {
  PREFETCH_DIR,
  takePrefetched
};
