/**
 * Small helpers for running PostgreSQL's server programs from Node: servers refuse root, so as root they run as
 * the `postgres` OS user, and commands PostgreSQL itself runs (archive_command, restore_command) are shell text.
 */
import { BinaryNotFoundError } from '../errors.ts';
import { findExecutable } from '../pipeline/find-executable.ts';

/** Whether this process runs as root (server programs then run as `postgres`). */
export const isRoot = (): boolean => process.getuid?.() === 0;

/** `s` as one single-quoted POSIX shell word. */
export const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * The command and arguments that run `program` as the server's OS user: itself, or through `runuser` as root.
 * `runuser` lives in /usr/sbin, which a root cron or container PATH may lack: without it the server would never
 * start and the failure would be a bare exit code, so its absence is said plainly.
 */
export async function asServerUser(program: string, args: string[]): Promise<[string, string[]]> {
  if (!isRoot()) return [program, args];
  const runuser = await findExecutable('runuser', ['/usr/sbin', '/sbin']);
  if (!runuser) {
    throw new BinaryNotFoundError(
      'runuser not found: as root, PostgreSQL server programs run as the postgres user',
      {
        hint: 'install util-linux (it ships runuser in /usr/sbin), or run db-backup as the postgres user',
      },
    );
  }
  return [runuser, ['-u', 'postgres', '--', program, ...args]];
}
