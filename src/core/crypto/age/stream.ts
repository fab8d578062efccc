/**
 * Streaming age v1 encryption and decryption as Node Transforms: memory stays at a couple of 64 KiB chunks
 * whatever the size. The payload is STREAM over ChaCha20-Poly1305 (nonce = 11-byte big-endian chunk counter
 * + a last-chunk flag), keyed by HKDF(file key, 16-byte nonce, "payload"). Decryption holds one chunk back
 * so it knows which chunk is last, and rejects truncation, appended and reordered chunks.
 */
import {
  createCipheriv,
  createDecipheriv,
  createSecretKey,
  hkdfSync,
  type KeyObject,
  randomBytes,
} from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { DecryptionError, EncryptionKeyError } from '../../errors.ts';
import {
  encodeHeader,
  parseHeader,
  type Stanza,
  scryptStanza,
  type UnwrapKeys,
  unwrapFileKey,
  x25519Stanza,
} from './header.ts';
import type { AgeIdentity } from './keys.ts';

export const CHUNK = 64 * 1024;
const TAG = 16;
const MAX_HEADER = 64 * 1024;

function payloadKey(fileKey: Buffer, nonce: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', fileKey, nonce, 'payload', 32));
}

function chunkNonce(counter: bigint, last: boolean): Buffer {
  const nonce = Buffer.alloc(12);
  nonce.writeBigUInt64BE(counter, 3);
  nonce[11] = last ? 1 : 0;
  return nonce;
}

/** Removes and returns the first `n` bytes of a queue of buffers (copying only when a chunk spans buffers). */
function takeBytes(queue: Buffer[], n: number): Buffer {
  const first = queue[0]!;
  if (first.length >= n) {
    if (first.length === n) queue.shift();
    else queue[0] = first.subarray(n);
    return first.subarray(0, n);
  }
  const out = Buffer.allocUnsafe(n);
  let filled = 0;
  while (filled < n) {
    const head = queue[0]!;
    const take = Math.min(head.length, n - filled);
    head.copy(out, filled, 0, take);
    filled += take;
    if (take === head.length) queue.shift();
    else queue[0] = head.subarray(take);
  }
  return out;
}

/** Removes the first `n` bytes of a queue of buffers and returns them as views, without copying. */
function takePieces(queue: Buffer[], n: number): Buffer[] {
  const pieces: Buffer[] = [];
  let taken = 0;
  while (taken < n) {
    const head = queue[0]!;
    const take = Math.min(head.length, n - taken);
    pieces.push(take === head.length ? head : head.subarray(0, take));
    taken += take;
    if (take === head.length) queue.shift();
    else queue[0] = head.subarray(take);
  }
  return pieces;
}

export interface EncryptOptions {
  /** Raw X25519 public keys (see parseRecipient). */
  recipients?: Buffer[];
  /** Passphrase mode (scrypt); exclusive with recipients. */
  passphrase?: string;
  /** scrypt work factor (log2 N) for passphrase mode; age uses 18. */
  scryptLogN?: number;
}

/**
 * Synchronous age v1 encryption, for a caller that writes the ciphertext itself. The header comes out with
 * the first call's output.
 */
export interface AgeSealer {
  /**
   * Ciphertext for the complete chunks `data` finishes; at most one chunk is held back (a chunk is sealed as
   * last only at `final`). `owned`: the caller never reuses `data`, so held-back bytes need not be copied.
   */
  update(data: Buffer, owned?: boolean): Buffer[];
  /** The rest of the file: the last chunk (and the header, for an empty payload). Call once. */
  final(): Buffer[];
}

/** A sealer that turns plaintext into an age v1 file for the recipients or the passphrase. */
export function createAgeSealer(options: EncryptOptions): AgeSealer {
  const recipients = options.recipients ?? [];
  if (recipients.length > 0 === (options.passphrase !== undefined)) {
    throw new EncryptionKeyError('encrypt to recipients or with a passphrase, not both and not neither');
  }
  const fileKey = randomBytes(16);
  const stanzas: Stanza[] =
    options.passphrase !== undefined
      ? [scryptStanza(fileKey, options.passphrase, options.scryptLogN ?? 18)]
      : recipients.map((r) => x25519Stanza(fileKey, r));
  const nonce = randomBytes(16);
  const key = createSecretKey(payloadKey(fileKey, nonce));
  let counter = 0n;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let started = false;

  // A chunk spanning input buffers is fed piece by piece: copying it together first tripled the bytes
  // allocated per chunk, and the garbage collector's work with them.
  const sealChunk = (pieces: Buffer[], last: boolean, out: Buffer[]): void => {
    const cipher = createCipheriv('chacha20-poly1305', key, chunkNonce(counter++, last), {
      authTagLength: TAG,
    });
    for (const piece of pieces) out.push(cipher.update(piece));
    cipher.final();
    out.push(cipher.getAuthTag());
  };
  const begin = (out: Buffer[]) => {
    if (started) return;
    started = true;
    out.push(encodeHeader(fileKey, stanzas), nonce);
  };

  return {
    update(data, owned = false) {
      const out: Buffer[] = [];
      begin(out);
      pending.push(data);
      pendingBytes += data.length;
      // Keep at least one byte back: a chunk can be sealed as non-last only when more data follows it.
      while (pendingBytes > CHUNK) {
        sealChunk(takePieces(pending, CHUNK), false, out);
        pendingBytes -= CHUNK;
      }
      if (!owned && pending.length > 0) pending = [Buffer.concat(pending, pendingBytes)];
      return out;
    },
    final() {
      const out: Buffer[] = [];
      begin(out);
      sealChunk(pending.length > 0 ? pending : [Buffer.alloc(0)], true, out);
      pending = [];
      return out;
    },
  };
}

