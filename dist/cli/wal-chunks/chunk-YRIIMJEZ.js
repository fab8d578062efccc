import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  external_exports
} from "./chunk-AL6LR2JQ.js";
import {
  InvalidBackupIdError,
  RepositoryError,
  StorageObjectExistsError,
  VerificationFailedError,
  WalAreaMismatchError
} from "./chunk-HJGBUPWE.js";

// src/core/pipeline/seal.ts
import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { constants, zstdCompress, zstdDecompress } from "node:zlib";
var compress = promisify(zstdCompress);
var decompress = promisify(zstdDecompress);
var sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");
async function sealBuffer(raw, options) {
  const compressing = compress(raw, {
    params: {
      [constants.ZSTD_c_compressionLevel]: options.level,
      [constants.ZSTD_c_checksumFlag]: 1,
      [constants.ZSTD_c_contentSizeFlag]: 1
    }
  });
  if (options.digests === false) {
    const body2 = await compressing;
    return { body: body2, raw: { size: raw.length }, stored: { size: body2.length } };
  }
  const rawSha256 = sha256(raw);
  const body = await compressing;
  return {
    body,
    raw: { sha256: rawSha256, size: raw.length },
    stored: { sha256: sha256(body), size: body.length }
  };
}
async function unsealBuffer(body, what) {
  try {
    return await decompress(body);
  } catch (error) {
    throw new VerificationFailedError(`${what} is damaged: ${error.message}`, { cause: error });
  }
}

// src/core/repository/keys.ts
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
function nextSegmentNames(name, count, segmentSize = DEFAULT_SEGMENT_SIZE) {
  const parsed = parseWalFileName(name, segmentSize);
  if (parsed?.kind !== "segment") return [];
  return Array.from(
    { length: count },
    (_, i) => segmentName(parsed.timeline, parsed.segno + BigInt(i + 1), segmentSize)
  );
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

export {
  sealBuffer,
  unsealBuffer,
  walObjectKey,
  DEFAULT_SEGMENT_SIZE,
  parseWalFileName,
  nextSegmentNames,
  requireWalArea,
  ensureWalArea
};
