import { describe, expect, it } from 'vitest';
import { StorageError } from '../errors.ts';
import { MemoryStorage } from './memory.ts';
import type { Storage } from './types.ts';
import { withTimeouts } from './with-timeouts.ts';

describe('withTimeouts', () => {
  it('a storage call that hangs becomes a StorageError naming the operation', async () => {
    const hanging: Storage = {
      location: 'file:///proc/hung',
      put: async () => {},
      get: () => new Promise(() => {}),
      stat: () => new Promise(() => {}),
      list: () => new Promise(() => {}),
      delete: async () => {},
    };
    const storage = withTimeouts(hanging, 50);
    await expect(storage.list('backups/')).rejects.toThrow(StorageError);
    await expect(storage.list('backups/')).rejects.toThrow(
      /listing backups\/ on file:\/\/\/proc\/hung did not answer within 0s/,
    );
    await expect(storage.stat('db-backup.json')).rejects.toThrow(/stat of db-backup.json/);
  });

  it('answers pass through unchanged, and the backend stays recognisable', async () => {
    const memory = new MemoryStorage();
    const storage = withTimeouts(memory, 1000);
    await storage.put('a/b', 'x');
    expect((await storage.list('a/')).map((o) => o.key)).toEqual(['a/b']);
    expect(storage instanceof MemoryStorage).toBe(true);
  });
});
