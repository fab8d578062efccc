/** A pass-through stage that measures what flows through it: sha256 and byte count. */
import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

export interface Digest {
  sha256: string;
  size: number;
}

/** A size limit: exceeding `bytes` fails with `error()`. */
export interface ByteLimit {
  bytes: number;
  error: () => Error;
}

/** A running sha256 and byte count, with an optional size limit and progress callback. */
export class DigestAccumulator {
  private readonly hash = createHash('sha256');
  private bytes = 0;
  private readonly limit: ByteLimit | undefined;
  private readonly onBytes: ((bytes: number) => void) | undefined;

  constructor(limit?: ByteLimit, onBytes?: (bytes: number) => void) {
    this.limit = limit;
    this.onBytes = onBytes;
  }

  /** Adds `chunk`; throws the limit's error once more than its bytes have been added. */
  add(chunk: Buffer): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    this.onBytes?.(this.bytes);
    if (this.limit && this.bytes > this.limit.bytes) throw this.limit.error();
  }

  /** The digest of everything added so far. */
  digest(): Digest {
    return { sha256: this.hash.copy().digest('hex'), size: this.bytes };
  }
}

/**
 * Pass-through that hashes every byte. `beforeEnd` runs before the stream ends; if it rejects, the stream errors
 * instead of ending, so a consumer such as `storage.put` never completes on data whose producer failed.
 */
export class HashingStream extends Transform {
  private readonly accumulator: DigestAccumulator;
  private readonly beforeEnd: (() => Promise<void>) | undefined;

  /**
   * `limit`: the stream errors (instead of passing more) once more than `bytes` have passed. `onBytes` hears
   * the running total (progress).
   */
  constructor(beforeEnd?: () => Promise<void>, limit?: ByteLimit, onBytes?: (bytes: number) => void) {
    super({ highWaterMark: 1 << 20 });
    this.beforeEnd = beforeEnd;
    this.accumulator = new DigestAccumulator(limit, onBytes);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.accumulator.add(chunk);
    } catch (error) {
      callback(error as Error);
      return;
    }
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    if (!this.beforeEnd) {
      callback();
      return;
    }
    this.beforeEnd().then(
      () => callback(),
      (error: unknown) => callback(error as Error),
    );
  }

  /** The digest of everything that passed; valid once the stream has ended. */
  digest(): Digest {
    return this.accumulator.digest();
  }
}

/** Pass-through that only counts bytes (where a size is needed and a hash would be wasted work). */
export class CountingStream extends Transform {
  bytes = 0;

  constructor() {
    super({ highWaterMark: 1 << 20 });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    callback(null, chunk);
  }
}
