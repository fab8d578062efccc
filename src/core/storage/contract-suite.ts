/**
 * The storage contract (see types.ts), checked for every backend by one suite. A backend test file calls
 * `describeStorageContract` with a factory; nothing else is needed to hold a new backend to the contract.
 */
import { randomBytes } from 'node:crypto';
import { writeSync } from 'node:fs';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { StorageError, StorageObjectExistsError, StorageObjectNotFoundError } from '../errors.ts';
import type { StagedFile, Storage } from './types.ts';

export interface StorageFixture {
  storage: Storage;
  cleanup(): Promise<void>;
}

/** A stream that yields `chunks` then fails, like a pg_dump dying mid-backup. */
function failingStream(chunks: number): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent++ < chunks) this.push(randomBytes(64 * 1024));
      else this.destroy(new Error('producer died'));
    },
  });
}

async function read(storage: Storage, key: string): Promise<Buffer> {
  return buffer(await storage.get(key));
}

/** Writes `text` through a staged file's descriptor, as a child process given it as stdout would. */
function writeStaged(staged: StagedFile, text: string | Buffer): void {
  writeSync(staged.fd, typeof text === 'string' ? Buffer.from(text) : text);
}

/**
 * Registers the contract suite for one backend; `stagesFiles` adds the `stageFile` part for backends that
 * offer it (and checks that they do).
 */
export function describeStorageContract(
  name: string,
  makeStorage: () => Promise<StorageFixture>,
  options: { stagesFiles?: boolean } = {},
): void {
  describe(`storage contract: ${name}`, () => {
    const withStorage = (fn: (s: Storage) => Promise<void>) => async () => {
      const fixture = await makeStorage();
      try {
        await fn(fixture.storage);
      } finally {
        await fixture.cleanup();
      }
    };

    it(
      'round-trips Buffers, strings, streams, large streams and empty objects',
      withStorage(async (s) => {
        const big = randomBytes(5 * 1024 * 1024 + 17);
        await s.put('a/buffer', Buffer.from('buffer body'));
        await s.put('a/string', 'string body ✓');
        await s.put('a/stream', Readable.from([Buffer.from('str'), Buffer.from('eam')]));
        await s.put('a/big', Readable.from([big.subarray(0, 1_000_000), big.subarray(1_000_000)]));
        await s.put('a/empty', Buffer.alloc(0));
        expect((await read(s, 'a/buffer')).toString()).toBe('buffer body');
        expect((await read(s, 'a/string')).toString()).toBe('string body ✓');
        expect((await read(s, 'a/stream')).toString()).toBe('stream');
        expect((await read(s, 'a/big')).equals(big)).toBe(true);
        expect((await read(s, 'a/empty')).length).toBe(0);
        expect(await s.stat('a/big')).toMatchObject({ key: 'a/big', size: big.length });
      }),
    );

    it(
      'put replaces an existing object unless ifNoneExists',
      withStorage(async (s) => {
        await s.put('k', 'one');
        await s.put('k', 'two');
        expect((await read(s, 'k')).toString()).toBe('two');
        await expect(s.put('k', 'three', { ifNoneExists: true })).rejects.toBeInstanceOf(
          StorageObjectExistsError,
        );
        expect((await read(s, 'k')).toString()).toBe('two');
        await s.put('fresh', 'x', { ifNoneExists: true });
        expect((await read(s, 'fresh')).toString()).toBe('x');
      }),
    );

    it(
      'of concurrent ifNoneExists puts exactly one wins',
      withStorage(async (s) => {
        const results = await Promise.allSettled(
          Array.from({ length: 8 }, (_, i) => s.put('race', `writer ${i}`, { ifNoneExists: true })),
        );
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const r of results)
          if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(StorageObjectExistsError);
        expect((await read(s, 'race')).toString()).toMatch(/^writer \d$/);
      }),
    );

    it(
      'a failing body stores nothing and lists nothing',
      withStorage(async (s) => {
        await expect(s.put('broken/object', failingStream(4))).rejects.toThrow(/producer died/);
        expect(await s.stat('broken/object')).toBeUndefined();
        expect(await s.list('broken/')).toEqual([]);
        expect(await s.list('')).toEqual([]);
        await s.put('broken/object', 'old');
        await expect(s.put('broken/object', failingStream(2))).rejects.toThrow(/producer died/);
        expect((await read(s, 'broken/object')).toString()).toBe('old');
      }),
    );

    it(
      'get and stat of a missing key',
      withStorage(async (s) => {
        await expect(s.get('missing/key')).rejects.toBeInstanceOf(StorageObjectNotFoundError);
        expect(await s.stat('missing/key')).toBeUndefined();
      }),
    );

    it(
      'list is a sorted plain-prefix listing, empty when nothing matches',
      withStorage(async (s) => {
        for (const key of ['b/2', 'a/1', 'b/1', 'b/10/x', 'bb/1', 'c']) await s.put(key, key);
        expect((await s.list('b/')).map((o) => o.key)).toEqual(['b/1', 'b/10/x', 'b/2']);
        expect((await s.list('b')).map((o) => o.key)).toEqual(['b/1', 'b/10/x', 'b/2', 'bb/1']);
        expect((await s.list('b/1')).map((o) => o.key)).toEqual(['b/1', 'b/10/x']);
        expect((await s.list('')).map((o) => o.key)).toEqual(['a/1', 'b/1', 'b/10/x', 'b/2', 'bb/1', 'c']);
        expect(await s.list('nothing/')).toEqual([]);
        const [first] = await s.list('a/');
        expect(first).toMatchObject({ key: 'a/1', size: 3 });
        expect(first!.modified).toBeInstanceOf(Date);
      }),
    );

    it(
      'delete is idempotent',
      withStorage(async (s) => {
        await s.put('d/x', 'x');
        await s.delete('d/x');
        await s.delete('d/x');
        await s.delete('never/existed');
        expect(await s.stat('d/x')).toBeUndefined();
        expect(await s.list('d/')).toEqual([]);
      }),
    );

    it.each(['../x', 'a/../b', '/abs', 'a\\b', 'a//b', '', 'a/./b', 'nul\0byte', 'trailing/'])(
      'rejects the hostile key %j',
      async (key) => {
        const fixture = await makeStorage();
        try {
          await expect(fixture.storage.put(key, 'x')).rejects.toBeInstanceOf(StorageError);
          await expect(fixture.storage.get(key)).rejects.toBeInstanceOf(StorageError);
          await expect(fixture.storage.delete(key)).rejects.toBeInstanceOf(StorageError);
          if (options.stagesFiles)
            await expect(fixture.storage.stageFile!(key)).rejects.toBeInstanceOf(StorageError);
        } finally {
          await fixture.cleanup();
        }
      },
    );

    if (options.stagesFiles) describeStagedFiles(withStorage);
  });
}

