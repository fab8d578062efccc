/**
 * Storage calls that must answer in bounded time: listing, stat, delete and opening a read. A hung mount or
 * an unresponsive endpoint becomes a StorageError naming the operation instead of a command that never ends.
 * Writes stream for as long as the data takes and are bounded by the backup's own timeout instead.
 */
import { StorageError } from '../errors.ts';
import type { Storage } from './types.ts';

/** The storage, with every metadata call failing after `ms` milliseconds. */
export function withTimeouts(storage: Storage, ms: number): Storage {
  const bounded = <T>(operation: string, call: () => Promise<T>): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new StorageError(
              `${operation} on ${storage.location} did not answer within ${Math.round(ms / 1000)}s`,
              {
                hint: 'check that the storage is reachable (mount, network, endpoint); BACKUP_STORAGE_TIMEOUT_SECONDS raises the limit',
              },
            ),
          ),
        ms,
      );
      timer.unref();
    });
    return Promise.race([call(), timeout]).finally(() => clearTimeout(timer));
  };
  const wrapped: Storage = {
    location: storage.location,
    put: (key, body, options) => storage.put(key, body, options),
    get: (key) => bounded(`reading ${key}`, () => storage.get(key)),
    stat: (key) => bounded(`stat of ${key}`, () => storage.stat(key)),
    list: (prefix) => bounded(`listing ${prefix || '/'}`, () => storage.list(prefix)),
    delete: (key) => bounded(`deleting ${key}`, () => storage.delete(key)),
    // Opening the staged file is bounded; the writing, like put's, is not.
    stageFile: storage.stageFile
      ? (key, options) => bounded(`creating ${key}`, () => storage.stageFile!(key, options))
      : undefined,
  };
  // Keep what callers probe for on the underlying backend (the local root, bucket-root refusal).
  return Object.assign(Object.create(storage) as Storage, wrapped);
}
