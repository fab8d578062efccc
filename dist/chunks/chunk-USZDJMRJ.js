import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  mapLimited
} from "./chunk-M7IQQC2I.js";
import {
  BACKUPS_PREFIX,
  assertBackupId,
  backupIdOfKey,
  backupPrefix,
  backupReportKey,
  manifestKey,
  verificationKey,
  verificationPrefix
} from "./chunk-GOB2Q2UI.js";
import {
  external_exports
} from "./chunk-N43V73L3.js";
import {
  BackupNotFoundError,
  RepositoryError,
  StorageObjectNotFoundError
} from "./chunk-HSU6VSP5.js";

// src/core/repository/catalog.ts
import { text as text2 } from "node:stream/consumers";

// src/core/report/backup-report.ts
var BackupReportSchema = external_exports.object({
  schemaVersion: external_exports.literal(1),
  backupId: external_exports.string(),
  status: external_exports.enum(["success", "failed"]),
  databases: external_exports.array(external_exports.string()),
  allDatabases: external_exports.boolean().default(false).describe("Taken with --all-databases"),
  startedAt: external_exports.iso.datetime(),
  finishedAt: external_exports.iso.datetime(),
  durationMs: external_exports.number().int().nonnegative(),
  storedBytes: external_exports.number().int().nonnegative(),
  rawBytes: external_exports.number().int().nonnegative(),
  compressionRatio: external_exports.number().nullable(),
  storage: external_exports.string().describe("Repository location, without credentials"),
  toolVersion: external_exports.string(),
  error: external_exports.object({ code: external_exports.string(), message: external_exports.string() }).nullable()
});

// src/core/repository/catalog-index.ts
import { text } from "node:stream/consumers";
var INDEX_PREFIX = "index/";
async function readIndex(storage, key) {
  try {
    const parsed = JSON.parse(await text(await storage.get(key)));
    const entries = parsed?.entries;
    return entries && typeof entries === "object" && !Array.isArray(entries) ? entries : {};
  } catch {
    return {};
  }
}
async function readThroughIndex(storage, name, objects, schema) {
  const indexKey = `${INDEX_PREFIX}${name}.json`;
  const cached = await readIndex(storage, indexKey);
  const stamp = (o) => `${o.size}@${o.modified.getTime()}`;
  const wanted = new Map(objects.map((o) => [o.key, stamp(o)]));
  let changed = Object.keys(cached).some((k) => !wanted.has(k));
  const fresh = {};
  for (const [k, v] of Object.entries(cached)) {
    const entry = v;
    if (entry && entry.stamp === wanted.get(k))
      fresh[k] = { stamp: entry.stamp, value: entry.value };
    else changed = true;
  }
  const records = await mapLimited(objects, 32, async (object) => {
    const hit = object.key in fresh ? schema.safeParse(fresh[object.key].value) : void 0;
    if (hit?.success) return hit.data;
    try {
      const raw = JSON.parse(await text(await storage.get(object.key)));
      const parsed = schema.safeParse(raw);
      if (!parsed.success) return void 0;
      fresh[object.key] = { stamp: stamp(object), value: raw };
      changed = true;
      return parsed.data;
    } catch {
      return void 0;
    }
  });
  if (changed) {
    await storage.put(indexKey, JSON.stringify({ formatVersion: 1, builtAt: (/* @__PURE__ */ new Date()).toISOString(), entries: fresh })).catch(() => void 0);
  }
  return records;
}

