/**
 * The restore's WAL prefetcher: segments arrive in the cache in order, never more than the window, a damaged
 * object never reaches the cache (restore_command's wal-fetch reports it), and stopAndClean leaves nothing.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempRoot } from '../../../test/helpers/temp-root.ts';
import { silentLogger } from '../logger.ts';
import { sealBuffer } from '../pipeline/seal.ts';
import { walObjectKey } from '../repository/keys.ts';
import { MemoryStorage } from '../storage/memory.ts';
import { PREFETCH_DIR } from '../wal/prefetch-cache.ts';
import { segmentsToPrefetch, startWalPrefetch } from './pitr-prefetch.ts';

const temp = tempRoot('pitr-prefetch');
const SYSTEM = '7000000000000000002';
const names = Array.from({ length: 6 }, (_, i) => `00000001000000000000001${i}`);
const content = (name: string) => Buffer.alloc(64 * 1024, name);

async function waitFor(check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('startWalPrefetch', () => {
  it('fills the cache in order up to the window, refills as recovery takes files, skips damage', async () => {
    const storage = new MemoryStorage();
    for (const name of names) {
      const sealed = await sealBuffer(content(name), { level: 1, digests: false });
      const body = Buffer.from(sealed.body);
      if (name === names[4]) body[body.length - 2]! ^= 0xff; // frame checksum mismatch
      await storage.put(walObjectKey(SYSTEM, name, false), body);
    }
    const pgdata = temp.dir('pgdata');
    const cache = join(pgdata, PREFETCH_DIR);
    const cached = async () =>
      (await readdir(cache).catch(() => [] as string[])).filter((n) => !n.startsWith('.'));
    const prefetcher = startWalPrefetch({
      storage,
      systemIdentifier: SYSTEM,
      encrypted: false,
      keys: { identities: [], passphrases: [] },
      names,
      pgdata,
      window: 3,
      log: silentLogger,
    });
    await waitFor(async () => (await cached()).length === 3);
    await new Promise((r) => setTimeout(r, 100));
    expect((await cached()).sort()).toEqual(names.slice(0, 3)); // the window holds
    expect(await readFile(join(cache, names[0]!))).toEqual(content(names[0]!));
    // Recovery takes the first three: the rest come, except the damaged one.
    for (const name of names.slice(0, 3)) await rm(join(cache, name));
    await waitFor(async () => (await cached()).length === 2);
    await new Promise((r) => setTimeout(r, 100));
    expect((await cached()).sort()).toEqual([names[3], names[5]]);
    await prefetcher.stopAndClean();
    expect(existsSync(cache)).toBe(false);
  });
});

describe('startWalPrefetch with writesAfter', () => {
  it('writes nothing until the server has synced its data directory', async () => {
    const storage = new MemoryStorage();
    for (const name of names.slice(0, 2)) {
      const sealed = await sealBuffer(content(name), { level: 1, digests: false });
      await storage.put(walObjectKey(SYSTEM, name, false), sealed.body);
    }
    const pgdata = temp.dir('pgdata');
    const cache = join(pgdata, PREFETCH_DIR);
    let open = () => {};
    const writesAfter = new Promise<void>((resolve) => {
      open = resolve;
    });
    const prefetcher = startWalPrefetch({
      storage,
      systemIdentifier: SYSTEM,
      encrypted: false,
      keys: { identities: [], passphrases: [] },
      names: names.slice(0, 2),
      pgdata,
      writesAfter,
      log: silentLogger,
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(await readdir(cache)).toEqual([]);
    open();
    await waitFor(async () => (await readdir(cache)).length === 2);
    await prefetcher.stopAndClean();
  });
});

describe('segmentsToPrefetch', () => {
  it('takes the base backup timeline’s segments from its WAL start on, in order', () => {
    expect(
      segmentsToPrefetch(
        [
          '000000010000000000000012',
          '000000010000000000000010',
          '00000001000000000000000F',
          '000000020000000000000011',
          '00000002.history',
          '000000010000000000000011',
        ],
        '000000010000000000000010',
      ),
    ).toEqual(['000000010000000000000010', '000000010000000000000011', '000000010000000000000012']);
  });
});
