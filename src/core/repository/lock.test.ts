import { execFileSync, spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { text } from 'node:stream/consumers';
import { isMainThread } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { LockHeldError, StorageError } from '../errors.ts';
import { MemoryStorage } from '../storage/memory.ts';
import type { Storage } from '../storage/types.ts';
import { lockKey } from './keys.ts';
import { acquireLock } from './lock.ts';

const KEY = lockKey('app');

async function lockBody(storage: Storage, key = KEY): Promise<Record<string, unknown>> {
  return JSON.parse(await text(await storage.get(key)));
}

function foreignLock(heartbeatAt: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    pid: 1,
    hostname: 'other-host',
    acquiredAt: '2026-11-22T00:00:00.000Z',
    heartbeatAt,
    token: 'theirs',
    ...extra,
  });
}

/** The rejection of `promise`, asserted to be a LockHeldError. */
async function heldError(promise: Promise<unknown>): Promise<LockHeldError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LockHeldError);
  return error as LockHeldError;
}

describe('backup lock', () => {
  it('the lock object names its holder: this pid, this host, when, and a token', async () => {
    const storage = new MemoryStorage();
    const at = new Date('2026-11-22T02:00:00.000Z');
    const held = await acquireLock(storage, 'app', { now: () => at });
    const body = await lockBody(storage);
    expect(body).toEqual({
      pid: process.pid,
      hostname: hostname(),
      acquiredAt: at.toISOString(),
      heartbeatAt: at.toISOString(),
      token: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    await held.release();
  });

  it('a live holder blocks a second taker, named in the error; release frees it', async () => {
    const storage = new MemoryStorage();
    const at = new Date('2026-11-22T02:00:00.000Z');
    const held = await acquireLock(storage, 'app', { now: () => at });
    const error = await heldError(acquireLock(storage, 'app', { now: () => at }));
    expect(error.code).toBe('LOCK_HELD');
    expect(error.exitCode).toBe(5);
    expect(error.message).toBe(
      `another backup of "app" is running (pid ${process.pid} on ${hostname()} since ${at.toISOString()})`,
    );
    expect(error.hint).toMatch(/wait for it to finish/);
    await held.release();
    expect(await storage.list('locks/')).toEqual([]);
    const again = await acquireLock(storage, 'app');
    expect(await storage.stat(KEY)).toBeDefined();
    await again.release();
    expect(await storage.list('locks/')).toEqual([]);
  });

  it('locks of different databases are independent', async () => {
    const storage = new MemoryStorage();
    const a = await acquireLock(storage, 'app');
    const b = await acquireLock(storage, 'crm');
    expect((await storage.list('locks/')).map((o) => o.key)).toEqual([lockKey('app'), lockKey('crm')]);
    await a.release();
    expect((await storage.list('locks/')).map((o) => o.key)).toEqual([lockKey('crm')]);
    await b.release();
    expect(await storage.list('locks/')).toEqual([]);
  });

  it('a lock left by a dead process on this host is taken over', async () => {
    const storage = new MemoryStorage();
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const now = new Date().toISOString();
    await storage.put(KEY, foreignLock(now, { pid: dead, hostname: hostname(), token: 'old' }));
    const lock = await acquireLock(storage, 'app');
    expect(await lockBody(storage)).toMatchObject({ pid: process.pid, hostname: hostname() });
    expect((await lockBody(storage)).token).not.toBe('old');
    await lock.release();
    expect(await storage.list('locks/')).toEqual([]);
  });

  it('a live process on this host keeps its lock however old its heartbeat is not: only the heartbeat decides', async () => {
    const storage = new MemoryStorage();
    // pid 1 is alive on every host; on this host it is not ours, so only staleness could free its lock.
    await storage.put(KEY, foreignLock('2026-11-22T00:00:00.000Z', { hostname: hostname() }));
    await heldError(acquireLock(storage, 'app', { now: () => new Date('2026-11-22T00:05:00.000Z') }));
    expect((await lockBody(storage)).token).toBe('theirs');
  });

  it("a lock from another host is never judged by this host's process table", async () => {
    const storage = new MemoryStorage();
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    await storage.put(KEY, foreignLock(new Date().toISOString(), { pid: dead }));
    await heldError(acquireLock(storage, 'app'));
    expect((await lockBody(storage)).token).toBe('theirs');
  });

  it('a live process of another user (kill(pid, 0) says EPERM) keeps its lock', async (ctx) => {
    if (process.getuid?.() !== 0) return ctx.skip('needs root to act as another user');
    // Stryker's vitest runner uses worker threads, where a thread cannot change the process's user.
    if (!isMainThread) return ctx.skip('seteuid is not available in worker threads');
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const storage = new MemoryStorage();
    // pid 1 belongs to root: signalling it as the postgres user is refused with EPERM, yet it is alive.
    await storage.put(KEY, foreignLock(new Date().toISOString(), { hostname: hostname() }));
    process.seteuid!(uid);
    try {
      await heldError(acquireLock(storage, 'app'));
    } finally {
      process.seteuid!(0);
    }
    expect((await lockBody(storage)).token).toBe('theirs');
  });

  it('a lock with a stale heartbeat is taken over; a fresh one from another host is not', async () => {
    const storage = new MemoryStorage();
    await storage.put(KEY, foreignLock('2026-11-22T00:00:00Z'));
    await heldError(acquireLock(storage, 'app', { now: () => new Date('2026-11-22T00:05:00Z') }));
    // Exactly the default of ten minutes is still fresh; one millisecond more is stale.
    await heldError(acquireLock(storage, 'app', { now: () => new Date('2026-11-22T00:10:00Z') }));
    const lock = await acquireLock(storage, 'app', { now: () => new Date('2026-11-22T00:10:00.001Z') });
    expect(await lockBody(storage)).toMatchObject({ pid: process.pid, hostname: hostname() });
    await lock.release();
  });

  it('staleAfterMs sets how old a heartbeat may get', async () => {
    const storage = new MemoryStorage();
    await storage.put(KEY, foreignLock('2026-11-22T00:00:00Z'));
    const now = () => new Date('2026-11-22T00:00:31Z');
    await heldError(acquireLock(storage, 'app', { now, staleAfterMs: 60_000 }));
    const lock = await acquireLock(storage, 'app', { now, staleAfterMs: 30_000 });
    expect((await lockBody(storage)).pid).toBe(process.pid);
    await lock.release();
  });

  it('an unreadable lock object is treated as stale and replaced', async () => {
    const storage = new MemoryStorage();
    await storage.put(KEY, '{ half a lock');
    const lock = await acquireLock(storage, 'app');
    expect((await lockBody(storage)).pid).toBe(process.pid);
    await lock.release();
  });

  it('the holder refreshes its heartbeat while it runs, and stops after release', async () => {
    const storage = new MemoryStorage();
    let clock = Date.parse('2026-11-22T02:00:00.000Z');
    const lock = await acquireLock(storage, 'app', { now: () => new Date(clock), heartbeatMs: 20 });
    clock += 5 * 60_000;
    const deadline = Date.now() + 10_000;
    while ((await lockBody(storage)).heartbeatAt !== new Date(clock).toISOString() && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(await lockBody(storage)).toMatchObject({
      acquiredAt: '2026-11-22T02:00:00.000Z',
      heartbeatAt: new Date(clock).toISOString(),
    });
    await lock.release();
    await new Promise((r) => setTimeout(r, 100));
    expect(await storage.list('locks/')).toEqual([]);
  });

  it('the heartbeat never overwrites a lock that was taken over by someone else', async () => {
    const storage = new MemoryStorage();
    const mine = await acquireLock(storage, 'app', { heartbeatMs: 10 });
    const theirs = foreignLock(new Date().toISOString());
    await storage.put(KEY, theirs);
    await new Promise((r) => setTimeout(r, 100));
    expect(await text(await storage.get(KEY))).toBe(theirs);
    await mine.release();
    expect(await text(await storage.get(KEY))).toBe(theirs);
  });

  it('of concurrent takers exactly one wins', async () => {
    const storage = new MemoryStorage();
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => acquireLock(storage, 'app')));
    const winners = results.filter((r) => r.status === 'fulfilled');
    expect(winners).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected'))
      expect(r.reason).toBeInstanceOf(LockHeldError);
    await (winners[0] as PromiseFulfilledResult<{ release(): Promise<void> }>).value.release();
  });

  it('losing the race for a stale lock to another taker is a LockHeldError naming the winner', async () => {
    const inner = new MemoryStorage();
    await inner.put(KEY, foreignLock('2020-01-01T00:00:00Z'));
    let deletes = 0;
    // Between our delete of the stale lock and our put, another process takes it.
    const racing: Storage = {
      location: inner.location,
      get: (k) => inner.get(k),
      stat: (k) => inner.stat(k),
      list: (p) => inner.list(p),
      put: (k, b, o) => inner.put(k, b, o),
      async delete(k) {
        await inner.delete(k);
        if (deletes++ === 0) await inner.put(k, foreignLock(new Date().toISOString(), { pid: 4242 }));
      },
    };
    const error = await heldError(acquireLock(racing, 'app'));
    expect(error.message).toMatch(/\(pid 4242 on other-host since /);
  });

  it('a taker that keeps losing the takeover race gives up after one retry, naming no holder it cannot read', async () => {
    const inner = new MemoryStorage();
    await inner.put(KEY, foreignLock('2020-01-01T00:00:00Z'));
    let deletes = 0;
    // Every delete of the stale lock is followed at once by another stale (or unreadable) lock.
    const racing: Storage = {
      location: inner.location,
      get: (k) => inner.get(k),
      stat: (k) => inner.stat(k),
      list: (p) => inner.list(p),
      put: (k, b, o) => inner.put(k, b, o),
      async delete(k) {
        await inner.delete(k);
        deletes++;
        await inner.put(k, deletes < 5 ? '{ unreadable' : foreignLock('2020-01-01T00:00:00Z'));
      },
    };
    const error = await heldError(acquireLock(racing, 'app'));
    expect(error.message).toBe('another backup of "app" is running');
    expect(deletes).toBe(1);
  });

  it('a storage failure on the first try is passed on at once, not retried', async () => {
    const inner = new MemoryStorage();
    let puts = 0;
    const flaky: Storage = {
      location: inner.location,
      get: (k) => inner.get(k),
      stat: (k) => inner.stat(k),
      list: (p) => inner.list(p),
      delete: (k) => inner.delete(k),
      async put(k, b, o) {
        if (puts++ === 0) throw new StorageError('connection reset');
        return inner.put(k, b, o);
      },
    };
    await expect(acquireLock(flaky, 'app')).rejects.toThrow(StorageError);
    expect(puts).toBe(1);
    expect(await inner.list('locks/')).toEqual([]);
  });

  it('a lock deleted under its holder is neither re-created by the heartbeat nor an error on release', async () => {
    const storage = new MemoryStorage();
    const lock = await acquireLock(storage, 'app', { heartbeatMs: 10 });
    await storage.delete(KEY);
    await new Promise((r) => setTimeout(r, 100));
    expect(await storage.list('locks/')).toEqual([]);
    await expect(lock.release()).resolves.toBeUndefined();
  });

  it('a storage failure is passed on as it is, not reported as a held lock', async () => {
    const inner = new MemoryStorage();
    const broken: Storage = {
      location: inner.location,
      get: (k) => inner.get(k),
      stat: (k) => inner.stat(k),
      list: (p) => inner.list(p),
      delete: (k) => inner.delete(k),
      put: async () => {
        throw new StorageError('permission denied');
      },
    };
    await expect(acquireLock(broken, 'app')).rejects.toThrow(StorageError);
    await expect(acquireLock(broken, 'app')).rejects.toThrow('permission denied');
  });

  it('release does not delete a lock that was taken over by someone else', async () => {
    const storage = new MemoryStorage();
    const mine = await acquireLock(storage, 'app');
    await storage.put(KEY, foreignLock(new Date().toISOString()));
    await mine.release();
    expect((await lockBody(storage)).token).toBe('theirs');
  });
});
