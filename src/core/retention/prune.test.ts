import { createHash, randomBytes } from 'node:crypto';
import { text } from 'node:stream/consumers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tempRoot } from '../../../test/helpers/temp-root.ts';
import type { RetentionConfig } from '../config/schema.ts';
import { RetentionRefusedError } from '../errors.ts';
import { listBackups, writeBackupReport, writeManifest, writeVerification } from '../repository/catalog.ts';
import { databaseObjectKey, manifestKey, newBackupId } from '../repository/keys.ts';
import type { BackupManifest } from '../repository/manifest.ts';
import { LocalStorage } from '../storage/local.ts';
import { MemoryStorage } from '../storage/memory.ts';
import type { Storage } from '../storage/types.ts';
import { applyPrune, planPrune, renderPrunePlan } from './prune.ts';

const temp = tempRoot('prune-unit');

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A complete backup with a real object whose checksums the manifest records. */
async function addBackup(storage: Storage, database: string, finishedAt: string): Promise<BackupManifest> {
  const finished = new Date(finishedAt);
  const started = new Date(finished.getTime() - 30_000);
  const id = newBackupId(database, started);
  const data = randomBytes(2048);
  const key = databaseObjectKey(id, database, 'dump.zst');
  await storage.put(key, data);
  const manifest: BackupManifest = {
    formatVersion: 1,
    id,
    kind: 'logical',
    databases: [{ name: database, sizeBytes: 1, objectKey: key, tables: [] }],
    allDatabases: false,
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    durationMs: 30_000,
    server: { version: '15.4', versionNum: 150004 },
    client: { pgDump: '15.4', path: '/usr/bin' },
    tool: { name: 'db-backup', version: '0.0.0' },
    format: 'custom',
    compression: { algorithm: 'zstd', level: 3 },
    encryption: null,
    objects: [
      {
        key,
        role: 'database',
        database,
        storedSize: data.length,
        storedSha256: sha(data),
        rawSize: data.length,
        rawSha256: sha(data),
      },
    ],
    options: { schemaOnly: false, dataOnly: false, tables: [], excludeTables: [] },
    tags: [],
    host: 'localhost:5432',
  };
  await writeManifest(storage, manifest);
  await writeVerification(storage, {
    backupId: id,
    verifiedAt: finished.toISOString(),
    ok: true,
    checks: [],
    toolVersion: '0',
  });
  return manifest;
}

/** Every object of a kept backup is present and matches the manifest's sha256. */
async function assertIntact(storage: Storage, manifest: BackupManifest): Promise<void> {
  expect(await storage.stat(manifestKey(manifest.id))).toBeDefined();
  for (const object of manifest.objects) {
    const chunks: Buffer[] = [];
    for await (const chunk of await storage.get(object.key)) chunks.push(chunk as Buffer);
    expect(sha(Buffer.concat(chunks))).toBe(object.storedSha256);
  }
}

const retention = (rules: Partial<RetentionConfig>): RetentionConfig => ({
  requireVerified: false,
  timeZone: 'UTC',
  incompleteGrace: '24h',
  ...rules,
});

const now = new Date('2026-11-22T12:00:00Z');

