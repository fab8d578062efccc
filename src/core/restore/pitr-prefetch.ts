/**
 * The restore's own WAL prefetcher. `restore --pitr --start` stays alive until recovery ends anyway; while the
 * restored server starts and replays, it fetches the archived segments recovery will ask for, in order, into
 * wal-fetch's prefetch cache (`pg_wal/.db-backup-prefetch/`), at most `window` files ahead, on the core the
 * replaying startup process leaves free. restore_command's shell fast path then answers nearly every call with
 * a rename, and no call waits for a Node start, a download or a batch of segments fetched ahead.
 *
 * A cached file went through the same unsealing as wal-fetch's (age for an encrypted area, zstd with its frame
 * checksum), so a damaged object never reaches the cache. Every failure here is silent on purpose: a segment
 * this prefetcher could not bring is fetched by restore_command (wal-fetch), which reports it properly.
 */
import { randomBytes } from 'node:crypto';
import { chown, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import type { DecryptKeys } from '../crypto/encryption.ts';
import type { Logger } from '../logger.ts';
import { walObjectKey } from '../repository/keys.ts';
import type { Storage } from '../storage/types.ts';
import { PREFETCH_DIR } from '../wal/prefetch-cache.ts';
import { unsealWal } from '../wal/wal-crypto.ts';

export interface WalPrefetchOptions {
  storage: Storage;
  systemIdentifier: string;
  encrypted: boolean;
  keys: DecryptKeys;
  /** Segment names in the order recovery asks for them. */
  names: string[];
  pgdata: string;
  /** Most files in the cache at once (bounds disk use: 16 MiB each by default). */
  window?: number;
  /** Owner for cached files when this process is root and the server runs as another user. */
  owner?: { uid: number; gid: number };
  /**
   * Nothing is written before this settles (fetching and unsealing go ahead, two files at most): a server
   * starting after a crash or from a base backup fsyncs its whole data directory first, cache included.
   */
  writesAfter?: Promise<void>;
  log: Logger;
}

export interface WalPrefetcher {
  /** Stops fetching (files already cached stay for restore_command). */
  stop(): Promise<void>;
  /** Stops and removes the cache (after promotion nothing reads it). */
  stopAndClean(): Promise<void>;
}

const POLL_MS = 20;

/** Starts prefetching `names` into the cache in the background; see the module comment. */
export function startWalPrefetch(options: WalPrefetchOptions): WalPrefetcher {
  const cacheDir = join(options.pgdata, PREFETCH_DIR);
  const window = Math.max(1, options.window ?? 8);
  const controller = new AbortController();
  const { signal } = controller;
  const aborted = new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
  const sleep = () => new Promise((r) => setTimeout(r, POLL_MS));
  const cachedCount = async () =>
    (await readdir(cacheDir).catch(() => [] as string[])).filter((n) => !n.startsWith('.')).length;

  const fetchOne = async (name: string): Promise<void> => {
    const key = walObjectKey(options.systemIdentifier, name, options.encrypted);
    const raw = await unsealWal(await buffer(await options.storage.get(key)), key, options.keys);
    await Promise.race([options.writesAfter, aborted]);
    if (signal.aborted) return;
    const temp = join(cacheDir, `.${randomBytes(6).toString('hex')}.tmp`);
    await writeFile(temp, raw, { mode: 0o600 });
    if (options.owner) await chown(temp, options.owner.uid, options.owner.gid);
    await rename(temp, join(cacheDir, name));
  };

  const run = async () => {
    await mkdir(cacheDir, { recursive: true });
    // Two in flight: decompression runs on libuv's pool, so one fetch overlaps the other's I/O.
    let next = 0;
    const inFlight = new Set<Promise<void>>();
    while (next < options.names.length && !signal.aborted) {
      if (inFlight.size >= 2 || (await cachedCount()) + inFlight.size >= window) {
        await (inFlight.size >= 2 ? Promise.race(inFlight) : sleep());
        continue;
      }
      const name = options.names[next++]!;
      const task: Promise<void> = fetchOne(name)
        .catch((error: unknown) => {
          options.log.debug(`prefetch of ${name} failed (restore_command fetches it): ${String(error)}`);
        })
        .finally(() => inFlight.delete(task));
      inFlight.add(task);
    }
    await Promise.allSettled(inFlight);
  };
  const running = run().catch((error: unknown) => {
    options.log.debug(`WAL prefetch stopped: ${String(error)}`);
  });

  const stop = async () => {
    controller.abort();
    await running;
  };
  return {
    stop,
    async stopAndClean() {
      await stop();
      await rm(cacheDir, { recursive: true, force: true });
    },
  };
}

/** The segments recovery reads from base backup WAL start `walStart` on: its timeline's archived names from there, sorted. */
export function segmentsToPrefetch(archived: string[], walStart: string): string[] {
  const timeline = walStart.slice(0, 8);
  return archived.filter((n) => /^[0-9A-F]{24}$/.test(n) && n.startsWith(timeline) && n >= walStart).sort();
}
