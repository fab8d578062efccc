/** A pass-through stage that measures what flows through it: sha256 and byte count. */
import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

export interface Digest {
  sha256: string;
  size: number;
}

/**
 * Pass-through that hashes every byte. `beforeEnd` runs before the stream ends; if it rejects, the stream errors
 * instead of ending, so a consumer such as `storage.put` never completes on data whose producer failed.
 */
export class HashingStream extends Transform {
  private readonly hash = createHash('sha256');
  private bytes = 0;
  private readonly beforeEnd: (() => Promise<void>) | undefined;
  private readonly limit: { bytes: number; error: () => Error } | undefined;

  private readonly onBytes: ((bytes: number) => void) | undefined;

  /**
   * `limit`: the stream errors (instead of passing more) once more than `bytes` have passed. `onBytes` hears
   * the running total (progress).
   */
  constructor(
    beforeEnd?: () => Promise<void>,
    limit?: { bytes: number; error: () => Error },
    onBytes?: (bytes: number) => void,
  ) {
    super({ highWaterMark: 1 << 20 });
    this.beforeEnd = beforeEnd;
    this.limit = limit;
    this.onBytes = onBytes;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    this.onBytes?.(this.bytes);
    if (this.limit && this.bytes > this.limit.bytes) {
      callback(this.limit.error());
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
    return { sha256: this.hash.copy().digest('hex'), size: this.bytes };
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
