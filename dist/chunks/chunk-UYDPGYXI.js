import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);

// src/core/storage/durable-file-writer.ts
import { Writable } from "node:stream";
var BackgroundFlush = class _BackgroundFlush {
  static EVERY = 16 << 20;
  flush;
  unflushed = 0;
  pending;
  error;
  constructor(flush) {
    this.flush = flush;
  }
  /** Throws the error of a flush that failed. */
  throwIfFailed() {
    if (this.error) throw this.error;
  }
  /** Counts `bytes` just written, starting a flush once enough have gathered; throws an earlier flush's error. */
  wrote(bytes) {
    this.throwIfFailed();
    this.unflushed += bytes;
    if (this.unflushed < _BackgroundFlush.EVERY || this.pending) return;
    this.unflushed = 0;
    this.pending = this.flush().catch((error) => {
      this.error = error;
    }).finally(() => {
      this.pending = void 0;
    });
  }
  /** Waits for the flush in progress; rejects with any flush's error. */
  async settle() {
    await this.pending;
    if (this.error) throw this.error;
  }
};
var DurableFileWriter = class extends Writable {
  handle;
  flushes;
  constructor(handle) {
    super({ highWaterMark: 1 << 20 });
    this.handle = handle;
    this.flushes = new BackgroundFlush(() => handle.datasync());
  }
  _writev(chunks, callback) {
    this.writeAll(chunks.map((c) => c.chunk)).then(() => callback(), callback);
  }
  _final(callback) {
    (async () => {
      await this.flushes.settle();
      await this.handle.sync();
    })().then(() => callback(), callback);
  }
  async writeAll(buffers) {
    this.flushes.throwIfFailed();
    let length = 0;
    for (const b of buffers) length += b.length;
    let written = 0;
    while (written < length) {
      const { bytesWritten } = await this.handle.writev(
        written === 0 ? buffers : [Buffer.concat(buffers).subarray(written)]
      );
      written += bytesWritten;
    }
    this.flushes.wrote(length);
  }
};

export {
  BackgroundFlush,
  DurableFileWriter
};
