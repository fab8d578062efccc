/**
 * The restore_command a point-in-time restore writes: shell fast paths first, wal-fetch (a Node start) only
 * when they cannot answer.
 *
 *   1. a prefetched segment (pg_wal/.db-backup-prefetch/%f) is taken with a rename;
 *   2. with a local repository, "not archived" (exit 1) is answered from the filesystem when the WAL area's
 *      directory is readable and searchable and holds no object for %f at the moment of the call: the same
 *      test wal-fetch makes (its `get` of that key), so a file archived later is found by a later call.
 *      Recovery asks for several absent files (timeline history probes, the segment after the last one),
 *      each a Node start otherwise. Anything the shell cannot see (a directory it may not read, a remote
 *      repository) goes to wal-fetch, which reports errors as errors (exit 2..125), never as "not archived";
 *   3. with a local repository whose WAL area is not encrypted, an archived file is decompressed by `zstd`
 *      (which checks the frame checksum every stored WAL file carries, as wal-fetch's unsealing does), a
 *      failure exiting 3, never 1. An encrypted area always goes to wal-fetch: age authenticates its files,
 *      and a plain `.zst` beside them is not one wal-fetch would read.
 */
import { isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import { shellQuote } from '../postgres/server-user.ts';
import { PREFETCH_DIR } from '../wal/prefetch-cache.ts';
import type { WalEntry } from '../wal/wal-entry.ts';

export interface RestoreCommandOptions {
  /** Absolute node and WAL entry script paths. */
  walCommand: WalEntry;
  configPath: string;
  /** The repository location pinned with --storage. */
  storage: string;
  /** For a local repository: the absolute directory of the WAL area (`<root>/wal/<system-id>`). */
  localWalDir?: string;
  /** With `localWalDir` and an unencrypted area: the absolute path of `zstd` (fast path 3). */
  zstd?: string;
}

/** restore_command text for postgresql.auto.conf (PostgreSQL placeholders: %f, %p; `%%` is a literal %). */
export function buildRestoreCommand(options: RestoreCommandOptions): string {
  const cached = `${PREFETCH_DIR}/%f`; // a constant path of plain characters: no quoting needed
  const walFetch = [
    'exec',
    shellQuote(options.walCommand.node),
    shellQuote(options.walCommand.script),
    'wal-fetch %f %p --config',
    shellQuote(options.configPath),
    // The location is pinned too: flags beat the environment, whose BACKUP_STORAGE may name another repository.
    '--storage',
    shellQuote(options.storage),
  ].join(' ');
  let local = '';
  if (options.localWalDir) {
    // t: the timeline directory, the first 8 characters of %f (`%%` reaches the shell as one %).
    local =
      `f=%f; t=\${f%%"\${f#????????}"}; a=${shellQuote(options.localWalDir)}; o="$a/$t/$f.zst"; ` +
      'if test -r "$a" && test -x "$a" && { test ! -e "$a/$t" || { test -d "$a/$t" && test -r "$a/$t" && ' +
      'test -x "$a/$t" && test ! -e "$o" && test ! -e "$o.age"; }; }; then exit 1; fi; ';
    if (options.zstd)
      local += `if test -f "$o" && test -r "$o"; then ${shellQuote(options.zstd)} -q -d -f "$o" -o %p || exit 3; exit 0; fi; `;
  }
  return `test -f ${cached} && mv -f ${cached} %p || { ${local}${walFetch}; }`;
}

/**
 * The root wal-fetch resolves `location` (its --storage) to when that is certain from the text alone: an absolute
 * path or a file:/// URL. Undefined for a relative path (wal-fetch resolves it in the data directory) or remote
 * storage.
 */
export function localRepositoryRoot(location: string): string | undefined {
  if (location.startsWith('file:///')) {
    try {
      return fileURLToPath(location);
    } catch {
      return undefined;
    }
  }
  return isAbsolute(location) && !/^[a-z][a-z0-9+.-]*:\/\//i.test(location) ? location : undefined;
}
