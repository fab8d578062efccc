/**
 * The archive_command line for wal-push, built in one place (the `wal archive-command` CLI, `wal simulate`, the
 * benchmark and the tests all use it).
 *
 * Into a local repository the line starts with a POSIX sh fast path that answers a file an earlier call pushed
 * ahead without starting Node (a Node start costs about as much as compressing the segment with the zstd CLI),
 * and falls through to `exec node wal.js wal-push %p` in every other case. It says "archived" (exit 0) only
 * when all of these hold (see pushed-ahead.ts, which creates what it tests, after the object and its directory
 * were fsynced):
 *   - `pg_wal/.db-backup-pushed/%f.seg` is the same inode as `%p`: the file PostgreSQL asks about is the very
 *     one that was read and stored (PostgreSQL never rewrites a `.ready` file in place, and it marks it done
 *     only after this call succeeds, so the inode cannot have been recycled in between);
 *   - `…/%f.obj` (a symlink to the stored object) resolves to the same inode as a non-empty
 *     `<repository>/wal/<system-id>/<timeline>/%f.zst[.age]`: the object still exists, under this file's
 *     name, in the WAL area of the repository this command names. That is the Node path's repository-location
 *     check, kept: a marker left by pushes into another repository (a changed configuration, a copied data
 *     directory) never answers for this one. The glob reads only the small `wal/` and `wal/<system-id>/`
 *     directories; the file name is literal, so a WAL directory of a million objects is never listed.
 * It then removes the markers (the hard link keeps a 16 MiB inode alive) and exits 0; if removing fails it
 * falls through too. `%p` and `%f` are PostgreSQL's own file names (hex digits, `.history`, `.partial`,
 * `.backup`): no quoting needed, as in restore_command's prefetch fast path (restore/pitr.ts).
 * Remote repositories have no such fast path: their marker is confirmed by the Node path.
 */
import { shellQuote } from '../postgres/server-user.ts';
import { localRootOf } from '../storage/local-location.ts';
import { PUSHED_DIR } from './pushed-ahead.ts';
import type { WalEntry } from './wal-entry.ts';

/** A path as one shell word of archive_command text, where PostgreSQL reads `%%` as a literal `%`. */
const word = (path: string): string => shellQuote(path.replace(/%/g, '%%'));

/**
 * The archive_command text (shell, with PostgreSQL's `%p`/`%f`/`%%`) for `location`, a Storage location
 * (`file:///abs/path` or a remote URL): the sh fast path plus the Node fallback for a local repository, the
 * Node call alone otherwise. `envPrefix` words (already quoted) run the Node fallback under `env …`; a
 * `configFile` (absolute) is passed on to it. The location is pinned with `--storage`.
 */
export function archiveCommand(
  entry: WalEntry,
  location: string,
  options: { envPrefix?: string[]; configFile?: string } = {},
): string {
  const root = localRootOf(location);
  const { envPrefix = [], configFile } = options;
  const node = [
    ...(envPrefix.length ? ['env', ...envPrefix] : []),
    word(entry.node),
    word(entry.script),
    'wal-push %p',
    ...(configFile ? ['--config', word(configFile)] : []),
    '--storage',
    word(root ?? location),
  ].join(' ');
  if (!root) return node;
  const objects = ['.zst', '.zst.age'].map((ext) => `${word(root)}/wal/*/*/%f${ext}`).join(' ');
  return [
    `d=${PUSHED_DIR}/%f;`, // a constant relative path of plain characters (archive_command runs in PGDATA)
    `for o in ${objects}; do`,
    '[ -s "$o" ] && [ "$o" -ef "$d.obj" ] && [ "$d.seg" -ef %p ] && rm -f "$d.seg" "$d.obj" "$d" && exit 0;',
    'done;',
    `exec ${node}`,
  ].join(' ');
}

/** `command` as a postgresql.conf line (single quotes doubled, as the server's configuration parser wants). */
export function archiveCommandSetting(command: string): string {
  return `archive_command = '${command.replace(/'/g, "''")}'`;
}
