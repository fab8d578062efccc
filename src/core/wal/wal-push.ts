/**
 * `wal-push` (archive_command): seal one WAL file into the repository's WAL area, idempotently, and push the
 * other files PostgreSQL has marked ready at the same time, so one Node start serves many segments. It never
 * touches `archive_status`: PostgreSQL marks a file done only after its own archive_command call for it
 * succeeded, which for a file pushed early is a quick "already archived".
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { StorageObjectExistsError, UsageError, WalAreaMismatchError, WalConflictError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { sealBuffer, unsealBuffer } from '../pipeline/seal.ts';
import { walObjectKey } from '../repository/keys.ts';
import type { Storage } from '../storage/types.ts';
import { type ClusterIdentity, readClusterIdentity, segmentSystemIdentifier } from './cluster-identity.ts';
import { ensureWalArea } from './wal-area.ts';
import { parseWalFileName } from './wal-names.ts';

/** zstd level for WAL: level 1 keeps up with a busy server and still shrinks typical WAL 3-6x. */
export const WAL_ZSTD_LEVEL = 1;

export type PushStatus = 'stored' | 'already-archived';

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
  /** Files sealed and uploaded at once (the requested one included). */
  parallel?: number;
  /** How many other ready files one call pushes at most. */
  readyLimit?: number;
  log: Logger;
}

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
  await ensureWalArea(options.storage, identity);
  const ready = await readyFiles(pgdata, name, options.readyLimit ?? 32);
  const parallel = Math.max(1, options.parallel ?? 4);
  const early = ready.map((n) => ({ name: n, path: join(pgdata, 'pg_wal', n) }));
  const requestedPush = pushFile(options.storage, identity, name, path, options.log);
  const settled = await mapLimited(early, Math.max(1, parallel - 1), (file) =>
    pushFile(options.storage, identity, file.name, file.path, options.log).then(
      (pushed) => ({ pushed }),
      (error: unknown) => ({ failed: { name: file.name, error: (error as Error).message } }),
    ),
  );
  const requested = await requestedPush;
  return {
    requested,
    alsoPushed: settled.flatMap((s) => ('pushed' in s ? [s.pushed] : [])),
    earlyFailures: settled.flatMap((s) => ('failed' in s ? [s.failed] : [])),
  };
}

/** Ready files other than `except`, timeline history first (recovery needs them first), then by name. */
async function readyFiles(pgdata: string, except: string, limit: number): Promise<string[]> {
  const names = await readdir(join(pgdata, 'pg_wal', 'archive_status')).catch(() => [] as string[]);
  return names
    .filter((n) => n.endsWith('.ready'))
    .map((n) => n.slice(0, -'.ready'.length))
    .filter((n) => n !== except && parseWalFileName(n) !== undefined)
    .sort((a, b) => Number(b.endsWith('.history')) - Number(a.endsWith('.history')) || (a < b ? -1 : 1))
    .slice(0, limit);
}

/** Seals and stores one file create-only; an existing object is compared, never replaced. */
export async function pushFile(
  storage: Storage,
  identity: ClusterIdentity,
  name: string,
  path: string,
  log: Logger,
): Promise<PushedFile> {
  const raw = await readFile(path);
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
  const sealed = await sealBuffer(raw, { level: WAL_ZSTD_LEVEL });
  const key = walObjectKey(identity.systemIdentifier, name);
  const pushed = { name, rawSize: sealed.raw.size, storedSize: sealed.stored.size };
  try {
    await storage.put(key, sealed.body, { ifNoneExists: true, expectedSize: sealed.stored.size });
    return { ...pushed, status: 'stored' };
  } catch (error) {
    if (!(error instanceof StorageObjectExistsError)) throw error;
  }
  const existing = await buffer(await storage.get(key));
  const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
  // The same bytes sealed the same way: the common case of a file pushed early. Otherwise (another zstd
  // build or level, later: encryption) the raw content decides.
  const identical =
    sha256(existing) === sealed.stored.sha256 ||
    sha256(await unsealBuffer(existing, key)) === sealed.raw.sha256;
  if (!identical) {
    throw new WalConflictError(
      `${name} is already archived in ${storage.location} with different content; the archived copy was kept`,
      {
        hint: 'two servers may be archiving into one repository, or a restored server reused a timeline: give each its own repository, and check `db-backup wal verify`',
      },
    );
  }
  log.debug(`${name} is already archived (identical), nothing to do`);
  return { ...pushed, status: 'already-archived' };
}

async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
