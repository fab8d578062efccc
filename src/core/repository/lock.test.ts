import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { LockHeldError } from '../errors.ts';
import { MemoryStorage } from '../storage/memory.ts';
import { lockKey } from './keys.ts';
import { acquireLock } from './lock.ts';

describe('backup lock', () => {
  it('a live holder blocks a second taker; release frees it', async () => {
    const storage = new MemoryStorage();
    const held = await acquireLock(storage, 'app');
    await expect(acquireLock(storage, 'app')).rejects.toBeInstanceOf(LockHeldError);
    await expect(acquireLock(storage, 'app')).rejects.toThrow(new RegExp(`pid ${process.pid}`));
    await held.release();
    const again = await acquireLock(storage, 'app');
    await again.release();
    expect(await storage.list('locks/')).toEqual([]);
  });

  it('locks of different databases are independent', async () => {
    const storage = new MemoryStorage();
    const a = await acquireLock(storage, 'app');
    const b = await acquireLock(storage, 'crm');
    await Promise.all([a.release(), b.release()]);
  });

  it('a lock left by a dead process on this host is taken over', async () => {
    const storage = new MemoryStorage();
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    await storage.put(
      lockKey('app'),
      JSON.stringify({
        pid: dead,
        hostname: (await import('node:os')).hostname(),
        acquiredAt: new Date().toISOString(),
        heartbeatAt: new Date().toISOString(),
        token: 'old',
      }),
    );
    const lock = await acquireLock(storage, 'app');
    await lock.release();
  });

  it('a lock with a stale heartbeat is taken over; a fresh one from another host is not', async () => {
    const storage = new MemoryStorage();
    const body = (heartbeatAt: string) =>
      JSON.stringify({ pid: 1, hostname: 'other-host', acquiredAt: heartbeatAt, heartbeatAt, token: 'x' });
    await storage.put(lockKey('app'), body('2026-11-22T00:00:00Z'));
    await expect(
      acquireLock(storage, 'app', { now: () => new Date('2026-11-22T00:05:00Z') }),
    ).rejects.toBeInstanceOf(LockHeldError);
    const lock = await acquireLock(storage, 'app', { now: () => new Date('2026-11-22T00:11:00Z') });
    await lock.release();
  });

  it('of concurrent takers exactly one wins', async () => {
    const storage = new MemoryStorage();
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => acquireLock(storage, 'app')));
    const winners = results.filter((r) => r.status === 'fulfilled');
    expect(winners).toHaveLength(1);
    await (winners[0] as PromiseFulfilledResult<{ release(): Promise<void> }>).value.release();
  });

  it('release does not delete a lock that was taken over by someone else', async () => {
    const storage = new MemoryStorage();
    const mine = await acquireLock(storage, 'app');
    await storage.put(
      lockKey('app'),
      JSON.stringify({
        pid: 1,
        hostname: 'x',
        acquiredAt: '',
        heartbeatAt: new Date().toISOString(),
        token: 'theirs',
      }),
    );
    await mine.release();
    expect(await storage.stat(lockKey('app'))).toBeDefined();
  });
});
