/** Where the small WAL entry lives next to this CLI: dist/cli/wal.js in the bundle, src/cli/wal.ts in a checkout. */
import { fileURLToPath } from 'node:url';

/** The command PostgreSQL runs for restore_command / archive_command: this Node and the WAL entry, by absolute path. */
export function walEntryCommand(): { node: string; script: string } {
  // Bundled, this code may sit in dist/chunks/ as well as dist/cli/: `../cli/wal.js` is right from both.
  const script = fileURLToPath(
    new URL(import.meta.url.endsWith('.ts') ? './wal.ts' : '../cli/wal.js', import.meta.url),
  );
  return { node: process.execPath, script };
}