function describeStagedFiles(withStorage: (fn: (s: Storage) => Promise<void>) => () => Promise<void>): void {
  describe('stageFile', () => {
    it(
      'is invisible until commit, readable while written, then visible whole',
      withStorage(async (s) => {
        const staged = await s.stageFile!('st/object');
        const body = randomBytes(3 * 1024 * 1024 + 5);
        writeStaged(staged, body.subarray(0, 1000));
        const head = Buffer.alloc(4096);
        expect(await staged.read(head, 0)).toBe(1000);
        expect(head.subarray(0, 1000).equals(body.subarray(0, 1000))).toBe(true);
        writeStaged(staged, body.subarray(1000));
        expect(await staged.read(head, body.length)).toBe(0);
        await staged.flush();
        expect(await s.stat('st/object')).toBeUndefined();
        expect(await s.list('')).toEqual([]);
        await staged.commit();
        expect((await read(s, 'st/object')).equals(body)).toBe(true);
        expect((await s.list('')).map((o) => o.key)).toEqual(['st/object']);
        await staged.discard(); // after commit: closes nothing twice, removes nothing
        expect((await read(s, 'st/object')).equals(body)).toBe(true);
      }),
    );

    it(
      'discard leaves nothing, and an existing object unchanged',
      withStorage(async (s) => {
        await s.put('st/kept', 'old');
        for (const key of ['st/new', 'st/kept']) {
          const staged = await s.stageFile!(key);
          writeStaged(staged, 'partial');
          await staged.discard();
          await staged.discard();
        }
        expect(await s.stat('st/new')).toBeUndefined();
        expect((await read(s, 'st/kept')).toString()).toBe('old');
        expect((await s.list('')).map((o) => o.key)).toEqual(['st/kept']);
      }),
    );

    it(
      'commit replaces, unless ifNoneExists, which refuses and keeps the existing object',
      withStorage(async (s) => {
        await s.put('st/k', 'one');
        const replacing = await s.stageFile!('st/k');
        writeStaged(replacing, 'two');
        await replacing.commit();
        expect((await read(s, 'st/k')).toString()).toBe('two');
        const refused = await s.stageFile!('st/k', { ifNoneExists: true });
        writeStaged(refused, 'three');
        await expect(refused.commit()).rejects.toBeInstanceOf(StorageObjectExistsError);
        await refused.discard();
        expect((await read(s, 'st/k')).toString()).toBe('two');
        expect((await s.list('')).map((o) => o.key)).toEqual(['st/k']);
      }),
    );

    it(
      "names a writer's full-disk complaint as a storage error, and nothing else",
      withStorage(async (s) => {
        const staged = await s.stageFile!('st/full');
        try {
          const full = staged.writeFailure(
            'zstd: error 70 : Write error : cannot write block : No space left on device',
          );
          expect(full).toBeInstanceOf(StorageError);
          expect(full?.message).toMatch(/disk full/);
          expect(staged.writeFailure('zstd: error 1 : Incorrect parameter')).toBeUndefined();
        } finally {
          await staged.discard();
        }
      }),
    );
  });
}
