/**
 * Markers of WAL files an earlier `wal-push` pushed ahead of PostgreSQL's own call for them, and the fast path
 * that call takes: when the marker, the local file and the stored object agree, the file is archived and the
 * call needs neither the configuration, nor the cluster's identity, nor the storage SDKs. On a busy server
 * most calls are this one, so it is a Node start and three stats.
 */
import { readFile, rm, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { walFileNameOfKey } from '../repository/keys.ts';

/** Where markers live, relative to the data directory. */
export const PUSHED_DIR = join('pg_wal', '.db-backup-pushed');

export interface PushMarker {
  location: string;
  key: string;
  storedSize: number;
  /** The local file as it was pushed: PostgreSQL never rewrites a ready file in place. */
  file: { size: number; mtimeMs: number; ino: number };
}

/** The marker of `name`, or undefined when there is none (or it is unreadable). */
export async function readPushMarker(pgdata: string, name: string): Promise<PushMarker | undefined> {
  try {
    return JSON.parse(await readFile(join(pgdata, PUSHED_DIR, name), 'utf8')) as PushMarker;
  } catch {
    return undefined;
  }
}

/** Whether the marker still describes `local` (same size, modification time and inode) in `location`. */
export function markerMatches(
  marker: PushMarker | undefined,
  location: string,
  local: { size: number; mtimeMs: number; ino: number },
): marker is PushMarker {
  return (
    marker !== undefined &&
    marker.location === location &&
    marker.file.size === local.size &&
    marker.file.mtimeMs === local.mtimeMs &&
    marker.file.ino === local.ino
  );
}

/**
 * For a repository on a local path (`root`): true, with the marker removed, when `path` (relative to `pgdata`)
 * was pushed ahead there and its object is still stored with the recorded size; false sends the caller down
 * the full path, which checks everything again.
 */
export async function confirmPushedAheadLocally(
  pgdata: string,
  path: string,
  root: string,
): Promise<boolean> {
  const name = basename(path);
  const marker = await readPushMarker(pgdata, name);
  // The key must be this file's object in the WAL area: a marker can never point the check elsewhere.
  if (!marker || walFileNameOfKey(marker.key) !== name) return false;
  try {
    const [local, stored] = await Promise.all([
      stat(resolve(pgdata, path)),
      stat(join(root, ...marker.key.split('/'))),
    ]);
    if (!markerMatches(marker, `file://${root}`, local) || stored.size !== marker.storedSize) return false;
  } catch {
    return false;
  }
  await rm(join(pgdata, PUSHED_DIR, name), { force: true });
  return true;
}
