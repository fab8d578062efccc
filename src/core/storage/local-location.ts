/**
 * The location string of a local repository (`Storage.location` of a LocalStorage) in both directions, in one
 * place: markers, the archive_command's fast path and wal-push compare and parse it. Dependency-free, so the
 * WAL entry's fast paths can use it without loading the storage code.
 */

/** The location of the local repository at the absolute path `root` (what LocalStorage.location holds). */
export const localLocation = (root: string): string => `file://${root}`;

/** The root of a local repository's location (the inverse of localLocation), or undefined for a remote one. */
export function localRootOf(location: string): string | undefined {
  return location.startsWith('file:///') ? location.slice('file://'.length) : undefined;
}
