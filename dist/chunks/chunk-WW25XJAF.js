import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  external_exports
} from "./chunk-IIQ7BM2O.js";
import {
  InvalidBackupIdError,
  RepositoryError,
  StorageObjectExistsError,
  WalAreaMismatchError
} from "./chunk-HSU6VSP5.js";

// src/core/repository/keys.ts
import { randomBytes } from "node:crypto";
var REPOSITORY_CONFIG_KEY = "db-backup.json";
var BACKUPS_PREFIX = "backups/";
var BACKUP_ID_PATTERN = /^\d{8}T\d{6}Z-[a-z0-9_-]{1,40}-[0-9a-f]{6}$/;
function slugifyDatabaseName(name) {
  const slug = name.normalize("NFKD").toLowerCase().replace(/[^a-z0-9_-]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 40);
  return slug || "db";
}
function compactTimestamp(date) {
  return date.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}Z$/, "Z");
}
function newBackupId(label, at, random = () => randomBytes(3).toString("hex")) {
  return `${compactTimestamp(at)}-${slugifyDatabaseName(label)}-${random()}`;
}
function assertBackupId(id) {
  if (!BACKUP_ID_PATTERN.test(id)) {
    throw new InvalidBackupIdError(`invalid backup id ${JSON.stringify(id)}`, {
      hint: "backup ids look like 20261122T020000Z-mydb-a1b2c3; run `db-backup list` to see them"
    });
  }
  return id;
}
function backupPrefix(id) {
  return `${BACKUPS_PREFIX}${assertBackupId(id)}/`;
}
function manifestKey(id) {
  return `${backupPrefix(id)}manifest.json`;
}
function databaseObjectKey(id, databaseName, extension) {
  return `${backupPrefix(id)}${slugifyDatabaseName(databaseName)}.${extension}`;
}
function globalsObjectKey(id, extension) {
  return `${backupPrefix(id)}globals.${extension}`;
}
function verificationPrefix(id) {
  return `verifications/${assertBackupId(id)}/`;
}
function verificationKey(id, at) {
  return `${verificationPrefix(id)}${compactTimestamp(at)}.json`;
}
function backupReportKey(id) {
  return `reports/backups/${assertBackupId(id)}.json`;
}
var DRILL_REPORTS_PREFIX = "reports/drills/";
var AUDIT_PREFIX = "audit/";
function auditEntryKey(at, random = () => randomBytes(4).toString("hex")) {
  return `${AUDIT_PREFIX}${at.toISOString().replace(/[-:]/g, "")}-${random()}.json`;
}
var SCHEDULE_STATE_KEY = "schedules.json";
function lockKey(label) {
  return `locks/${slugifyDatabaseName(label)}.lock`;
}
function backupIdOfKey(key) {
  if (!key.startsWith(BACKUPS_PREFIX)) return void 0;
  const id = key.slice(BACKUPS_PREFIX.length).split("/")[0];
  return id && BACKUP_ID_PATTERN.test(id) ? id : void 0;
}
var WAL_PREFIX = "wal/";
var WAL_AREA_KEY = "wal/area.json";
var SYSTEM_ID = /^\d{1,20}$/;
var WAL_FILE = /^(?:[0-9A-F]{24}(?:\.[0-9A-F]{8}\.backup|\.partial)?|[0-9A-F]{8}\.history)$/;
function walClusterPrefix(systemId) {
  if (!SYSTEM_ID.test(systemId))
    throw new InvalidBackupIdError(`invalid system identifier ${JSON.stringify(systemId)}`);
  return `${WAL_PREFIX}${systemId}/`;
}
function walObjectKey(systemId, name) {
  if (!WAL_FILE.test(name)) {
    throw new InvalidBackupIdError(`invalid WAL file name ${JSON.stringify(name)}`, {
      hint: "WAL file names look like 000000010000000000000002 or 00000002.history"
    });
  }
  return `${walClusterPrefix(systemId)}${name.slice(0, 8)}/${name}.zst`;
}
function walFileNameOfKey(key) {
  const m = /^wal\/\d{1,20}\/[0-9A-F]{8}\/([^/]+)\.zst$/.exec(key);
  return m && WAL_FILE.test(m[1]) ? m[1] : void 0;
}
function baseBackupObjectKey(id, extension) {
  return `${backupPrefix(id)}base.${extension}`;
}
function baseBackupManifestKey(id) {
  return `${backupPrefix(id)}backup_manifest`;
}

