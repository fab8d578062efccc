import { describe, expect, it } from 'vitest';
import {
  BackupNotFoundError,
  InvalidBackupIdError,
  RepositoryError,
  StorageObjectExistsError,
} from '../errors.ts';
import { MemoryStorage } from '../storage/memory.ts';
import {
  deleteBackup,
  latestVerification,
  listBackups,
  listIncompleteBackups,
  readManifest,
  writeManifest,
  writeVerification,
} from './catalog.ts';
import type { BackupManifest } from './manifest.ts';
import { openRepository } from './repository-config.ts';

function manifest(id: string, db: string, finishedAt: string): BackupManifest {
  return {
    formatVersion: 1,
    id,
    kind: 'logical',
    databases: [{ name: db, sizeBytes: 1, objectKey: `backups/${id}/x.dump.zst`, tables: [] }],
    allDatabases: false,
    startedAt: finishedAt,
    finishedAt,
    durationMs: 0,
    server: { version: '15', versionNum: 150000 },
    client: { pgDump: '15', path: '/x' },
    tool: { name: 'db-backup', version: '0' },
    format: 'custom',
    compression: { algorithm: 'zstd', level: 3 },
    encryption: null,
    objects: [
      {
        key: `backups/${id}/x.dump.zst`,
        role: 'database',
        database: db,
        storedSize: 1,
        storedSha256: 'a'.repeat(64),
        rawSize: 1,
        rawSha256: 'b'.repeat(64),
      },
    ],
    options: { schemaOnly: false, dataOnly: false, tables: [], excludeTables: [] },
    tags: [],
    host: 'h:1',
  };
}

describe('catalog', () => {
  it('lists complete backups by recorded time, not by id; filters by database', async () => {
    const storage = new MemoryStorage();
    await writeManifest(storage, manifest('20261122T000000Z-app-aaaaaa', 'app', '2026-11-20T00:00:00.000Z'));
    await writeManifest(storage, manifest('20261101T000000Z-app-bbbbbb', 'app', '2026-11-21T00:00:00.000Z'));
    await writeManifest(storage, manifest('20261105T000000Z-crm-cccccc', 'crm', '2026-11-19T00:00:00.000Z'));
    await storage.put('backups/20261123T000000Z-app-dddddd/x.dump.zst', 'partial');
    await storage.put('backups/20261124T000000Z-app-eeeeee/manifest.json', '{ damaged');
    expect((await listBackups(storage)).map((m) => m.id)).toEqual([
      '20261105T000000Z-crm-cccccc',
      '20261122T000000Z-app-aaaaaa',
      '20261101T000000Z-app-bbbbbb',
    ]);
    expect((await listBackups(storage, { database: 'crm' })).map((m) => m.id)).toEqual([
      '20261105T000000Z-crm-cccccc',
    ]);
    expect((await listIncompleteBackups(storage)).map((b) => b.id)).toEqual(['20261123T000000Z-app-dddddd']);
  });

  it('a manifest is never rewritten', async () => {
    const storage = new MemoryStorage();
    const m = manifest('20261122T000000Z-app-aaaaaa', 'app', '2026-11-20T00:00:00.000Z');
    await writeManifest(storage, m);
    await expect(writeManifest(storage, { ...m, durationMs: 99 })).rejects.toThrow(StorageObjectExistsError);
    expect((await readManifest(storage, m.id)).durationMs).toBe(m.durationMs);
  });

  it('readManifest: unknown ids, hostile ids and damaged manifests are named errors', async () => {
    const storage = new MemoryStorage();
    await expect(readManifest(storage, '20261122T000000Z-app-aaaaaa')).rejects.toBeInstanceOf(
      BackupNotFoundError,
    );
    await expect(readManifest(storage, '../../etc/passwd')).rejects.toBeInstanceOf(InvalidBackupIdError);
    await storage.put('backups/20261124T000000Z-app-eeeeee/manifest.json', '{"formatVersion": 1}');
    await expect(readManifest(storage, '20261124T000000Z-app-eeeeee')).rejects.toBeInstanceOf(
      RepositoryError,
    );
  });

  it('verification records are kept beside the manifest; the newest wins', async () => {
    const storage = new MemoryStorage();
    const id = '20261122T000000Z-app-aaaaaa';
    await writeVerification(storage, {
      backupId: id,
      verifiedAt: '2026-11-22T01:00:00.000Z',
      ok: false,
      checks: [],
      toolVersion: '0',
    });
    await writeVerification(storage, {
      backupId: id,
      verifiedAt: '2026-11-22T02:00:00.000Z',
      ok: true,
      checks: [],
      toolVersion: '0',
    });
    expect(await latestVerification(storage, id)).toMatchObject({ ok: true });
  });

  it('deleteBackup removes the manifest first and stays inside the backup', async () => {
    const storage = new MemoryStorage();
    const id = '20261122T000000Z-app-aaaaaa';
    await writeManifest(storage, manifest(id, 'app', '2026-11-20T00:00:00.000Z'));
    await storage.put(`backups/${id}/x.dump.zst`, 'data');
    await storage.put('backups/20261122T000000Z-app-aaaaab/x.dump.zst', 'neighbour');
    const deleted = await deleteBackup(storage, id);
    expect(deleted[0]).toBe(`backups/${id}/manifest.json`);
    expect(await storage.stat('backups/20261122T000000Z-app-aaaaab/x.dump.zst')).toBeDefined();
  });

  it('repository config: created once, required for reads, newer formats refused', async () => {
    const storage = new MemoryStorage();
    await expect(openRepository(storage, { create: false })).rejects.toMatchObject({
      code: 'REPOSITORY_INVALID',
      message: expect.stringMatching(/no db-backup repository/),
    });
    const created = await openRepository(storage, { create: true });
    expect(await openRepository(storage, { create: false })).toEqual(created);
    await storage.put('db-backup.json', JSON.stringify({ ...created, formatVersion: 99 }));
    await expect(openRepository(storage, { create: false })).rejects.toMatchObject({
      code: 'REPOSITORY_INVALID',
      message: expect.stringMatching(/upgrade db-backup/),
    });
  });
});
