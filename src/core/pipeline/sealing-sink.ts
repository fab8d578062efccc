/**
 * The encrypted route into a staged file: compressed bytes arrive from a socket's reused read buffer, are
 * sealed (age) synchronously, hashed and appended to the staged file, with backpressure back to the socket.
 */
import type { Socket } from 'node:net';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { AgeSealer } from '../crypto/age/stream.ts';
import type { StagedFile } from '../storage/types.ts';
import { type ByteLimit, type Digest, DigestAccumulator } from './hashing.ts';

export interface SealedResult {
  /** sha256 and size of the ciphertext written. */
  stored: Digest;
  /** Plaintext bytes sealed (what the compressor wrote). */
  sealedBytes: number;
}

/** Seals what a socket source delivers into `staged`; `accept` is the source's chunk callback. */
export class SealingSink {
  private readonly out: Writable;
  private readonly digest: DigestAccumulator;
  private readonly sealer: AgeSealer;
  private sealedBytes = 0;
  private reader: Socket | undefined;
  private failure: Error | undefined;
  private onFailure: ((error: Error) => void) | undefined;

  constructor(
    staged: StagedFile,
    sealer: AgeSealer,
    options: { limit?: ByteLimit; onBytes?: (bytes: number) => void } = {},
  ) {
    this.sealer = sealer;
    this.out = staged.writer();
    this.digest = new DigestAccumulator(options.limit, options.onBytes);
    this.out.on('drain', () => this.reader?.resume());
    this.out.on('error', (error) => this.fail(error));
  }

  /** Seals a chunk of a reused buffer (nothing keeps a view of it); false asks the reader to pause. */
  readonly accept = (chunk: Buffer): boolean => {
    if (this.failure) return false;
    try {
      this.sealedBytes += chunk.length;
      return this.write(this.sealer.update(chunk));
    } catch (error) {
      this.fail(error as Error);
      return false;
    }
  };

  /** Resolves once `reader` ended and every byte is sealed, written and durable; rejects on the first error. */
  async run(reader: Socket): Promise<SealedResult> {
    this.reader = reader;
    const failed = new Promise<never>((_, reject) => {
      this.onFailure = reject;
      if (this.failure) reject(this.failure);
    });
    failed.catch(() => undefined); // observed through the races below; never an unhandled rejection
    reader.on('error', (error) => this.fail(error));
    const ended = new Promise<void>((resolve) => reader.once('end', resolve));
    await Promise.race([ended, failed]);
    try {
      this.write(this.sealer.final());
    } catch (error) {
      this.fail(error as Error);
    }
    this.out.end();
    await Promise.race([finished(this.out), failed]);
    return { stored: this.digest.digest(), sealedBytes: this.sealedBytes };
  }

  private write(parts: Buffer[]): boolean {
    let more = true;
    for (const part of parts) {
      this.digest.add(part);
      more = this.out.write(part);
    }
    return more;
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.reader?.destroy();
    this.out.destroy();
    this.onFailure?.(error);
  }
}