// src/core/wal/wal-area.ts
import { text } from "node:stream/consumers";
var WalAreaSchema = external_exports.object({
  formatVersion: external_exports.literal(1),
  systemIdentifier: external_exports.string().regex(/^\d+$/),
  pgMajor: external_exports.string(),
  walSegmentSize: external_exports.number().int().positive(),
  createdAt: external_exports.iso.datetime()
});
async function readWalArea(storage) {
  if (!await storage.stat(WAL_AREA_KEY)) return void 0;
  const parsed = WalAreaSchema.safeParse(JSON.parse(await text(await storage.get(WAL_AREA_KEY))));
  if (!parsed.success) throw new RepositoryError(`${WAL_AREA_KEY} in ${storage.location} is damaged`);
  return parsed.data;
}
async function requireWalArea(storage) {
  const area = await readWalArea(storage);
  if (!area) {
    throw new RepositoryError(`no WAL archived in ${storage.location}`, {
      hint: "set archive_command = 'db-backup wal-push %p' on the server (see the README, WAL archiving)"
    });
  }
  return area;
}
async function ensureWalArea(storage, identity) {
  let area = await readWalArea(storage);
  if (!area) {
    const fresh = { formatVersion: 1, ...identity, createdAt: (/* @__PURE__ */ new Date()).toISOString() };
    try {
      await storage.put(WAL_AREA_KEY, `${JSON.stringify(fresh, null, 2)}
`, { ifNoneExists: true });
      return fresh;
    } catch (error) {
      if (!(error instanceof StorageObjectExistsError)) throw error;
      area = await readWalArea(storage);
    }
  }
  if (area.systemIdentifier !== identity.systemIdentifier || area.pgMajor !== identity.pgMajor) {
    throw new WalAreaMismatchError(
      `the WAL area of ${storage.location} belongs to cluster ${area.systemIdentifier} (PostgreSQL ${area.pgMajor}); this is cluster ${identity.systemIdentifier} (PostgreSQL ${identity.pgMajor})`,
      {
        hint: "give each cluster (and each major version after an upgrade) its own repository: --storage / BACKUP_STORAGE"
      }
    );
  }
  return area;
}

// src/core/wal/wal-names.ts
var DEFAULT_SEGMENT_SIZE = 16 * 1024 * 1024;
var SEGMENT = /^([0-9A-F]{8})([0-9A-F]{8})([0-9A-F]{8})$/;
var HISTORY = /^([0-9A-F]{8})\.history$/;
var BACKUP = /^([0-9A-F]{8})([0-9A-F]{8})([0-9A-F]{8})\.[0-9A-F]{8}\.backup$/;
var PARTIAL = /^([0-9A-F]{8})([0-9A-F]{8})([0-9A-F]{8})\.partial$/;
var segmentsPerLog = (segmentSize) => 0x100000000n / BigInt(segmentSize);
function parseWalFileName(name, segmentSize = DEFAULT_SEGMENT_SIZE) {
  const history = HISTORY.exec(name);
  if (history) return { name, kind: "history", timeline: Number.parseInt(history[1], 16) };
  for (const [pattern, kind] of [
    [SEGMENT, "segment"],
    [BACKUP, "backup"],
    [PARTIAL, "partial"]
  ]) {
    const m = pattern.exec(name);
    if (!m) continue;
    const segno = BigInt(`0x${m[2]}`) * segmentsPerLog(segmentSize) + BigInt(`0x${m[3]}`);
    return { name, kind, timeline: Number.parseInt(m[1], 16), segno };
  }
  return void 0;
}
var hex8 = (n) => n.toString(16).toUpperCase().padStart(8, "0");
function segmentName(timeline, segno, segmentSize = DEFAULT_SEGMENT_SIZE) {
  const perLog = segmentsPerLog(segmentSize);
  return `${hex8(timeline)}${hex8(segno / perLog)}${hex8(segno % perLog)}`;
}
function parseLsn(text2) {
  const m = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(text2.trim());
  return m ? BigInt(`0x${m[1]}`) << 32n | BigInt(`0x${m[2]}`) : void 0;
}
function formatLsn(lsn) {
  return `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;
}
function segnoOfLsn(lsn, segmentSize = DEFAULT_SEGMENT_SIZE) {
  return lsn / BigInt(segmentSize);
}
function segnoBeforeLsn(lsn, segmentSize = DEFAULT_SEGMENT_SIZE) {
  return (lsn - 1n) / BigInt(segmentSize);
}
function nextSegmentNames(name, count, segmentSize = DEFAULT_SEGMENT_SIZE) {
  const parsed = parseWalFileName(name, segmentSize);
  if (parsed?.kind !== "segment") return [];
  return Array.from(
    { length: count },
    (_, i) => segmentName(parsed.timeline, parsed.segno + BigInt(i + 1), segmentSize)
  );
}

export {
  REPOSITORY_CONFIG_KEY,
  BACKUPS_PREFIX,
  compactTimestamp,
  newBackupId,
  assertBackupId,
  backupPrefix,
  manifestKey,
  databaseObjectKey,
  globalsObjectKey,
  verificationPrefix,
  verificationKey,
  backupReportKey,
  DRILL_REPORTS_PREFIX,
  AUDIT_PREFIX,
  auditEntryKey,
  SCHEDULE_STATE_KEY,
  lockKey,
  backupIdOfKey,
  walClusterPrefix,
  walObjectKey,
  walFileNameOfKey,
  baseBackupObjectKey,
  baseBackupManifestKey,
  readWalArea,
  requireWalArea,
  ensureWalArea,
  DEFAULT_SEGMENT_SIZE,
  parseWalFileName,
  segmentName,
  parseLsn,
  formatLsn,
  segnoOfLsn,
  segnoBeforeLsn,
  nextSegmentNames
};
