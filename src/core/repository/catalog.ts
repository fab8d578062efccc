/**
 * Reading and writing the repository's records: manifests, verification results and backup reports.
 * A backup exists only through its manifest; everything here honours that.
 */
import { text } from 'node:stream/consumers';
import type { z } from 'zod';
import { BackupNotFoundError, RepositoryError, StorageObjectNotFoundError } from '../errors.ts';
import { mapLimited } from '../map-limited.ts';
import { type BackupReport, BackupReportSchema } from '../report/backup-report.ts';
import type { ObjectInfo, Storage } from '../storage/types.ts';
import { readThroughIndex } from './catalog-index.ts';
import {
  assertBackupId,
  BACKUPS_PREFIX,
  backupIdOfKey,
  backupPrefix,
  backupReportKey,
  manifestKey,
  verificationKey,
  verificationPrefix,
} from './keys.ts';
import {
  type BackupManifest,
  BackupManifestSchema,
  type VerificationRecord,
  VerificationRecordSchema,
} from './manifest.ts';

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** What to do about a damaged record: a backup whose manifest is damaged cannot be trusted or restored. */
function damagedRecordHint(key: string): string {
  const id = backupIdOfKey(key);
  return id
    ? `the record was damaged after it was written (a truncated copy or an edit): put back ${key} from a copy of the repository, or use another backup (\`db-backup list\`)`
    : `the record was damaged after it was written: put back ${key} from a copy of the repository`;
}

async function readJson<T>(storage: Storage, key: string, schema: z.ZodType<T>): Promise<T> {
  const raw = await text(await storage.get(key));
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new RepositoryError(`${key} is not valid JSON`, { cause: error, hint: damagedRecordHint(key) });
  }
  const result = schema.safeParse(parsed);
  if (!result.success)
    throw new RepositoryError(`${key} does not match its schema: ${result.error.issues[0]?.message}`, {
      hint: damagedRecordHint(key),
    });
  return result.data;
}

/** The manifest of backup `id`; BackupNotFoundError when it has none (it does not exist). */
export async function readManifest(storage: Storage, id: string): Promise<BackupManifest> {
  try {
    return await readJson(storage, manifestKey(assertBackupId(id)), BackupManifestSchema);
  } catch (error) {
    if (error instanceof StorageObjectNotFoundError) {
      throw new BackupNotFoundError(`no backup ${id} in ${storage.location}`, {
        hint: 'run `db-backup list` to see the backups',
      });
    }
    throw error;
  }
}

/** Writes a manifest once; it is never rewritten (ifNoneExists). */
export async function writeManifest(storage: Storage, manifest: BackupManifest): Promise<void> {
  await storage.put(manifestKey(manifest.id), json(BackupManifestSchema.parse(manifest)), {
    ifNoneExists: true,
  });
}

