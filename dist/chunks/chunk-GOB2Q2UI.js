import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  InvalidBackupIdError
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
function walObjectKey(systemId, name, encrypted = false) {
  if (!WAL_FILE.test(name)) {
    throw new InvalidBackupIdError(`invalid WAL file name ${JSON.stringify(name)}`, {
      hint: "WAL file names look like 000000010000000000000002 or 00000002.history"
    });
  }
  return `${walClusterPrefix(systemId)}${name.slice(0, 8)}/${name}.zst${encrypted ? ".age" : ""}`;
}
function walFileNameOfKey(key) {
  const m = /^wal\/\d{1,20}\/([0-9A-F]{8})\/([^/]+)\.zst(?:\.age)?$/.exec(key);
  return m && WAL_FILE.test(m[2]) && m[2].startsWith(m[1]) ? m[2] : void 0;
}
function baseBackupObjectKey(id, extension) {
  return `${backupPrefix(id)}base.${extension}`;
}
function baseBackupManifestKey(id, encrypted = false) {
  return `${backupPrefix(id)}backup_manifest${encrypted ? ".age" : ""}`;
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
  WAL_PREFIX,
  WAL_AREA_KEY,
  walClusterPrefix,
  walObjectKey,
  walFileNameOfKey,
  baseBackupObjectKey,
  baseBackupManifestKey
};
