/**
 * The backup stream and the read stream against each other, for every codec and both routes into storage (a
 * stream into `put`; zstd writing a local staged file itself): what goes in comes out, the recorded sizes and
 * digests are the true ones, and a producer that fails stores nothing.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { tempRoot } from '../../../test/helpers/temp-root.ts';
import { LocalStorage } from '../storage/local.ts';
import { MemoryStorage } from '../storage/memory.ts';
import type { Storage } from '../storage/types.ts';
import type { CompressionAlgorithm } from './compression.ts';
import { dumpToStorage } from './dump-to-storage.ts';
import { readFromStorage } from './storage-to-sink.ts';

const temp = tempRoot('round-trip');

// ~3 MB of text that compresses well but not trivially: a stand-in for pg_dump output.
const SCRIPT =
  'for i in $(seq 1 60000); do echo "row $i, customer $((i * 7919 % 1000)), note abcdefghij $i"; done';
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const storages: [string, () => Storage][] = [
  ['memory', () => new MemoryStorage()],
  ['local', () => new LocalStorage(temp.dir('repo'))],
];

describe.each(
  storages.flatMap(([where, make]) =>
    (['zstd', 'gzip', 'none'] as CompressionAlgorithm[]).map(
      (algorithm) => [algorithm, where, make] as const,
    ),
  ),
)('%s into %s storage', (algorithm, _where, makeStorage) => {
  it('stores, reads back byte-identical, and records the true raw size', async () => {
    const storage = makeStorage();
    const expected = execFileSync('sh', ['-c', SCRIPT], { maxBuffer: 1 << 26 });
    const stored = await dumpToStorage({
      producer: { name: 'sh', command: 'sh', args: ['-c', SCRIPT] },
      compression: { algorithm, level: algorithm === 'gzip' ? 6 : 3 },
      storage,
      key: 'b/obj',
    });
    expect(stored.raw.size).toBe(expected.length);
    // The raw sha256 is recorded only where the raw stream passes through Node (not zstd's OS pipe).
    if (algorithm === 'zstd') expect(stored.raw.sha256).toBeUndefined();
    else expect(stored.raw.sha256).toBe(sha256(expected));
    const info = await storage.stat('b/obj');
    expect(info?.size).toBe(stored.stored.size);
    expect(stored.stored.sha256).toBe(sha256(await buffer(await storage.get('b/obj'))));
    if (algorithm !== 'none') expect(stored.stored.size).toBeLessThan(expected.length / 2);

    // Into a file, as restores read it (the decompressor writes the file itself).
    const path = join(temp.dir('rt'), 'out');
    const toFile = await readFromStorage({
      storage,
      key: 'b/obj',
      compression: algorithm,
      sink: { kind: 'file', path },
      rawDigest: false,
    });
    expect(toFile.stored).toEqual(stored.stored);
    expect(toFile.raw.size).toBe(expected.length);
    expect(sha256(await readFile(path))).toBe(sha256(expected));

    // Through Node, as verify reads it: the raw digest is computed.
    const verified = await readFromStorage({
      storage,
      key: 'b/obj',
      compression: algorithm,
      sink: { kind: 'discard' },
    });
    expect(verified.raw).toEqual({ size: expected.length, sha256: sha256(expected) });
  });

  it('a producer that fails stores nothing and names the producer', async () => {
    const storage = makeStorage();
    await expect(
      dumpToStorage({
        producer: {
          name: 'pg_dump',
          command: 'sh',
          args: ['-c', 'echo partial; echo "pg_dump: error: lost" >&2; exit 1'],
        },
        compression: { algorithm, level: 3 },
        storage,
        key: 'b/obj',
      }),
    ).rejects.toMatchObject({
      code: 'DUMP_FAILED',
      message: expect.stringMatching(/pg_dump exited with code 1/),
    });
    expect(await storage.list('')).toEqual([]);
  });
});
