/**
 * How PostgreSQL runs wal-fetch for the daemon's point-in-time drills: this Node and the small WAL entry of
 * the daemon's own bundle. The daemon is bundled into dist/chunks/ (the CLI loads it lazily) or dist/cli/; the
 * entry is dist/cli/wal.js beside both, and src/cli/wal.ts in a checkout.
 */
import { fileURLToPath } from 'node:url';

/** The WAL entry that sits beside the module at `moduleUrl` (this module's own URL by default). */
export function daemonWalCommand(moduleUrl: string = import.meta.url): { node: string; script: string } {
  // `../cli/wal.js` is right from dist/chunks/ and dist/cli/ alike; never `./wal.js` (the chunks bug).
  const relative = moduleUrl.endsWith('.ts') ? '../cli/wal.ts' : '../cli/wal.js';
  return { node: process.execPath, script: fileURLToPath(new URL(relative, moduleUrl)) };
}
