/**
 * readIntoProcess: the decompressor feeds the sink process through an OS pipe. What goes in comes out, the
 * stored digest is the true one, damage is named as damage, and a failing sink is the sink's failure.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempRoot } from '../../../test/helpers/temp-root.ts';
import { MemoryStorage } from '../storage/memory.ts';
import { childSucceeded } from './child.ts';
import type { CompressionAlgorithm } from './compression.ts';
import { readIntoProcess } from './storage-to-sink.ts';

const temp = tempRoot('read-into-process');
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const RAW = execFileSync(
  'sh',
  [
    '-c',
    'for i in $(seq 1 40000); do echo "row $i, customer $((i * 7919 % 1000)), note abcdefghij $i"; done',
  ],
  { maxBuffer: 1 << 26 },
);
const compressed = (algorithm: CompressionAlgorithm) =>
  algorithm === 'none' ? RAW : execFileSync(algorithm, ['-c'], { input: RAW, maxBuffer: 1 << 26 });

describe.each<CompressionAlgorithm>(['zstd', 'gzip', 'none'])('%s', (algorithm) => {
  it('delivers the raw bytes to the sink and hashes the stored ones', async () => {
    const storage = new MemoryStorage();
    const body = compressed(algorithm);
    await storage.put('b/obj', body);
    const out = join(temp.dir('out'), 'raw');
    const result = await readIntoProcess({
      storage,
      key: 'b/obj',
      compression: algorithm,
      sink: { kind: 'process', name: 'sh', command: 'sh', args: ['-c', `cat > '${out}'; echo done`] },
    });
    expect(childSucceeded(result.sinkResult)).toBe(true);
    expect(result.sinkResult.stdout).toBe('done\n');
    expect(result.stored).toEqual({ size: body.length, sha256: sha256(body) });
    expect(sha256(await readFile(out))).toBe(sha256(RAW));
  });
});

describe('readIntoProcess failures', () => {
  it('names damaged compressed data as unreadable, not as the sink failing', async () => {
    const storage = new MemoryStorage();
    const body = Buffer.from(compressed('zstd'));
    body[Math.floor(body.length / 2)]! ^= 0xff;
    await storage.put('b/obj', body);
    await expect(
      readIntoProcess({
        storage,
        key: 'b/obj',
        compression: 'zstd',
        sink: { kind: 'process', name: 'cat', command: 'sh', args: ['-c', 'cat > /dev/null'] },
      }),
    ).rejects.toMatchObject({
      code: 'VERIFICATION_FAILED',
      message: expect.stringMatching(/cannot read b\/obj/),
    });
  });

  it('returns a sink that fails early as the sink’s failure (the decompressor only lost its reader)', async () => {
    const storage = new MemoryStorage();
    await storage.put('b/obj', compressed('zstd'));
    const result = await readIntoProcess({
      storage,
      key: 'b/obj',
      compression: 'zstd',
      sink: {
        kind: 'process',
        name: 'sh',
        command: 'sh',
        args: ['-c', 'head -c 10 > /dev/null; echo full >&2; exit 4'],
      },
    });
    expect(result.sinkResult.code).toBe(4);
    expect(result.sinkResult.stderr).toMatch(/full/);
  });
});
