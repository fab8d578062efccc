import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  openRepository
} from "./chunk-MVSO23XQ.js";
import {
  ensureWalArea,
  readWalArea,
  walAreaEncryption
} from "./chunk-YVH2I7AV.js";
import {
  assertRepositoryEncryption,
  createAgeDecryptStream
} from "./chunk-WRH3XVOP.js";
import {
  PASSPHRASE_FINGERPRINT
} from "./chunk-I6YLN742.js";
import {
  EncryptionKeyError,
  VerificationFailedError
} from "./chunk-HSU6VSP5.js";

// src/core/wal/wal-crypto.ts
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

// src/core/pipeline/seal.ts
import { createHash } from "node:crypto";
var zlib = () => process.getBuiltinModule("node:zlib");
function compress(raw, options) {
  return new Promise((resolve, reject) => {
    const engine = zlib().createZstdCompress(options);
    const chunks = [];
    engine.on("data", (chunk) => {
      const last = chunks.at(-1);
      if (last && last.buffer === chunk.buffer && last.byteOffset + last.length === chunk.byteOffset)
        chunks[chunks.length - 1] = Buffer.from(last.buffer, last.byteOffset, last.length + chunk.length);
      else chunks.push(chunk);
    });
    engine.on("error", reject);
    engine.on("end", () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    engine.end(raw);
  });
}
var decompress = (input, options) => new Promise(
  (resolve, reject) => zlib().zstdDecompress(input, options, (error, result) => error ? reject(error) : resolve(result))
);
var CHUNK_SIZE = 1 << 20;
var compressChunkSize = (size) => Math.max(CHUNK_SIZE, (size >> 1) + (128 << 10));
var sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");
async function sealBuffer(raw, options) {
  const { constants } = zlib();
  const compressing = compress(raw, {
    chunkSize: compressChunkSize(raw.length),
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

// src/core/wal/wal-crypto.ts
var NO_KEYS = { identities: [], passphrases: [] };
var WAL_ZSTD_LEVEL = 1;
async function transformBuffer(transform, input) {
  const chunks = [];
  await pipeline(Readable.from([input]), transform, async (source) => {
    for await (const chunk of source) chunks.push(chunk);
  });
  return Buffer.concat(chunks);
}
async function sealWal(raw, encryptor) {
  const { body } = await sealBuffer(raw, { level: WAL_ZSTD_LEVEL, digests: false });
  return encryptor ? transformBuffer(encryptor.stream(), body) : body;
}
async function unsealWal(body, key, keys) {
  const compressed = key.endsWith(".age") ? await transformBuffer(createAgeDecryptStream(keys), body) : body;
  return unsealBuffer(compressed, key);
}
function canDecrypt(record, keys) {
  return record.recipientFingerprint === PASSPHRASE_FINGERPRINT ? keys.passphrases.length > 0 : keys.identities.length > 0;
}
function archivedComparisonFor(record, keys) {
  return record === null || canDecrypt(record, keys) ? "bytes" : "sealed-length";
}
async function repositoryEncryptionForNewArea(storage, configured) {
  try {
    return (await openRepository(storage, { create: true, encryption: configured })).encryption;
  } catch (error) {
    if (isPermissionDenied(error)) return configured;
    throw error;
  }
}
function isPermissionDenied(error) {
  for (let e = error, depth = 0; e && depth < 5; depth++) {
    if (e.code === "EACCES" || e.code === "EPERM") return true;
    e = e.cause;
  }
  return false;
}
function assertWalEncryption(record, encryptor, location) {
  try {
    assertRepositoryEncryption({ encryption: record }, encryptor, location);
  } catch (error) {
    if (!(error instanceof EncryptionKeyError)) throw error;
    throw new EncryptionKeyError(`wal-push: ${error.message}`, {
      hint: `${error.hint}; archive_command runs in the server's environment, so set it there`
    });
  }
}
async function prepareWalArea(storage, identity, encryption) {
  const encryptor = encryption?.encryptor;
  const configured = encryptor?.record ?? null;
  const existing = await readWalArea(storage);
  const expected = existing ? walAreaEncryption(existing) : await repositoryEncryptionForNewArea(storage, configured);
  assertWalEncryption(expected, encryptor, storage.location);
  const area = await ensureWalArea(storage, identity, configured, existing);
  assertWalEncryption(walAreaEncryption(area), encryptor, storage.location);
  return { area, sealing: { ...encryptor ? { encryptor } : {}, keys: encryption?.keys ?? NO_KEYS } };
}

export {
  unsealBuffer,
  NO_KEYS,
  WAL_ZSTD_LEVEL,
  sealWal,
  unsealWal,
  archivedComparisonFor,
  prepareWalArea
};
