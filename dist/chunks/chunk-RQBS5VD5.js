import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  WAL_AREA_KEY
} from "./chunk-NOJ5WRAG.js";
import {
  external_exports
} from "./chunk-IIQ7BM2O.js";
import {
  RepositoryError,
  StorageObjectExistsError,
  VerificationFailedError,
  WalAreaMismatchError
} from "./chunk-HSU6VSP5.js";

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

// src/core/pipeline/seal.ts
import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { constants, zstdCompress, zstdDecompress } from "node:zlib";
var compress = promisify(zstdCompress);
var decompress = promisify(zstdDecompress);
var CHUNK_SIZE = 1 << 20;
var sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");
async function sealBuffer(raw, options) {
  const compressing = compress(raw, {
    chunkSize: CHUNK_SIZE,
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
    return await decompress(body, { chunkSize: CHUNK_SIZE });
  } catch (error) {
    throw new VerificationFailedError(`${what} is damaged: ${error.message}`, { cause: error });
  }
}

export {
  readWalArea,
  requireWalArea,
  ensureWalArea,
  sealBuffer,
  unsealBuffer
};
