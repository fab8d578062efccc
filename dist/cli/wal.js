#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import "./wal-chunks/chunk-F5XNGLJN.js";

// src/cli/startup-cache.ts
import { mkdirSync, statSync } from "node:fs";
import { enableCompileCache } from "node:module";
import { homedir, tmpdir } from "node:os";
import { dirname, join } from "node:path";
function startupCacheDir(env = process.env) {
  const base = env.XDG_CACHE_HOME || (homedir() ? join(homedir(), ".cache") : void 0);
  return base ? join(base, "db-backup", "node-compile-cache") : void 0;
}
function startupCacheDirs(env = process.env) {
  const fromHome = startupCacheDir(env);
  const uid = process.getuid?.();
  const inTemp = uid === void 0 ? void 0 : join(tmpdir(), `db-backup-${uid}`, "node-compile-cache");
  return [fromHome, inTemp].filter((dir) => dir !== void 0);
}
function isPrivateDirectory(dir) {
  try {
    const info = statSync(dir);
    return info.isDirectory() && info.uid === process.getuid?.() && (info.mode & 18) === 0;
  } catch {
    return false;
  }
}
function enableStartupCache(env = process.env) {
  if (env.NODE_COMPILE_CACHE) return;
  for (const dir of startupCacheDirs(env)) {
    try {
      mkdirSync(dir, { recursive: true, mode: 448 });
    } catch {
      continue;
    }
    if (isPrivateDirectory(dir) && isPrivateDirectory(dirname(dir))) {
      enableCompileCache(dir);
      return;
    }
  }
}

// src/cli/wal.ts
enableStartupCache();
var { exitOnSignals, parseWalArgs, runWalCommand } = await import("./wal-chunks/wal-runner-5I2SL2SJ.js");
var parsed = parseWalArgs(process.argv);
if (!parsed) {
  process.stderr.write("usage: wal.js wal-push %p | wal-fetch %f %p  [--storage LOCATION] [--config FILE]\n");
  process.exitCode = 2;
} else {
  if (parsed.command === "wal-fetch") exitOnSignals();
  process.exitCode = await runWalCommand(parsed);
}
