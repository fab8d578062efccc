import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The absolute path of `name` in PATH (or in `extraDirs` first), or undefined. */
export async function findExecutable(name: string, extraDirs: string[] = []): Promise<string | undefined> {
  const dirs = [...extraDirs, ...(process.env.PATH ?? '').split(delimiter)].filter(Boolean);
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      // Synchronous on purpose: a handful of cached lookups take microseconds, while awaiting each one through
      // the thread pool queued it behind the start-up I/O and delayed every dump by milliseconds.
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}
