import { execFileSync } from 'node:child_process';
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
  it('reports damage', async () => {
    const sealed = await sealBuffer(raw, { level: 1 });
    sealed.body[sealed.body.length - 2]! ^= 0xff;
    await expect(unsealBuffer(sealed.body, 'wal/x')).rejects.toThrow(/wal\/x is damaged/);
  });
});