/** A Transform that turns plaintext into an age v1 file for the recipients or the passphrase. */
export function createAgeEncryptStream(options: EncryptOptions): Transform {
  const sealer = createAgeSealer(options);
  return new Transform({
    // Large buffers and one push per input: every push is a write downstream (a syscall for files).
    highWaterMark: 1024 * 1024,
    transform(data: Buffer, _encoding, callback: TransformCallback) {
      for (const part of sealer.update(data, true)) this.push(part);
      callback();
    },
    flush(callback: TransformCallback) {
      for (const part of sealer.final()) this.push(part);
      callback();
    },
  });
}

export interface DecryptOptions {
  identities?: AgeIdentity[];
  passphrases?: string[];
}

/**
 * A Transform that decrypts an age v1 file; it errors with EncryptionKeyError when no identity/passphrase
 * fits and DecryptionError when the bytes are damaged.
 */
export function createAgeDecryptStream(options: DecryptOptions): Transform {
  const keys: UnwrapKeys = { identities: options.identities ?? [], passphrases: options.passphrases ?? [] };
  let head: Buffer | undefined = Buffer.alloc(0) as Buffer;
  let key: KeyObject | undefined;
  let counter = 0n;
  const queue: Buffer[] = [];
  let queued = 0;

  const openChunk = (sealed: Buffer, last: boolean): Buffer => {
    if (sealed.length < TAG) throw new DecryptionError('age payload: truncated chunk');
    const decipher = createDecipheriv('chacha20-poly1305', key!, chunkNonce(counter, last), {
      authTagLength: TAG,
    });
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG));
    try {
      const plain = decipher.update(sealed.subarray(0, sealed.length - TAG));
      decipher.final(); // authenticates; ChaCha20-Poly1305 returns no further bytes
      counter++;
      return plain;
    } catch {
      throw new DecryptionError(
        last
          ? 'age payload: the last chunk does not authenticate (damaged, truncated or extended file)'
          : `age payload: chunk ${counter} does not authenticate (damaged or reordered)`,
      );
    }
  };

  return new Transform({
    highWaterMark: 1024 * 1024,
    transform(data: Buffer, _encoding, callback: TransformCallback) {
      try {
        if (head !== undefined) {
          head = Buffer.concat([head, data]);
          const header = parseHeader(head);
          if (!header) {
            if (head.length > MAX_HEADER) throw new DecryptionError('not an age file (no header end found)');
            return callback();
          }
          if (head.length < header.length + 16) return callback();
          const fileKey = unwrapFileKey(header, keys);
          key = createSecretKey(payloadKey(fileKey, head.subarray(header.length, header.length + 16)));
          const rest = head.subarray(header.length + 16);
          if (rest.length > 0) queue.push(rest);
          queued = rest.length;
          head = undefined;
        } else {
          queue.push(data);
          queued += data.length;
        }
        // Hold the final chunk back: only the end of the stream says it is the last.
        const out: Buffer[] = [];
        while (queued > CHUNK + TAG) {
          out.push(openChunk(takeBytes(queue, CHUNK + TAG), false));
          queued -= CHUNK + TAG;
        }
        if (out.length > 0) this.push(out.length === 1 ? out[0] : Buffer.concat(out));
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
    flush(callback: TransformCallback) {
      try {
        if (head !== undefined) throw new DecryptionError('not an age file, or truncated inside its header');
        const last = Buffer.concat(queue);
        if (last.length === TAG && counter > 0n) {
          throw new DecryptionError('age payload: an empty final chunk after data is not allowed');
        }
        this.push(openChunk(last, true));
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
  });
}
