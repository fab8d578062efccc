/**
 * Node's compile cache keeps V8's compiled code of the CLI bundle between runs, which takes about a quarter of
 * the start-up time off every command. It lives in a directory private to the user: code loaded from a
 * directory others can write would be theirs to choose, so a shared location is never used.
 */
import { mkdirSync, statSync } from 'node:fs';
import { enableCompileCache } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** `$XDG_CACHE_HOME/db-backup/node-compile-cache` (default `~/.cache/...`), or undefined without a home. */
export function startupCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const base = env.XDG_CACHE_HOME || (homedir() ? join(homedir(), '.cache') : undefined);
  return base ? join(base, 'db-backup', 'node-compile-cache') : undefined;
}

/**
 * Where the cache may live, best first: the user's cache directory, then a per-user directory in the temp
 * directory. The second serves a server's archive_command, which runs as `postgres` often with a HOME it
 * cannot write (another user's, when started through runuser/su without a login).
 */
export function startupCacheDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  const fromHome = startupCacheDir(env);
  const uid = process.getuid?.();
  const inTemp = uid === undefined ? undefined : join(tmpdir(), `db-backup-${uid}`, 'node-compile-cache');
  return [fromHome, inTemp].filter((dir): dir is string => dir !== undefined);
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
 * Turns the compile cache on in the first candidate directory that exists or can be made, private to the user
 * together with its parent (in the shared temp directory, someone else may have made the parent first);
 * otherwise (read-only home and temp, foreign owner, NODE_DISABLE_COMPILE_CACHE) runs without it. Never throws:
 * the cache only saves time.
 */
export function enableStartupCache(env: NodeJS.ProcessEnv = process.env): void {
  if (env.NODE_COMPILE_CACHE) return; // Node already uses the directory the user chose.
  for (const dir of startupCacheDirs(env)) {
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
    } catch {
      continue;
    }
    if (isPrivateDirectory(dir) && isPrivateDirectory(dirname(dir))) {
      enableCompileCache(dir);
      return;
    }
  }
}
