import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  VerificationFailedError
} from "./chunk-HSU6VSP5.js";

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

export {
  sealBuffer,
  unsealBuffer
};
