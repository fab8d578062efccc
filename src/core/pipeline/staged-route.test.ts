/**
 * The direct route (zstd writing a local staged file while Node hashes it behind the writer): large objects
 * read back in several passes, and the size limit and an abort stop every process and leave no file at all.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempRoot } from '../../../test/helpers/temp-root.ts';
import { InterruptedError } from '../errors.ts';
import { LocalStorage } from '../storage/local.ts';
import { dumpToStorage } from './dump-to-storage.ts';

const temp = tempRoot('staged-route');
const zstd = { algorithm: 'zstd', level: 1 } as const;
const filesUnder = (root: string) =>
  readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));

describe('zstd into a staged local file', () => {
  it('hashes an object larger than its read buffer and flush interval exactly as stored', async () => {
    const root = temp.dir('repo');
    const storage = new LocalStorage(root);
    // Incompressible: ~40 MB stored, ten reads of 4 MiB and two background flushes.
    const result = await dumpToStorage({
      producer: { name: 'head', command: 'head', args: ['-c', '40000000', '/dev/urandom'] },
      compression: zstd,
      storage,
      key: 'b/big.zst',
    });
    const onDisk = readFileSync(join(root, 'b', 'big.zst'));
    expect(result.raw.size).toBe(40_000_000);
    expect(result.stored).toEqual({
      size: onDisk.length,
      sha256: createHash('sha256').update(onDisk).digest('hex'),
    });
    expect(filesUnder(root)).toEqual([join(root, 'b', 'big.zst')]);
  });

  it('the size limit stops the writers and leaves no file', async () => {
    const root = temp.dir('repo');
    const started = Date.now();
    await expect(
      dumpToStorage({
        // Would run for a minute if nothing stopped it.
        producer: { name: 'pg_dump', command: 'sh', args: ['-c', 'cat /dev/urandom; sleep 60'] },
        compression: zstd,
        storage: new LocalStorage(root),
        key: 'b/limited.zst',
        maxStoredBytes: 5 << 20,
      }),
    ).rejects.toMatchObject({ code: 'DUMP_FAILED', message: expect.stringMatching(/BACKUP_MAX_SIZE_MB/) });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(filesUnder(root)).toEqual([]);
  });

  it('an abort stops the writers and leaves no file', async () => {
    const root = temp.dir('repo');
    const controller = new AbortController();
    const progress: number[] = [];
    const run = dumpToStorage({
      producer: {
        name: 'pg_dump',
        command: 'sh',
        args: ['-c', 'head -c 3000000 /dev/urandom; exec sleep 60'],
      },
      compression: zstd,
      storage: new LocalStorage(root),
      key: 'b/aborted.zst',
      signal: controller.signal,
      onBytes: (bytes) => {
        progress.push(bytes);
        if (bytes > 0) controller.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(InterruptedError);
    expect(progress[0]).toBeGreaterThan(0);
    expect(filesUnder(root)).toEqual([]);
  });
});
