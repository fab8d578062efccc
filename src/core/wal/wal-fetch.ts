/**
 * `wal-fetch` (restore_command): bring one archived WAL file to where PostgreSQL wants it, and the next few
 * segments into a prefetch cache beside it, so recovery does not wait on one round trip per segment. The
 * cache lives in `pg_wal/.db-backup-prefetch/` (same filesystem: a hit is a rename); its files were checked
 * by zstd's frame checksum when they were unsealed.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { type DecryptKeys, decryptStreamFor } from '../crypto/encryption.ts';
import {
  EncryptionKeyError,
  StorageObjectNotFoundError,
  UsageError,
  WalNotArchivedError,
} from '../errors.ts';
import type { Logger } from '../logger.ts';
import { walObjectKey } from '../repository/keys.ts';
import type { Storage } from '../storage/types.ts';
import { PREFETCH_DIR, takePrefetched } from './prefetch-cache.ts';
import { requireWalArea, walAreaEncryption } from './wal-area.ts';
import { NO_KEYS, unsealWal } from './wal-crypto.ts';
import { nextSegmentNames, parseWalFileName } from './wal-names.ts';

export interface WalFetchOptions {
  storage: Storage;
  /** `%f`: the file name PostgreSQL asks for. */
  name: string;
  /** `%p`: where to put it, relative to the data directory (or absolute). */
  destination: string;
  pgdata: string;
  /** Segments to fetch ahead on a cache miss (0 turns prefetching off). */
  prefetch?: number;
  /** Identities/passphrases for an encrypted repository (BACKUP_ENCRYPTION_IDENTITY[_FILE] in the server's environment). */
  keys?: DecryptKeys;
  log: Logger;
}

/**
 * Fetches `name` to `destination`; WalNotArchivedError when the archive does not have it, EncryptionKeyError
 * (never "not archived") when the repository is encrypted and no configured key can open it.
 */
export async function walFetch(
  options: WalFetchOptions,
): Promise<{ source: 'cache' | 'archive'; prefetched: number }> {
  const parsed = parseWalFileName(options.name);
  if (!parsed) {
    throw new UsageError(`wal-fetch: ${JSON.stringify(options.name)} is not a WAL file name`, {
      hint: "use restore_command = 'db-backup wal-fetch %f %p'",
    });
  }
  const pgdata = resolve(options.pgdata);
  const destination = resolve(pgdata, options.destination);
  const cacheDir = join(pgdata, PREFETCH_DIR);
  if (parsed.kind === 'segment') {
    await dropStaleCache(cacheDir, options.name);
    if (await takePrefetched(pgdata, options.name, destination)) return { source: 'cache', prefetched: 0 };
  }
  const area = await requireWalArea(options.storage);
  const encryption = walAreaEncryption(area);
  const keys = options.keys ?? NO_KEYS;
  if (encryption) {
    // Refuse before fetching: a missing key must stop recovery with an error, not end it as "not archived".
    try {
      decryptStreamFor(encryption, keys);
    } catch (error) {
      if (!(error instanceof EncryptionKeyError)) throw error;
      throw new EncryptionKeyError(`wal-fetch: the archived WAL is encrypted: ${error.message}`, {
        hint: `${error.hint} in the environment of the restored server (restore_command runs there), readable by its OS user`,
      });
    }
  }
  const fetchRaw = async (name: string): Promise<Buffer | undefined> => {
    const key = walObjectKey(area.systemIdentifier, name, encryption !== null);
    try {
      return await unsealWal(await buffer(await options.storage.get(key)), key, keys);
    } catch (error) {
      if (error instanceof StorageObjectNotFoundError) return undefined;
      throw error;
    }
  };
  const ahead =
    parsed.kind === 'segment'
      ? nextSegmentNames(options.name, options.prefetch ?? 8, area.walSegmentSize)
      : [];
  const prefetching = ahead.map(async (name) => {
    const raw = await fetchRaw(name).catch(() => undefined);
    if (!raw) return 0;
    await mkdir(cacheDir, { recursive: true });
    await writeAtomically(join(cacheDir, name), raw);
    return 1;
  });
  const raw = await fetchRaw(options.name);
  if (!raw) {
    await Promise.allSettled(prefetching);
    throw new WalNotArchivedError(`${options.name} is not in the archive at ${options.storage.location}`);
  }
  await writeAtomically(destination, raw);
  const prefetched = (await Promise.allSettled(prefetching)).reduce(
    (n, r) => n + (r.status === 'fulfilled' ? r.value : 0),
    0,
  );
  return { source: 'archive', prefetched };
}

async function writeAtomically(path: string, bytes: Buffer): Promise<void> {
  const temp = join(dirname(path), `.${randomBytes(6).toString('hex')}.tmp`);
  await writeFile(temp, bytes, { mode: 0o600 });
  await rename(temp, path);
}

/** Removes cached segments of the same timeline that sort before `name`: recovery has moved past them. */
async function dropStaleCache(cacheDir: string, name: string): Promise<void> {
  const names = await readdir(cacheDir).catch(() => [] as string[]);
  await Promise.all(
    names
      .filter(
        (n) => (n.startsWith('.') && n.endsWith('.tmp')) || (n.slice(0, 8) === name.slice(0, 8) && n < name),
      )
      .map((n) => rm(join(cacheDir, n), { force: true })),
  );
}
