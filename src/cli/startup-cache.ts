/**
 * Node's compile cache keeps V8's compiled code of the CLI bundle between runs, which takes about a quarter of
 * the start-up time off every command. It lives in a directory private to the user: code loaded from a
 * directory others can write would be theirs to choose, so a shared location is never used.
 */
import { mkdirSync, statSync } from 'node:fs';
import { enableCompileCache } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** `$XDG_CACHE_HOME/db-backup/node-compile-cache` (default `~/.cache/...`), or undefined without a home. */
export function startupCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const base = env.XDG_CACHE_HOME || (homedir() ? join(homedir(), '.cache') : undefined);
  return base ? join(base, 'db-backup', 'node-compile-cache') : undefined;
}

/** Whether `dir` exists, belongs to this user and is writable by nobody else. */
export function isPrivateDirectory(dir: string): boolean {
  try {
    const info = statSync(dir);
    return info.isDirectory() && info.uid === process.getuid?.() && (info.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

/**
 * Turns the compile cache on when a private directory for it exists or can be made; otherwise (read-only home,
 * foreign owner, NODE_DISABLE_COMPILE_CACHE) runs without it. Never throws: the cache only saves time.
 */
export function enableStartupCache(env: NodeJS.ProcessEnv = process.env): void {
  if (env.NODE_COMPILE_CACHE) return; // Node already uses the directory the user chose.
  const dir = startupCacheDir(env);
  if (!dir) return;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch {
    return;
  }
  if (isPrivateDirectory(dir)) enableCompileCache(dir);
}
