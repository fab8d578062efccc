/**
 * `wal-push` (archive_command): seal one WAL file into the repository's WAL area, idempotently, and push the
 * other files PostgreSQL has marked ready at the same time, so one Node start serves many segments. It never
 * touches `archive_status`: PostgreSQL marks a file done only after its own archive_command call for it
 * succeeded, which for a file pushed early is a quick "already archived": answered by the archive_command's
 * sh fast path without Node when the repository is local (archive-command.ts), else by pushed-ahead.ts.
 */
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { buffer } from 'node:stream/consumers';
import type { ResolvedEncryption } from '../crypto/encryption.ts';
import { StorageObjectExistsError, UsageError, WalAreaMismatchError, WalConflictError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { mapLimited } from '../map-limited.ts';
import { walObjectKey } from '../repository/keys.ts';
import { localRootOf } from '../storage/local-location.ts';
import type { Storage } from '../storage/types.ts';
import { type ClusterIdentity, readClusterIdentity, segmentSystemIdentifier } from './cluster-identity.ts';
import {
  linkPushedAhead,
  markerMatches,
  PUSHED_DIR,
  type PushMarker,
  pruneMarkers,
  readPushMarker,
  removePushMarker,
} from './pushed-ahead.ts';
import { ReadBuffers } from './read-buffers.ts';
import {
  archivedComparisonFor,
  NO_KEYS,
  prepareWalArea,
  sealWal,
  unsealWal,
  type WalSealing,
} from './wal-crypto.ts';
import { parseWalFileName } from './wal-names.ts';

export { WAL_ZSTD_LEVEL } from './wal-crypto.ts';

/** `pushed-ahead`: an earlier call of this data directory stored it (its marker and the object agree). */
export type PushStatus = 'stored' | 'already-archived' | 'pushed-ahead';

export interface PushedFile {
  name: string;
  status: PushStatus;
  rawSize: number;
  storedSize: number;
}

export interface WalPushOutcome {
  /** The file PostgreSQL asked for. */
  requested: PushedFile;
  /** Other ready files pushed alongside (each still gets its own archive_command call later). */
  alsoPushed: PushedFile[];
  /** Ready files that could not be pushed early; PostgreSQL's own call for them reports the real error. */
  earlyFailures: { name: string; error: string }[];
}

export interface WalPushOptions {
  storage: Storage;
  /** `%p`: the file's path, relative to the data directory (or absolute). */
  path: string;
  /** The data directory (archive_command runs there). */
  pgdata: string;
  /** Files sealed and uploaded at once (the requested one included); default: the cores plus two. */
  parallel?: number;
  /** How many other ready files one call pushes at most. */
  readyLimit?: number;
  /** The configured keys (resolveEncryption): recipients encrypt; the repository decides whether they must. */
  encryption?: Pick<ResolvedEncryption, 'encryptor' | 'keys'>;
  log: Logger;
}

type PoolResult = { pushed: PushedFile } | { failed: { name: string; error: string }; error: unknown };

/** Archives `path` (and other ready files); throws WalConflictError / WalAreaMismatchError, never overwrites. */
export async function walPush(options: WalPushOptions): Promise<WalPushOutcome> {
  const pgdata = resolve(options.pgdata);
  const path = resolve(pgdata, options.path);
  const name = basename(path);
  if (!parseWalFileName(name)) {
    throw new UsageError(`wal-push: ${JSON.stringify(name)} is not a WAL file name`, {
      hint: "use archive_command = 'db-backup wal-push %p' (PostgreSQL substitutes %p)",
    });
  }
  const identity = await readClusterIdentity(pgdata);
  // The repository's encryption rule is checked before anything is written, the WAL area included.
  const { sealing } = await prepareWalArea(options.storage, identity, options.encryption);
  const ready = await readyFiles(pgdata, name, options.readyLimit ?? 32);
  // Two more than the cores: while one file waits for its fsyncs, another compresses.
  const parallel = Math.max(1, options.parallel ?? availableParallelism() + 2);
  const buffers = new ReadBuffers();
  const early = ready.map((n) => ({ name: n, path: join(pgdata, 'pg_wal', n), pgdata, ahead: true }));
  // One pool for the requested file (first in line) and the ready ones: sealing is CPU-bound, so every core
  // works until the queue is empty, and PostgreSQL's next calls find their files done.
  const settled = await mapLimited([{ name, path, pgdata, ahead: false }, ...early], parallel, (file) =>
    pushFile(options.storage, identity, file, options.log, sealing, buffers).then(
      (pushed): PoolResult => ({ pushed }),
      (error: unknown): PoolResult => ({
        failed: { name: file.name, error: (error as Error).message },
        error,
      }),
    ),
  );
  const first = settled[0]!;
  const rest = settled.slice(1);
  if ('error' in first) throw first.error;
  const requested = first.pushed;
  return {
    requested,
    alsoPushed: rest.flatMap((s) => ('pushed' in s ? [s.pushed] : [])),
    earlyFailures: rest.flatMap((s) => ('failed' in s ? [s.failed] : [])),
  };
}

/**
 * Ready files other than `except` not yet pushed ahead, timeline history first (recovery needs them first),
 * then by name. Markers of files PostgreSQL has since archived or removed are dropped on the way.
 */
async function readyFiles(pgdata: string, except: string, limit: number): Promise<string[]> {
  const names = await readdir(join(pgdata, 'pg_wal', 'archive_status')).catch(() => [] as string[]);
  const ready = new Set(names.filter((n) => n.endsWith('.ready')).map((n) => n.slice(0, -'.ready'.length)));
  const pushedAhead = await pruneMarkers(pgdata, (n) => ready.has(n) || n === except);
  return [...ready]
    .filter((n) => n !== except && !pushedAhead.has(n) && parseWalFileName(n) !== undefined)
    .sort((a, b) => Number(b.endsWith('.history')) - Number(a.endsWith('.history')) || (a < b ? -1 : 1))
    .slice(0, limit);
}

/**
 * Seals (compresses; encrypts with `sealing.encryptor`) and stores one file create-only; an existing object is
 * compared (see wal-crypto.ts for the rule without a key), never replaced. `sealing` comes from prepareWalArea.
 */
export async function pushFile(
  storage: Storage,
  identity: ClusterIdentity,
  file: { name: string; path: string; pgdata: string; ahead: boolean },
  log: Logger,
  sealing: WalSealing = { keys: NO_KEYS },
  buffers?: ReadBuffers,
): Promise<PushedFile> {
  const { name, pgdata } = file;
  const key = walObjectKey(identity.systemIdentifier, name, sealing.encryptor !== undefined);
  const markerPath = join(pgdata, PUSHED_DIR, name);
  const marker = await readPushMarker(pgdata, name);
  const local = await stat(file.path);
  if (markerMatches(marker, storage.location, local) && marker.key === key) {
    const info = await storage.stat(key);
    if (info?.size === marker.storedSize) {
      if (!file.ahead) await removePushMarker(pgdata, name);
      log.debug(`${name} was pushed ahead by an earlier call: nothing to do`);
      return { name, status: 'pushed-ahead', rawSize: local.size, storedSize: info.size };
    }
  }
  const read = buffers ? await buffers.read(file.path) : { bytes: await readFile(file.path), release() {} };
  let result: PushedFile;
  try {
    result = await storeFile(storage, identity, { name, key, raw: read.bytes }, sealing, log);
  } finally {
    read.release();
  }
  if (file.ahead) {
    const entry: PushMarker = {
      location: storage.location,
      key,
      storedSize: result.storedSize,
      file: { size: local.size, mtimeMs: local.mtimeMs, ino: local.ino },
    };
    await mkdir(join(pgdata, PUSHED_DIR), { recursive: true });
    await writeFile(markerPath, JSON.stringify(entry));
    // put() returned: the object and its directory are fsynced, so the sh fast path may now answer for it.
    const root = localRootOf(storage.location);
    if (root)
      await linkPushedAhead(pgdata, name, { path: file.path, ino: local.ino }, join(root, ...key.split('/')));
  } else {
    await removePushMarker(pgdata, name);
  }
  return result;
}

/** Checks `raw` is this cluster's, then stores it create-only or compares it with the archived copy. */
async function storeFile(
  storage: Storage,
  identity: ClusterIdentity,
  file: { name: string; key: string; raw: Buffer },
  sealing: WalSealing,
  log: Logger,
): Promise<PushedFile> {
  const { name, key, raw } = file;
  const kind = parseWalFileName(name)?.kind;
  if (kind === 'segment' || kind === 'partial') {
    const sysid = segmentSystemIdentifier(raw);
    if (sysid !== identity.systemIdentifier) {
      throw new WalAreaMismatchError(
        `${name} was written by cluster ${sysid ?? '(unreadable header)'}, not by this data directory's cluster ${identity.systemIdentifier}`,
        {
          hint: 'check that archive_command runs for this data directory (pass --pgdata only when it does not run there)',
        },
      );
    }
  }
  if (await storage.stat(key)) return compareWithArchived(storage, key, name, raw, sealing, log);
  const body = await sealWal(raw, sealing.encryptor);
  try {
    await storage.put(key, body, { ifNoneExists: true, expectedSize: body.length });
    return { name, status: 'stored', rawSize: raw.length, storedSize: body.length };
  } catch (error) {
    if (!(error instanceof StorageObjectExistsError)) throw error;
    return compareWithArchived(storage, key, name, raw, sealing, log);
  }
}

/**
 * The archived copy against ours: identical (content, or a fresh seal's length when this side cannot decrypt)
 * is success, anything else a WalConflictError.
 */
async function compareWithArchived(
  storage: Storage,
  key: string,
  name: string,
  raw: Buffer,
  sealing: WalSealing,
  log: Logger,
): Promise<PushedFile> {
  const existing = await buffer(await storage.get(key));
  const rule = archivedComparisonFor(sealing.encryptor?.record ?? null, sealing.keys);
  const identical =
    rule === 'bytes'
      ? (await unsealWal(existing, key, sealing.keys)).equals(raw)
      : (await sealWal(raw, sealing.encryptor)).length === existing.length;
  if (rule === 'sealed-length' && identical)
    log.debug(`${name}: compared by sealed length (no identity here to decrypt the archived copy)`);
  if (!identical) {
    throw new WalConflictError(
      `${name} is already archived in ${storage.location} with different content; the archived copy was kept`,
      {
        hint: 'two servers may be archiving into one repository, or a restored server reused a timeline: give each its own repository, and check `db-backup wal verify`',
      },
    );
  }
  return { name, status: 'already-archived', rawSize: raw.length, storedSize: existing.length };
}
