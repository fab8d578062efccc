/**
 * The object stage for small objects held in memory (WAL segments, 16 MiB): compress → (encrypt, when the
 * repository is encrypted: the age stage slots in here) → hash, the same order as the backup stream. zstd
 * runs in-process on libuv's thread pool: for many small objects a process per object would cost more than
 * the compression itself, and several segments compress in parallel on every core.
 */
import { createHash } from 'node:crypto';
import type * as Zlib from 'node:zlib';
import type { ZstdOptions } from 'node:zlib';
import { VerificationFailedError } from '../errors.ts';
import type { Digest } from './hashing.ts';

// Loaded on first use: every command imports this module (through the repository's WAL settings); few seal.
const zlib = (): typeof Zlib => process.getBuiltinModule('node:zlib');

/**
 * zlib's zstdCompress(buffer), minus one copy: the engine is driven exactly as zlib's own buffer API drives it
 * (same calls, so the same bytes), but the last output chunk, a few bytes of the frame's epilogue written into
 * the same output buffer right after the rest, is joined as a wider view instead of concatenating a copy.
 */
function compress(raw: Buffer, options: ZstdOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const engine = zlib().createZstdCompress(options);
    const chunks: Buffer[] = [];
    engine.on('data', (chunk: Buffer) => {
      const last = chunks.at(-1);
      if (last && last.buffer === chunk.buffer && last.byteOffset + last.length === chunk.byteOffset)
        chunks[chunks.length - 1] = Buffer.from(last.buffer, last.byteOffset, last.length + chunk.length);
      else chunks.push(chunk);
    });
    engine.on('error', reject);
    engine.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    engine.end(raw);
  });
}

const decompress = (input: Buffer, options: ZstdOptions): Promise<Buffer> =>
  new Promise((resolve, reject) =>
    zlib().zstdDecompress(input, options, (error, result) => (error ? reject(error) : resolve(result))),
  );

export interface SealedObject {
  /** The bytes to store. */
  body: Buffer;
  /** Digests of the raw and stored bytes; skipped with `digests: false` (zstd's frame checksum still guards). */
  raw: Digest | { size: number };
  stored: Digest | { size: number };
}

/**
 * zlib's default 16 KiB output chunks mean a JavaScript callback and a copy per 16 KiB: for a 16 MiB segment
 * that took 4x longer than the compression itself.
 */
const CHUNK_SIZE = 1 << 20;

/**
 * Compressing, one output chunk of half the input holds the whole result whenever it compresses 2x or better
 * (WAL: 3-6x): zlib then returns that chunk as it is, where 1 MiB chunks were concatenated into a copy.
 */
const compressChunkSize = (size: number): number => Math.max(CHUNK_SIZE, (size >> 1) + (128 << 10));

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Compresses (zstd with its frame checksum) and hashes `raw`; deterministic for one level and zstd build. */
export async function sealBuffer(
  raw: Buffer,
  options: { level: number; digests?: boolean },
): Promise<SealedObject> {
  const { constants } = zlib();
  const compressing = compress(raw, {
    chunkSize: compressChunkSize(raw.length),
    params: {
      [constants.ZSTD_c_compressionLevel]: options.level,
      [constants.ZSTD_c_checksumFlag]: 1,
      [constants.ZSTD_c_contentSizeFlag]: 1,
    },
  });
  if (options.digests === false) {
    const body = await compressing;
    return { body, raw: { size: raw.length }, stored: { size: body.length } };
  }
  // The raw bytes are hashed on the main thread while zstd works on the thread pool.
  const rawSha256 = sha256(raw);
  const body = await compressing;
  return {
    body,
    raw: { sha256: rawSha256, size: raw.length },
    stored: { sha256: sha256(body), size: body.length },
  };
}

/** The raw bytes of a sealed object; VerificationFailedError when it is damaged (zstd checksum). */
export async function unsealBuffer(body: Buffer, what: string): Promise<Buffer> {
  try {
    return await decompress(body, { chunkSize: CHUNK_SIZE });
  } catch (error) {
    throw new VerificationFailedError(`${what} is damaged: ${(error as Error).message}`, { cause: error });
  }
}
