/**
 * How PostgreSQL runs wal-push / wal-fetch for the commands we start it with (restore, drills, simulation):
 * this Node and the small WAL entry. Bundled, every caller sits in dist/cli/, dist/action/ or dist/chunks/, and
 * `../cli/wal.js` is right from each (never `./wal.js`: from dist/chunks/ that was a real bug); in a checkout
 * it is src/cli/wal.ts.
 */
import { fileURLToPath } from 'node:url';

/** How PostgreSQL starts wal-push / wal-fetch: a Node binary and the WAL entry script, both absolute. */
export interface WalEntry {
  /** Absolute path of the Node binary. */
  node: string;
  /** Absolute path of the WAL entry (dist/cli/wal.js, src/cli/wal.ts in a checkout). */
  script: string;
}

/** The WAL entry beside the module at `moduleUrl` (this module's own URL by default), run by this Node. */
export function walEntryCommand(moduleUrl: string = import.meta.url): WalEntry {
  const relative = moduleUrl.endsWith('.ts') ? '../../cli/wal.ts' : '../cli/wal.js';
  return { node: process.execPath, script: fileURLToPath(new URL(relative, moduleUrl)) };
}
