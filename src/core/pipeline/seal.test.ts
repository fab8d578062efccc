import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { constants, zstdCompress } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { sealBuffer, unsealBuffer } from './seal.ts';

describe('sealBuffer', () => {
  const raw = Buffer.from('row 1, some WAL-like bytes\n'.repeat(20000));
  it('round-trips, and the stock zstd CLI reads what it stores', async () => {
    const sealed = await sealBuffer(raw, { level: 1 });
    expect(sealed.stored.size).toBeLessThan(raw.length / 10);
    expect(sealed.raw.size).toBe(raw.length);
    expect((await unsealBuffer(sealed.body, 'x')).equals(raw)).toBe(true);
    expect(execFileSync('zstd', ['-q', '-d', '-c'], { input: sealed.body }).equals(raw)).toBe(true);
  });
  it('is deterministic, so an identical re-push is recognised without decompressing', async () => {
    expect((await sealBuffer(raw, { level: 1 })).stored).toEqual(
      (await sealBuffer(raw, { level: 1 })).stored,
    );
  });
  it("stores exactly the bytes zlib's zstdCompress gives, whatever its output chunk size (archived WAL compares by length)", async () => {
    // A 16 MiB segment-like mix: text, zero pages and incompressible runs.
    const segment = Buffer.alloc(16 * 1024 * 1024);
    for (let at = 0; at < segment.length; at += 1 << 16) {
      if ((at >> 16) % 3 === 0) segment.write('INSERT row payload '.repeat(3000), at);
      else if ((at >> 16) % 3 === 1) randomBytes(1 << 15).copy(segment, at);
    }
    const params = {
      [constants.ZSTD_c_compressionLevel]: 1,
      [constants.ZSTD_c_checksumFlag]: 1,
      [constants.ZSTD_c_contentSizeFlag]: 1,
    };
    const { body } = await sealBuffer(segment, { level: 1, digests: false });
    for (const chunkSize of [16 * 1024, 1 << 20]) {
      expect(body.equals(await promisify(zstdCompress)(segment, { chunkSize, params }))).toBe(true);
    }
  });
  it('reports damage', async () => {
    const sealed = await sealBuffer(raw, { level: 1 });
    sealed.body[sealed.body.length - 2]! ^= 0xff;
    await expect(unsealBuffer(sealed.body, 'wal/x')).rejects.toThrow(/wal\/x is damaged/);
  });
});
