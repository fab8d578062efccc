/**
 * One backup of a database at a time. The lock is an object created with ifNoneExists; its holder refreshes a
 * heartbeat. A lock whose holder is a dead process on this host, or whose heartbeat is stale, is taken over:
 * deleted and re-created with ifNoneExists, so two takers cannot both win.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { text } from 'node:stream/consumers';
import { LockHeldError, StorageObjectExistsError } from '../errors.ts';
import type { Storage } from '../storage/types.ts';
import { lockKey } from './keys.ts';

interface LockBody {
  pid: number;
  hostname: string;
  acquiredAt: string;
  heartbeatAt: string;
  token: string;
}

export interface HeldLock {
  release(): Promise<void>;
}

export interface LockOptions {
  staleAfterMs?: number;
  heartbeatMs?: number;
  now?: () => Date;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readLock(storage: Storage, key: string): Promise<LockBody | undefined> {
  try {
    return JSON.parse(await text(await storage.get(key))) as LockBody;
  } catch {
    return undefined;
  }
}

/** Takes the lock for `label` or throws LockHeldError naming the live holder. */
export async function acquireLock(
  storage: Storage,
  label: string,
  options: LockOptions = {},
): Promise<HeldLock> {
  const key = lockKey(label);
  const now = options.now ?? (() => new Date());
  const staleAfterMs = options.staleAfterMs ?? 10 * 60_000;
  const token = randomBytes(8).toString('hex');
  const acquiredAt = now().toISOString();
  const body = (): string => {
    const at = now().toISOString();
    return JSON.stringify({ pid: process.pid, hostname: hostname(), acquiredAt, heartbeatAt: at, token });
  };

  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await storage.put(key, body(), { ifNoneExists: true });
      break;
    } catch (error) {
      if (!(error instanceof StorageObjectExistsError) || attempt === 1) {
        if (error instanceof StorageObjectExistsError) throw heldError(label, await readLock(storage, key));
        throw error;
      }
      const holder = await readLock(storage, key);
      const stale =
        !holder ||
        (holder.hostname === hostname() && !processAlive(holder.pid)) ||
        now().getTime() - Date.parse(holder.heartbeatAt) > staleAfterMs;
      if (!stale) throw heldError(label, holder);
      await storage.delete(key);
    }
  }

  const timer = setInterval(() => {
    void (async () => {
      const current = await readLock(storage, key);
      if (current?.token === token) await storage.put(key, body()).catch(() => undefined);
    })();
  }, options.heartbeatMs ?? 60_000);
  timer.unref();
  let released: Promise<void> | undefined;
  return {
    // Idempotent: a caller may release as soon as its work is committed and again in its `finally`.
    release() {
      released ??= (async () => {
        clearInterval(timer);
        const current = await readLock(storage, key);
        if (current?.token === token) await storage.delete(key);
      })();
      return released;
    },
  };
}

function heldError(label: string, holder: LockBody | undefined): LockHeldError {
  return new LockHeldError(
    `another backup of ${JSON.stringify(label)} is running${holder ? ` (pid ${holder.pid} on ${holder.hostname} since ${holder.acquiredAt})` : ''}`,
    { hint: 'wait for it to finish; a lock left by a dead process is taken over automatically' },
  );
}