describe('prune against local storage', () => {
  it('applies a plan: kept backups still verify, removed ones are gone, unrelated files untouched', async () => {
    const storage = new LocalStorage(temp.dir('prune'));
    await storage.put('db-backup.json', '{}');
    await storage.put('notes.txt', 'keep me');
    const backups: BackupManifest[] = [];
    for (let day = 0; day < 10; day++) {
      backups.push(
        await addBackup(storage, 'app', new Date(now.getTime() - day * 86_400_000 - 3_600_000).toISOString()),
      );
    }
    const other = await addBackup(storage, 'crm', '2026-01-01T00:00:00Z');

    const plan = await planPrune(storage, retention({ keepDaily: 3 }), { now });
    expect(plan.keep.map((d) => d.id).sort()).toEqual(
      [...backups.slice(0, 3).map((b) => b.id), other.id].sort(),
    );
    expect(renderPrunePlan(plan)).toMatch(
      /keep\s+\S+\s+app\s+\S+\s+keep: newest complete backup, keep: daily 2026-11-22/,
    );
    expect(renderPrunePlan(plan)).toMatch(/remove\s+\S+\s+app\s+\S+\s+remove: outside every rule/);

    const applied = await applyPrune(storage, plan);
    expect(applied.removed.sort()).toEqual(
      backups
        .slice(3)
        .map((b) => b.id)
        .sort(),
    );
    for (const kept of [...backups.slice(0, 3), other]) await assertIntact(storage, kept);
    for (const gone of backups.slice(3)) {
      expect(await storage.list(`backups/${gone.id}/`)).toEqual([]);
      expect(await storage.list(`verifications/${gone.id}/`)).toEqual([]);
    }
    expect(await text(await storage.get('notes.txt'))).toBe('keep me');
    expect(await storage.stat('db-backup.json')).toBeDefined();
    expect((await listBackups(storage)).length).toBe(4);

    const again = await planPrune(storage, retention({ keepDaily: 3 }), { now });
    expect(again.remove).toEqual([]);
  });

  it('removes incomplete backups older than the grace period as garbage, and leaves younger ones', async () => {
    const storage = new LocalStorage(temp.dir('prune'));
    await addBackup(storage, 'app', '2026-11-22T02:00:00Z');
    await storage.put('backups/20261120T020000Z-app-aaaaaa/app.dump.zst', 'partial');
    const plan = await planPrune(storage, retention({ keepLast: 5 }), {
      now: new Date(Date.now() + 25 * 3_600_000),
    });
    expect(plan.garbage.map((g) => g.id)).toEqual(['20261120T020000Z-app-aaaaaa']);
    const young = await planPrune(storage, retention({ keepLast: 5 }), { now: new Date() });
    expect(young.garbage).toEqual([]);
    expect(young.incompleteKept).toEqual(['20261120T020000Z-app-aaaaaa']);
    const applied = await applyPrune(storage, plan);
    expect(applied.garbageRemoved).toEqual(['20261120T020000Z-app-aaaaaa']);
    expect(await storage.list('backups/20261120T020000Z-app-aaaaaa/')).toEqual([]);
  });

  it('refuses when the latest backup of a database failed, unless forced', async () => {
    const storage = new LocalStorage(temp.dir('prune'));
    await addBackup(storage, 'app', '2026-11-20T02:00:00Z');
    await addBackup(storage, 'app', '2026-11-21T02:00:00Z');
    await writeBackupReport(storage, {
      schemaVersion: 1,
      backupId: '20261122T020000Z-app-bbbbbb',
      status: 'failed',
      databases: ['app'],
      allDatabases: false,
      startedAt: '2026-11-22T02:00:00.000Z',
      finishedAt: '2026-11-22T02:00:05.000Z',
      durationMs: 5000,
      storedBytes: 0,
      rawBytes: 0,
      compressionRatio: null,
      storage: storage.location,
      toolVersion: '0',
      error: { code: 'DUMP_FAILED', message: 'pg_dump exited with code 1' },
    });
    await expect(planPrune(storage, retention({ keepLast: 1 }), { now })).rejects.toThrow(
      RetentionRefusedError,
    );
    const forced = await planPrune(storage, retention({ keepLast: 1 }), { now, force: true });
    expect(forced.remove).toHaveLength(1);
    expect(forced.warnings.join()).toMatch(/--force/);
  });

  it('a backup dated in the future is kept and reported', async () => {
    const storage = new LocalStorage(temp.dir('prune'));
    const future = await addBackup(storage, 'app', '2026-12-01T00:00:00Z');
    await addBackup(storage, 'app', '2026-11-21T00:00:00Z');
    const plan = await planPrune(storage, retention({ keepLast: 1 }), { now });
    expect(plan.reasons[future.id]).toEqual(['keep: dated in the future (clock skew)']);
    expect(renderPrunePlan(plan)).toMatch(/warning: .*after now/);
  });
});

describe('prune never touches anything outside the backups it removes', () => {
  it('holds for random repositories (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 4 }),
        async (ageDays, keepLast) => {
          const storage = new MemoryStorage();
          const foreign = [
            'db-backup.json',
            'notes.txt',
            'backupsX/file',
            'reports/drills/x.json',
            'locks/app.lock',
          ];
          for (const key of foreign) await storage.put(key, key);
          const manifests = [];
          for (const age of ageDays)
            manifests.push(
              await addBackup(
                storage,
                'app',
                new Date(now.getTime() - age * 86_400_000 - 1000).toISOString(),
              ),
            );
          const plan = await planPrune(storage, retention({ keepLast }), { now });
          const removed = new Set(plan.remove.map((d) => d.id));
          const applied = await applyPrune(storage, plan);
          for (const key of applied.deletedKeys) {
            expect([...removed].some((id) => key.includes(id))).toBe(true);
          }
          for (const key of foreign) expect(await storage.stat(key)).toBeDefined();
          for (const m of manifests.filter((x) => !removed.has(x.id))) await assertIntact(storage, m);
        },
      ),
      { numRuns: 150 },
    );
  });
});
