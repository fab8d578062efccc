import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);

// src/core/wal/wal-entry.ts
import { fileURLToPath } from "node:url";
function walEntryCommand(moduleUrl = import.meta.url) {
  const relative = moduleUrl.endsWith(".ts") ? "../../cli/wal.ts" : "../cli/wal.js";
  return { node: process.execPath, script: fileURLToPath(new URL(relative, moduleUrl)) };
}

export {
  walEntryCommand
};
