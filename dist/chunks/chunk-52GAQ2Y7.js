import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  ensureWalArea,
  openRepository,
  readWalArea,
  sealBuffer,
  unsealBuffer,
  walAreaEncryption
} from "./chunk-FPPVDDJY.js";
import {
  PASSPHRASE_FINGERPRINT,
  assertRepositoryEncryption,
  createAgeDecryptStream
} from "./chunk-BPRLA547.js";
import {
  EncryptionKeyError
} from "./chunk-HSU6VSP5.js";

// src/core/wal/wal-crypto.ts
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
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
  NO_KEYS,
  WAL_ZSTD_LEVEL,
  sealWal,
  unsealWal,
  archivedComparisonFor,
  prepareWalArea
};
