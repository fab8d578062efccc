import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { isPrivateDirectory, startupCacheDir } from './startup-cache.ts';

const BUNDLE = fileURLToPath(new URL('../../dist/cli/index.js', import.meta.url));
const roots: string[] = [];
const tempRoot = () => {
  const root = mkdtempSync(join(tmpdir(), 'dbb-cache-'));
  roots.push(root);
  return root;
};
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** Runs the bundled CLI's `--version` with a given cache home; the files the cache directory then holds. */
function runWithCacheHome(cacheHome: string): string[] {
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_CACHE_HOME: cacheHome };
  delete env.NODE_COMPILE_CACHE;
  delete env.NODE_DISABLE_COMPILE_CACHE;
  const result = spawnSync(process.execPath, [BUNDLE, '--version'], { env, encoding: 'utf8' });
  expect(result.status).toBe(0);
  const dir = join(cacheHome, 'db-backup', 'node-compile-cache');
  try {
    return readdirSync(dir, { recursive: true }) as string[];
  } catch {
    return [];
  }
}

describe('startup compile cache', () => {
  it('lives under XDG_CACHE_HOME, else ~/.cache', () => {
    expect(startupCacheDir({ XDG_CACHE_HOME: '/x/cache' })).toBe('/x/cache/db-backup/node-compile-cache');
    expect(startupCacheDir({})).toMatch(/\/\.cache\/db-backup\/node-compile-cache$/);
  });

  it('is created private to the user and filled by a run of the CLI', () => {
    const home = tempRoot();
    expect(runWithCacheHome(home).length).toBeGreaterThan(0);
    const dir = join(home, 'db-backup', 'node-compile-cache');
    expect(statSync(dir).mode & 0o077).toBe(0);
    expect(isPrivateDirectory(dir)).toBe(true);
  });

  it('is never used from a directory others can write', () => {
    const home = tempRoot();
    const dir = join(home, 'db-backup', 'node-compile-cache');
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, 0o777);
    expect(isPrivateDirectory(dir)).toBe(false);
    expect(runWithCacheHome(home)).toEqual([]);
  });

  it('is skipped, not fatal, where it cannot be created', () => {
    const home = tempRoot();
    writeFileSync(join(home, 'db-backup'), 'a file where the directory would go');
    expect(runWithCacheHome(home)).toEqual([]);
  });
});

describe('startup compile cache without a usable home', () => {
  it('falls back to a directory of its own in the temp directory, private with its parent', () => {
    const home = tempRoot();
    const temp = tempRoot();
    writeFileSync(join(home, 'db-backup'), 'a file where the directory would go');
    const env: NodeJS.ProcessEnv = { ...process.env, XDG_CACHE_HOME: home, TMPDIR: temp };
    delete env.NODE_COMPILE_CACHE;
    delete env.NODE_DISABLE_COMPILE_CACHE;
    expect(spawnSync(process.execPath, [BUNDLE, '--version'], { env }).status).toBe(0);
    const parent = join(temp, `db-backup-${process.getuid?.()}`);
    const dir = join(parent, 'node-compile-cache');
    expect((readdirSync(dir, { recursive: true }) as string[]).length).toBeGreaterThan(0);
    expect(isPrivateDirectory(parent) && isPrivateDirectory(dir)).toBe(true);
  });

  it('never uses a temp directory whose parent someone else could have prepared', () => {
    const home = tempRoot();
    const temp = tempRoot();
    writeFileSync(join(home, 'db-backup'), 'a file where the directory would go');
    const parent = join(temp, `db-backup-${process.getuid?.()}`);
    mkdirSync(parent);
    chmodSync(parent, 0o777);
    const env: NodeJS.ProcessEnv = { ...process.env, XDG_CACHE_HOME: home, TMPDIR: temp };
    delete env.NODE_COMPILE_CACHE;
    delete env.NODE_DISABLE_COMPILE_CACHE;
    expect(spawnSync(process.execPath, [BUNDLE, '--version'], { env }).status).toBe(0);
    const dir = join(parent, 'node-compile-cache');
    expect(readdirSync(dir, { recursive: true })).toEqual([]);
  });
});
