import type { FileHandle } from 'node:fs/promises';
import { Writable } from 'node:stream';

/**
 * Writes to a file and makes it durable before finishing. Dirty pages are flushed in the background every
 * few MiB while writing continues, so the fsync that must finish before the rename has little left to do
 * (one final fsync of a large object would otherwise sit on the critical path of every backup).
 */
export class DurableFileWriter extends Writable {
  private static readonly SYNC_EVERY = 16 << 20;
  private readonly handle: FileHandle;
  private unsynced = 0;
  private pendingSync: Promise<void> | undefined;
  private syncError: unknown;

  constructor(handle: FileHandle) {
    super({ highWaterMark: 1 << 20 });
    this.handle = handle;
  }

  override _writev(chunks: { chunk: Buffer }[], callback: (error?: Error | null) => void): void {
    this.writeAll(chunks.map((c) => c.chunk)).then(() => callback(), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    (async () => {
      await this.pendingSync;
      if (this.syncError) throw this.syncError;
      await this.handle.sync();
    })().then(() => callback(), callback);
  }

  private async writeAll(buffers: Buffer[]): Promise<void> {
    if (this.syncError) throw this.syncError;
    let length = 0;
    for (const b of buffers) length += b.length;
    let written = 0;
    while (written < length) {
      const { bytesWritten } = await this.handle.writev(
        written === 0 ? buffers : [Buffer.concat(buffers).subarray(written)],
      );
      written += bytesWritten;
    }
    this.unsynced += length;
    if (this.unsynced >= DurableFileWriter.SYNC_EVERY && !this.pendingSync) {
      this.unsynced = 0;
      this.pendingSync = this.handle
        .datasync()
        .catch((error: unknown) => {
          this.syncError = error;
        })
        .finally(() => {
          this.pendingSync = undefined;
        });
    }
  }
}
