import type { FileHandle } from 'node:fs/promises';
import { Writable } from 'node:stream';

/**
 * Flushes a file's dirty pages in the background every few MiB written, one flush at a time, so the fsync that
 * must finish before the rename has little left to do (one final fsync of a large object would otherwise sit
 * on the critical path of every backup). A failed flush is reported by the next `wrote` or by `settle`.
 */
export class BackgroundFlush {
  static readonly EVERY = 16 << 20;
  private readonly flush: () => Promise<void>;
  private unflushed = 0;
  private pending: Promise<void> | undefined;
  private error: unknown;

  constructor(flush: () => Promise<void>) {
    this.flush = flush;
  }

  /** Throws the error of a flush that failed. */
  throwIfFailed(): void {
    if (this.error) throw this.error;
  }

  /** Counts `bytes` just written, starting a flush once enough have gathered; throws an earlier flush's error. */
  wrote(bytes: number): void {
    this.throwIfFailed();
    this.unflushed += bytes;
    if (this.unflushed < BackgroundFlush.EVERY || this.pending) return;
    this.unflushed = 0;
    this.pending = this.flush()
      .catch((error: unknown) => {
        this.error = error;
      })
      .finally(() => {
        this.pending = undefined;
      });
  }

  /** Waits for the flush in progress; rejects with any flush's error. */
  async settle(): Promise<void> {
    await this.pending;
    if (this.error) throw this.error;
  }
}

/** Writes to a file and makes it durable before finishing, flushing in the background as it goes. */
export class DurableFileWriter extends Writable {
  private readonly handle: FileHandle;
  private readonly flushes: BackgroundFlush;

  constructor(handle: FileHandle) {
    super({ highWaterMark: 1 << 20 });
    this.handle = handle;
    this.flushes = new BackgroundFlush(() => handle.datasync());
  }

  override _writev(chunks: { chunk: Buffer }[], callback: (error?: Error | null) => void): void {
    this.writeAll(chunks.map((c) => c.chunk)).then(() => callback(), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    (async () => {
      await this.flushes.settle();
      await this.handle.sync();
    })().then(() => callback(), callback);
  }

  private async writeAll(buffers: Buffer[]): Promise<void> {
    this.flushes.throwIfFailed();
    let length = 0;
    for (const b of buffers) length += b.length;
    let written = 0;
    while (written < length) {
      const { bytesWritten } = await this.handle.writev(
        written === 0 ? buffers : [Buffer.concat(buffers).subarray(written)],
      );
      written += bytesWritten;
    }
    this.flushes.wrote(length);
  }
}
