/**
 * A pass-through over a tar stream that keeps the content of a few named members (pg_basebackup's
 * `backup_label` and `backup_manifest`) while every byte flows on unchanged. It reads headers only: ustar
 * size fields, with GNU base-256 sizes for members over 8 GiB.
 */
import { Transform, type TransformCallback } from 'node:stream';

const BLOCK = 512;

export class TarTap extends Transform {
  /** Captured members by name (only those asked for). */
  readonly captured = new Map<string, Buffer>();
  private readonly wanted: Set<string>;
  private pending = Buffer.alloc(0);
  /** Bytes of the current member's data (plus padding) still to skip or capture. */
  private remaining = 0;
  private dataLeft = 0;
  private current: { name: string; chunks: Buffer[] } | undefined;
  private ended = false;

  constructor(names: string[]) {
    super({ highWaterMark: 1 << 20 });
    this.wanted = new Set(names);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    this.push(chunk);
    if (!this.ended) this.scan(chunk);
    callback();
  }

  private scan(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length && !this.ended) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, chunk.length - offset);
        if (this.current && this.dataLeft > 0) {
          const data = Math.min(take, this.dataLeft);
          this.current.chunks.push(chunk.subarray(offset, offset + data));
          this.dataLeft -= data;
        }
        this.remaining -= take;
        offset += take;
        if (this.remaining === 0 && this.current) {
          this.captured.set(this.current.name, Buffer.concat(this.current.chunks));
          this.current = undefined;
        }
        continue;
      }
      const need = BLOCK - this.pending.length;
      const piece = chunk.subarray(offset, offset + need);
      this.pending = Buffer.concat([this.pending, piece]);
      offset += piece.length;
      if (this.pending.length < BLOCK) return;
      const header = this.pending;
      this.pending = Buffer.alloc(0);
      if (header.every((b) => b === 0)) {
        this.ended = true;
        return;
      }
      const size = sizeOf(header.subarray(124, 136));
      const name = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
      this.remaining = Math.ceil(size / BLOCK) * BLOCK;
      this.dataLeft = size;
      this.current = this.wanted.has(name) ? { name, chunks: [] } : undefined;
      if (this.current && size === 0) {
        this.captured.set(name, Buffer.alloc(0));
        this.current = undefined;
      }
    }
  }
}

function sizeOf(field: Buffer): number {
  if (field[0]! & 0x80) {
    let value = 0;
    for (let i = 1; i < field.length; i++) value = value * 256 + field[i]!;
    return value;
  }
  return Number.parseInt(field.toString('ascii').replace(/\0.*$/s, '').trim() || '0', 8);
}
