/**
 * Small helpers for running PostgreSQL's server programs from Node: servers refuse root, so as root they run as
 * the `postgres` OS user, and commands PostgreSQL itself runs (archive_command, restore_command) are shell text.
 */

/** Whether this process runs as root (server programs then run as `postgres`). */
export const isRoot = (): boolean => process.getuid?.() === 0;

/** `s` as one single-quoted POSIX shell word. */
export const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
