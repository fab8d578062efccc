import { readdirSync, writeSync } from 'node:fs';
import { chmod, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { tempRoot } from '../../../test/helpers/temp-root.ts';
import { StorageError, UsageError } from '../errors.ts';
import { describeStorageContract } from './contract-suite.ts';
import { LocalStorage } from './local.ts';
import { openConfiguredStorage, openStorage } from './open-storage.ts';

const temp = tempRoot('local-storage');

describeStorageContract(
  'local',
  async () => {
    const root = temp.dir('local-storage');
    return { storage: new LocalStorage(root), cleanup: () => rm(root, { recursive: true, force: true }) };
  },
  { stagesFiles: true },
);

function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name);
}

describe('local storage specifics', () => {
  it('leaves no temp file behind when a put fails', async () => {
    const root = temp.dir('local-storage');
    const storage = new LocalStorage(root);
    const failing = new Readable({
      read() {
        this.destroy(new Error('boom'));
      },
    });
    await expect(storage.put('x/y', failing)).rejects.toThrow('boom');
    expect(allFiles(root)).toEqual([]);
  });

  it('a discarded staged file leaves no temp file; the storage the commands open offers staging', async () => {
    const root = temp.dir('local-storage');
    const storage = openConfiguredStorage({ storage: root });
    const staged = await storage.stageFile!('x/y');
    writeSync(staged.fd, Buffer.from('partial'));
    expect(allFiles(root)).toHaveLength(1);
    await staged.discard();
    expect(allFiles(root)).toEqual([]);
  });

  it('removes emptied directories on delete but never the root', async () => {
    const root = temp.dir('local-storage');
    const storage = new LocalStorage(root);
    await storage.put('a/b/c', 'x');
    await storage.delete('a/b/c');
    expect(readdirSync(root)).toEqual([]);
  });

  it.skipIf(process.getuid?.() === 0)(
    'a read-only directory is a StorageError that says what to do',
    async () => {
      const root = temp.dir('local-storage');
      await mkdir(join(root, 'ro'));
      await chmod(join(root, 'ro'), 0o500);
      const storage = new LocalStorage(join(root, 'ro'));
      await expect(storage.put('x', 'y')).rejects.toThrow(StorageError);
      await expect(storage.put('x', 'y')).rejects.toThrow(/permission denied/);
    },
  );

  it('openStorage accepts paths and file:// URLs and rejects other schemes clearly', () => {
    expect(openStorage('backups', '/srv').location).toBe('file:///srv/backups');
    expect(openStorage('/abs/repo').location).toBe('file:///abs/repo');
    expect(openStorage('file:///abs/repo').location).toBe('file:///abs/repo');
    expect(() => openStorage('ftp://host/prefix')).toThrow(UsageError);
    expect(() => openStorage('file://remote-host/x')).toThrow(UsageError);
    expect(() => openStorage('file://remote-host/x')).toThrow(/malformed storage URL/);
  });
});
