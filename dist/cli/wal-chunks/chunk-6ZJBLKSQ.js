import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  InvalidBackupIdError
} from "./chunk-7VKVL3KC.js";

// src/core/repository/keys.ts
var REPOSITORY_CONFIG_KEY = "db-backup.json";
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

export {
  REPOSITORY_CONFIG_KEY,
  WAL_AREA_KEY,
  walObjectKey,
  walFileNameOfKey
};