/** Complete backups (with a readable manifest), oldest first by recorded finish time; damaged manifests are skipped. */
export async function listBackups(
  storage: Storage,
  filter: { database?: string } = {},
): Promise<BackupManifest[]> {
  const objects = (await storage.list(BACKUPS_PREFIX)).filter((o) => {
    const id = backupIdOfKey(o.key);
    return id !== undefined && o.key === manifestKey(id);
  });
  // Served from the repository's index where it has them unchanged (see catalog-index.ts).
  const manifests = await readThroughIndex(storage, 'manifests', objects, BackupManifestSchema);
  return manifests
    .filter((m): m is BackupManifest => m !== undefined)
    .filter((m) => filter.database === undefined || m.databases.some((d) => d.name === filter.database))
    .sort(
      (a, b) =>
        Date.parse(a.finishedAt) - Date.parse(b.finishedAt) ||
        Date.parse(a.startedAt) - Date.parse(b.startedAt) ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
}

/** Backups with objects but no manifest (failed or in progress), with their keys and newest object time. */
export async function listIncompleteBackups(
  storage: Storage,
): Promise<{ id: string; keys: string[]; newestModified: Date }[]> {
  const byId = new Map<string, { keys: string[]; newest: number; hasManifest: boolean }>();
  for (const object of await storage.list(BACKUPS_PREFIX)) {
    const id = backupIdOfKey(object.key);
    if (!id) continue;
    const entry = byId.get(id) ?? { keys: [], newest: 0, hasManifest: false };
    entry.keys.push(object.key);
    entry.newest = Math.max(entry.newest, object.modified.getTime());
    if (object.key === manifestKey(id)) entry.hasManifest = true;
    byId.set(id, entry);
  }
  return [...byId.entries()]
    .filter(([, e]) => !e.hasManifest)
    .map(([id, e]) => ({ id, keys: e.keys, newestModified: new Date(e.newest) }));
}

/** Stores one verification result beside the backup. */
export async function writeVerification(storage: Storage, record: VerificationRecord): Promise<void> {
  await storage.put(
    verificationKey(record.backupId, new Date(record.verifiedAt)),
    json(VerificationRecordSchema.parse(record)),
  );
}

/** The newest verification result of backup `id`, if any. */
export async function latestVerification(
  storage: Storage,
  id: string,
): Promise<VerificationRecord | undefined> {
  const objects = await storage.list(verificationPrefix(id));
  const newest = objects.at(-1);
  if (!newest) return undefined;
  return readJson(storage, newest.key, VerificationRecordSchema).catch(() => undefined);
}

/**
 * The newest verification result of every backup, from one listing of `verifications/` plus one read per
 * verified backup: for views over many backups (list, prune, compliance), where a listing per backup would
 * cost a round trip each on remote storage.
 */
export async function latestVerifications(storage: Storage): Promise<Map<string, VerificationRecord>> {
  const newest = new Map<string, ObjectInfo>();
  // Keys sort by time within a backup's prefix, and `list` returns them sorted.
  for (const o of await storage.list('verifications/')) newest.set(o.key.split('/')[1]!, o);
  const ids = [...newest.keys()];
  const records = await readThroughIndex(
    storage,
    'verifications',
    [...newest.values()],
    VerificationRecordSchema,
  );
  return new Map(
    ids.flatMap((id, i) =>
      records[i] === undefined ? [] : [[id, records[i]] as [string, VerificationRecord]],
    ),
  );
}

/** Stores the report of one backup run (success or failure). */
export async function writeBackupReport(storage: Storage, report: BackupReport): Promise<void> {
  await storage.put(backupReportKey(report.backupId), json(BackupReportSchema.parse(report)));
}

/** Every backup report, oldest first by start time; unreadable ones are skipped. */
export async function listBackupReports(
  storage: Storage,
  /** Only reports of runs that started after this backup id (ids sort by start time): fewer reads. */
  options: { after?: string } = {},
): Promise<BackupReport[]> {
  const objects = (await storage.list('reports/backups/')).filter(
    (o) => options.after === undefined || (o.key.split('/').pop() ?? '') > options.after,
  );
  const reports = await mapLimited(objects, 32, (o) =>
    readJson(storage, o.key, BackupReportSchema).catch(() => undefined),
  );
  return reports
    .filter((r): r is BackupReport => r !== undefined)
    .sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
}

/**
 * Deletes a backup: the manifest first, so a partly deleted backup is never listed as restorable, then its
 * objects, verification results and report. Returns the deleted keys.
 */
export async function deleteBackup(storage: Storage, id: string): Promise<string[]> {
  const prefix = backupPrefix(id);
  const manifest = manifestKey(id);
  const objects = (await storage.list(prefix)).map((o) => o.key).filter((k) => k !== manifest);
  const verifications = (await storage.list(verificationPrefix(id))).map((o) => o.key);
  const report = backupReportKey(id);
  const keys = [manifest, ...objects, ...verifications, report];
  for (const key of keys) {
    if (!(key.startsWith(prefix) || key.startsWith(verificationPrefix(id)) || key === report)) {
      throw new RepositoryError(`refusing to delete ${key}: outside backup ${id}`);
    }
  }
  for (const key of keys) await storage.delete(key);
  return keys;
}