// src/core/repository/manifest.ts
var MANIFEST_FORMAT_VERSION = 1;
var StoredObjectSchema = external_exports.object({
  key: external_exports.string().describe("Object key relative to the repository root"),
  role: external_exports.enum(["database", "globals", "base"]).describe("What the object holds (base: the data directory as a tar, from pg_basebackup)"),
  database: external_exports.string().optional().describe("Database name for role=database"),
  storedSize: external_exports.number().int().nonnegative().describe("Bytes as stored (after compression/encryption)"),
  storedSha256: external_exports.string().regex(/^[0-9a-f]{64}$/).describe("sha256 of the stored bytes; verification needs no key"),
  rawSize: external_exports.number().int().nonnegative().describe("Bytes produced by pg_dump / pg_dumpall before compression"),
  rawSha256: external_exports.string().regex(/^[0-9a-f]{64}$/).optional().describe(
    "sha256 of the raw dump bytes, when the raw stream passed through db-backup (gzip, none); zstd objects are covered by the zstd frame checksum instead"
  )
});
var TableCountSchema = external_exports.object({
  schema: external_exports.string(),
  name: external_exports.string(),
  rows: external_exports.number().int().nonnegative().describe("Exact row count in the dump snapshot")
});
var DatabaseEntrySchema = external_exports.object({
  name: external_exports.string().describe("Database name as on the server"),
  sizeBytes: external_exports.number().int().nonnegative().describe("pg_database_size at backup time"),
  objectKey: external_exports.string().describe("Key of this database\u2019s dump object"),
  tables: external_exports.array(TableCountSchema).describe("Per-table row counts taken in the same snapshot as the dump")
});
var BaseBackupInfoSchema = external_exports.object({
  systemIdentifier: external_exports.string().regex(/^\d+$/).describe("The cluster\u2019s system identifier (decimal)"),
  timeline: external_exports.number().int().positive().describe("Timeline the backup started on"),
  startLsn: external_exports.string().describe("WAL position the backup starts from (its checkpoint redo point)"),
  stopLsn: external_exports.string().describe("WAL position at which the restored copy becomes consistent"),
  walSegmentSize: external_exports.number().int().positive(),
  walStart: external_exports.string().describe("First WAL segment a restore needs"),
  walStop: external_exports.string().describe("Last WAL segment a restore needs before it is consistent"),
  backupManifest: external_exports.object({
    key: external_exports.string(),
    size: external_exports.number().int().nonnegative(),
    sha256: external_exports.string().regex(/^[0-9a-f]{64}$/)
  }).nullable().describe("PostgreSQL\u2019s backup_manifest (13+), stored uncompressed beside the tar")
});
var BackupManifestSchema = external_exports.object({
  formatVersion: external_exports.literal(MANIFEST_FORMAT_VERSION),
  id: external_exports.string(),
  kind: external_exports.enum(["logical", "base"]),
  databases: external_exports.array(DatabaseEntrySchema).min(1),
  allDatabases: external_exports.boolean().describe("Taken with --all-databases (globals included)"),
  startedAt: external_exports.iso.datetime(),
  finishedAt: external_exports.iso.datetime(),
  durationMs: external_exports.number().int().nonnegative(),
  server: external_exports.object({ version: external_exports.string(), versionNum: external_exports.number().int() }),
  client: external_exports.object({ pgDump: external_exports.string(), path: external_exports.string() }),
  tool: external_exports.object({ name: external_exports.literal("db-backup"), version: external_exports.string() }),
  format: external_exports.enum(["custom", "directory", "tar"]).describe(
    "pg_dump archive format (directory is stored as tar); tar for base backups (pg_basebackup -Ft)"
  ),
  compression: external_exports.object({ algorithm: external_exports.enum(["zstd", "gzip", "none"]), level: external_exports.number().int() }),
  encryption: external_exports.object({
    scheme: external_exports.literal("age-v1"),
    recipientFingerprint: external_exports.string(),
    recipientFingerprints: external_exports.array(external_exports.string()).optional()
  }).nullable().describe("Encryption recipient fingerprint; never key material"),
  objects: external_exports.array(StoredObjectSchema).min(1),
  options: external_exports.object({
    schemaOnly: external_exports.boolean(),
    dataOnly: external_exports.boolean(),
    tables: external_exports.array(external_exports.string()),
    excludeTables: external_exports.array(external_exports.string())
  }),
  tags: external_exports.array(external_exports.string()),
  host: external_exports.string().describe("Server host:port (no credentials)"),
  base: BaseBackupInfoSchema.optional().describe("Base backups only: WAL position and range")
});
var VerificationRecordSchema = external_exports.object({
  backupId: external_exports.string(),
  verifiedAt: external_exports.iso.datetime(),
  ok: external_exports.boolean(),
  checks: external_exports.array(external_exports.object({ name: external_exports.string(), ok: external_exports.boolean(), details: external_exports.string() })),
  toolVersion: external_exports.string()
});

