/**
 * The direct routes into a local staged file: zstd writing it while Node hashes behind the writer, and zstd's
 * output sealed (age) by Node from a socket's reused buffer. Large objects come out exact, and the size limit
 * and an abort stop every process and leave no file at all.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { tempRoot } from '../../../test/helpers/temp-root.ts';
import { generateIdentity, parseIdentities, parseRecipient } from '../crypto/age/keys.ts';
import { createAgeDecryptStream, createAgeEncryptStream, createAgeSealer } from '../crypto/age/stream.ts';
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

describe('zstd output sealed (age) into a staged local file', () => {
  const { identity, recipient } = generateIdentity();
  const recipients = [parseRecipient(recipient)];
  const encryptor = {
    stream: () => createAgeEncryptStream({ recipients }),
    sealer: () => createAgeSealer({ recipients }),
  };
  const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
  /** The plaintext of a stored object: decrypted by our reader, decompressed by zstd. */
  const opened = async (stored: Buffer) =>
    execFileSync('zstd', ['-dcq'], {
      input: await buffer(
        Readable.from([stored]).pipe(createAgeDecryptStream({ identities: parseIdentities(identity) })),
      ),
      maxBuffer: 1 << 27,
    });

  it.each([
    ['the socket route', undefined],
    ['the stream route (no temp directory for a socket)', '/nonexistent-tmp'],
  ])('%s: the stored bytes decrypt and decompress to the input, digest exact', async (_route, tmp) => {
    const root = temp.dir('repo');
    const input = join(temp.dir('input'), 'raw');
    execFileSync('sh', ['-c', `head -c 12000000 /dev/urandom > ${input}`]);
    const before = process.env.TMPDIR;
    if (tmp) process.env.TMPDIR = tmp;
    try {
      const result = await dumpToStorage({
        producer: { name: 'cat', command: 'cat', args: [input] },
        compression: zstd,
        storage: new LocalStorage(root),
        key: 'b/sealed.zst.age',
        encryptor,
      });
      const onDisk = readFileSync(join(root, 'b', 'sealed.zst.age'));
      expect(result.raw.size).toBe(12_000_000);
      expect(result.stored).toEqual({ size: onDisk.length, sha256: sha256(onDisk) });
      expect(sha256(await opened(onDisk))).toBe(sha256(readFileSync(input)));
      expect(filesUnder(root)).toEqual([join(root, 'b', 'sealed.zst.age')]);
    } finally {
      if (before === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = before;
    }
  });

  it('the size limit and an abort stop the writers and leave no file', async () => {
    const root = temp.dir('repo');
    await expect(
      dumpToStorage({
        producer: { name: 'pg_dump', command: 'sh', args: ['-c', 'cat /dev/urandom; sleep 60'] },
        compression: zstd,
        storage: new LocalStorage(root),
        key: 'b/limited.zst.age',
        encryptor,
        maxStoredBytes: 5 << 20,
      }),
    ).rejects.toMatchObject({ code: 'DUMP_FAILED', message: expect.stringMatching(/BACKUP_MAX_SIZE_MB/) });
    const controller = new AbortController();
    await expect(
      dumpToStorage({
        producer: {
          name: 'pg_dump',
          command: 'sh',
          args: ['-c', 'head -c 3000000 /dev/urandom; exec sleep 60'],
        },
        compression: zstd,
        storage: new LocalStorage(root),
        key: 'b/aborted.zst.age',
        encryptor,
        signal: controller.signal,
        onBytes: () => controller.abort(),
      }),
    ).rejects.toBeInstanceOf(InterruptedError);
    expect(filesUnder(root)).toEqual([]);
  });
});
