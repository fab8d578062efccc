/**
 * One private temp directory per test file, removed after the file's tests (vitest `afterAll`), so a test run
 * leaves nothing in the system temp directory. `dir()` makes a fresh subdirectory for one test.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/** Call at a test file's top level; `prefix` names the file's directory (`dbb-<prefix>-XXXXXX`). */
export function tempRoot(prefix: string): { root: string; dir(name?: string): string } {
  const root = mkdtempSync(join(tmpdir(), `dbb-${prefix}-`));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  let count = 0;
  return {
    root,
    dir(name = 'dir') {
      const path = join(root, `${name}-${count++}`);
      mkdirSync(path);
      return path;
    },
  };
}
