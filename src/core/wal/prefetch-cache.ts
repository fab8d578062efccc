/**
 * The prefetch cache of `wal-fetch`: segments fetched ahead into `pg_wal/.db-backup-prefetch/` (the same
 * filesystem as their destination), each unsealed and checked by zstd's frame checksum before it was written.
 * Taking one is a rename, so PostgreSQL's call for a prefetched segment needs no configuration, no storage
 * and no decompression: the CLI answers it before loading any of them.
 */
import { rename } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseWalFileName } from './wal-names.ts';

export const PREFETCH_DIR = join('pg_wal', '.db-backup-prefetch');

/** Moves the cached copy of segment `name` to `destination` (relative to `pgdata`); false on a miss. */
export async function takePrefetched(pgdata: string, name: string, destination: string): Promise<boolean> {
  if (parseWalFileName(name)?.kind !== 'segment') return false;
  const root = resolve(pgdata);
  try {
    await rename(join(root, PREFETCH_DIR, name), resolve(root, destination));
    return true;
  } catch {
    return false;
  }
}
