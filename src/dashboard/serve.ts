/**
 * Serves the dashboard's static files (built by `npm run build` into `dist/dashboard/`) from the daemon's
 * port. The files are read once and kept in memory: a few hundred kilobytes, and no disk read per request.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Content types of the files the build writes; anything else is not served. */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** The files a browser may ask for, by URL path. */
export const DASHBOARD_FILES: Record<string, string> = {
  '/': 'index.html',
  '/app.js': 'app.js',
  '/app.css': 'app.css',
};

export interface StaticFile {
  bytes: Buffer;
  contentType: string;
}

/**
 * The `dist/dashboard` directory: next to the sources (`src/dashboard/serve.ts`, tests and `npm run demo`) or
 * above the bundle chunk that holds this code (`dist/cli/chunks/…`, the package and the sidecar image).
 */
export function findDashboardDir(from: string = dirname(fileURLToPath(import.meta.url))): string | undefined {
  let dir = from;
  for (let depth = 0; depth < 5; depth++) {
    const candidate = join(dir, 'dist', 'dashboard');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

/** Loads the dashboard's files once; returns undefined when the build output is missing. */
export function loadDashboardFiles(dir = findDashboardDir()): Map<string, StaticFile> | undefined {
  if (!dir) return undefined;
  const files = new Map<string, StaticFile>();
  for (const [path, name] of Object.entries(DASHBOARD_FILES)) {
    const file = join(dir, name);
    if (!existsSync(file)) return undefined;
    const extension = name.slice(name.lastIndexOf('.'));
    files.set(path, { bytes: readFileSync(file), contentType: CONTENT_TYPES[extension]! });
  }
  return files;
}
