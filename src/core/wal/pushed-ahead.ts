/**
 * Markers of WAL files an earlier `wal-push` pushed ahead of PostgreSQL's own call for them, and the fast path
 * that call takes: when the marker, the local file and the stored object agree, the file is archived and the
 * call needs neither the configuration, nor the cluster's identity, nor the storage SDKs. On a busy server
 * most calls are this one, so it is a Node start and three stats.
 *
 * For a local repository a push ahead also leaves what the archive_command's sh fast path (archive-command.ts)
 * can check without Node: `<name>.seg`, a hard link of the pushed file, and `<name>.obj`, a symlink to the
 * stored object. Every marker of a name is removed together, `.seg` first (it pins 16 MiB).
 */
import { link, readdir, readFile, rm, stat, symlink } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { walFileNameOfKey } from '../repository/keys.ts';
import { localLocation } from '../storage/local-location.ts';

/** Where markers live, relative to the data directory. */
export const PUSHED_DIR = join('pg_wal', '.db-backup-pushed');

const SH_SUFFIXES = ['.seg', '.obj'] as const;

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
    if (!markerMatches(marker, localLocation(root), local) || stored.size !== marker.storedSize) return false;
  } catch {
    return false;
  }
  await removePushMarker(pgdata, name);
  return true;
}

/** Removes every marker of `name` (the sh fast path's links first); missing ones are fine. */
export async function removePushMarker(pgdata: string, name: string): Promise<void> {
  const base = join(pgdata, PUSHED_DIR, name);
  for (const suffix of [...SH_SUFFIXES, '']) await rm(`${base}${suffix}`, { force: true });
}

/**
 * Makes the marker of `name` checkable by the sh fast path: `.obj` -> `objectPath`, then `.seg` as a hard link
 * of `filePath`, kept only when it is still the inode `ino` that was read and stored. Call it only after the
 * object and its directory are durable and the JSON marker is written. Best effort: a filesystem without
 * links just leaves PostgreSQL's call to the Node path.
 */
export async function linkPushedAhead(
  pgdata: string,
  name: string,
  file: { path: string; ino: number },
  objectPath: string,
): Promise<void> {
  const base = join(pgdata, PUSHED_DIR, name);
  try {
    for (const suffix of SH_SUFFIXES) await rm(`${base}${suffix}`, { force: true });
    await symlink(objectPath, `${base}.obj`);
    await link(file.path, `${base}.seg`);
    if ((await stat(`${base}.seg`)).ino !== file.ino) throw new Error('the file was replaced meanwhile');
  } catch {
    for (const suffix of SH_SUFFIXES) await rm(`${base}${suffix}`, { force: true }).catch(() => undefined);
  }
}

/**
 * Removes the markers of every name `keep` rejects (files PostgreSQL has since archived or removed: a stale
 * `.seg` would keep a recycled or deleted segment's disk space) and returns the names whose marker stays.
 */
export async function pruneMarkers(pgdata: string, keep: (name: string) => boolean): Promise<Set<string>> {
  const entries = new Set(await readdir(join(pgdata, PUSHED_DIR)).catch(() => [] as string[]));
  const suffixOf = (entry: string) => SH_SUFFIXES.find((s) => entry.endsWith(s)) ?? '';
  const names = new Set([...entries].map((e) => e.slice(0, e.length - suffixOf(e).length)));
  const stale = [...names].filter((n) => !keep(n));
  await Promise.all(stale.map((n) => removePushMarker(pgdata, n)));
  return new Set([...names].filter((n) => !stale.includes(n) && entries.has(n)));
}
