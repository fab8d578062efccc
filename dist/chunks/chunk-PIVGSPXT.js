import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);

// src/core/pipeline/find-executable.ts
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
async function findExecutable(name, extraDirs = []) {
  const dirs = [...extraDirs, ...(process.env.PATH ?? "").split(delimiter)].filter(Boolean);
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
    }
  }
  return void 0;
}

export {
  findExecutable
};