// src/core/repository/catalog.ts
var json = (value) => `${JSON.stringify(value, null, 2)}
`;
function damagedRecordHint(key) {
  const id = backupIdOfKey(key);
  return id ? `the record was damaged after it was written (a truncated copy or an edit): put back ${key} from a copy of the repository, or use another backup (\`db-backup list\`)` : `the record was damaged after it was written: put back ${key} from a copy of the repository`;
}
async function readJson(storage, key, schema) {
  const raw = await text2(await storage.get(key));
  let parsed;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new RepositoryError(`${key} is not valid JSON`, { cause: error, hint: damagedRecordHint(key) });
  }
  const result = schema.safeParse(parsed);
  if (!result.success)
    throw new RepositoryError(`${key} does not match its schema: ${result.error.issues[0]?.message}`, {
      hint: damagedRecordHint(key)
    });
  return result.data;
}
async function readManifest(storage, id) {
  try {
    return await readJson(storage, manifestKey(assertBackupId(id)), BackupManifestSchema);
  } catch (error) {
    if (error instanceof StorageObjectNotFoundError) {
      throw new BackupNotFoundError(`no backup ${id} in ${storage.location}`, {
        hint: "run `db-backup list` to see the backups"
      });
    }
    throw error;
  }
}
async function writeManifest(storage, manifest) {
  await storage.put(manifestKey(manifest.id), json(BackupManifestSchema.parse(manifest)), {
    ifNoneExists: true
  });
}
async function listBackups(storage, filter = {}) {
  const objects = (await storage.list(BACKUPS_PREFIX)).filter((o) => {
    const id = backupIdOfKey(o.key);
    return id !== void 0 && o.key === manifestKey(id);
  });
  const manifests = await readThroughIndex(storage, "manifests", objects, BackupManifestSchema);
  return manifests.filter((m) => m !== void 0).filter((m) => filter.database === void 0 || m.databases.some((d) => d.name === filter.database)).sort(
    (a, b) => Date.parse(a.finishedAt) - Date.parse(b.finishedAt) || Date.parse(a.startedAt) - Date.parse(b.startedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}
async function listIncompleteBackups(storage) {
  const byId = /* @__PURE__ */ new Map();
  for (const object of await storage.list(BACKUPS_PREFIX)) {
    const id = backupIdOfKey(object.key);
    if (!id) continue;
    const entry = byId.get(id) ?? { keys: [], newest: 0, hasManifest: false };
    entry.keys.push(object.key);
    entry.newest = Math.max(entry.newest, object.modified.getTime());
    if (object.key === manifestKey(id)) entry.hasManifest = true;
    byId.set(id, entry);
  }
  return [...byId.entries()].filter(([, e]) => !e.hasManifest).map(([id, e]) => ({ id, keys: e.keys, newestModified: new Date(e.newest) }));
}
async function writeVerification(storage, record) {
  await storage.put(
    verificationKey(record.backupId, new Date(record.verifiedAt)),
    json(VerificationRecordSchema.parse(record))
  );
}
async function latestVerification(storage, id) {
  const objects = await storage.list(verificationPrefix(id));
  const newest = objects.at(-1);
  if (!newest) return void 0;
  return readJson(storage, newest.key, VerificationRecordSchema).catch(() => void 0);
}
async function latestVerifications(storage) {
  const newest = /* @__PURE__ */ new Map();
  for (const o of await storage.list("verifications/")) newest.set(o.key.split("/")[1], o);
  const ids = [...newest.keys()];
  const records = await readThroughIndex(
    storage,
    "verifications",
    [...newest.values()],
    VerificationRecordSchema
  );
  return new Map(
    ids.flatMap(
      (id, i) => records[i] === void 0 ? [] : [[id, records[i]]]
    )
  );
}
async function writeBackupReport(storage, report) {
  await storage.put(backupReportKey(report.backupId), json(BackupReportSchema.parse(report)));
}
async function listBackupReports(storage, options = {}) {
  const objects = (await storage.list("reports/backups/")).filter(
    (o) => options.after === void 0 || (o.key.split("/").pop() ?? "") > options.after
  );
  const reports = await mapLimited(
    objects,
    32,
    (o) => readJson(storage, o.key, BackupReportSchema).catch(() => void 0)
  );
  return reports.filter((r) => r !== void 0).sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
}
async function deleteBackup(storage, id) {
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

export {
  BackupReportSchema,
  BackupManifestSchema,
  VerificationRecordSchema,
  readManifest,
  writeManifest,
  listBackups,
  listIncompleteBackups,
  writeVerification,
  latestVerification,
  latestVerifications,
  writeBackupReport,
  listBackupReports,
  deleteBackup
};
