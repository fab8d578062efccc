/**
 * The read stream: storage.get → hash (stored bytes) → decompressor process → hash (raw bytes) → sink.
 * The sink is a file (restore, so pg_restore -j can seek and the checksum is known before the target is
 * touched) or a process such as `pg_restore --list` that may stop reading early; the hashes still cover
 * every byte, so verification always reads the whole object.
 */
import { createWriteStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DecryptionError, EncryptionKeyError, StorageError, VerificationFailedError } from '../errors.ts';
import type { Storage } from '../storage/types.ts';
import { type ChildResult, childSucceeded, describeFailure, startChild } from './child.ts';
import { type CompressionAlgorithm, decompressCommand } from './compression.ts';
import { type Digest, HashingStream } from './hashing.ts';

export type Sink =
  | { kind: 'file'; path: string }
  | {
      kind: 'process';
      name: string;
      command: string;
      args: string[];
      env?: Record<string, string>;
      cwd?: string;
    }
  | { kind: 'discard' };

export interface ReadResult {
  stored: Digest;
  /** `sha256` is absent for a file sink written by the decompressor directly (`rawDigest: false`). */
  raw: { size: number; sha256?: string };
  /** The sink process's result (for `kind: 'process'`), including its stdout. */
  sinkResult?: ChildResult & { stdout: string };
}

/** Forwards to a writable that may close early (a reader that has seen enough); later bytes are dropped. */
class TolerantForwarder extends Writable {
  private targetClosed = false;
  private readonly target: NodeJS.WritableStream & Writable;
  constructor(target: NodeJS.WritableStream & Writable) {
    super({ highWaterMark: 1 << 20 });
    this.target = target;
    target.on('error', () => {
      this.targetClosed = true;
    });
    target.on('close', () => {
      this.targetClosed = true;
    });
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.targetClosed || this.target.write(chunk)) {
      callback();
      return;
    }
    const onDrain = () => {
      this.target.off('close', onDrain);
      callback();
    };
    this.target.once('drain', onDrain);
    this.target.once('close', onDrain);
  }
  override _final(callback: (error?: Error | null) => void): void {
    if (!this.targetClosed) this.target.end();
    callback();
  }
}

/**
 * Reads `key`, decompresses it and delivers the raw bytes to `sink`, returning both digests. With
 * `rawDigest: false` and a file sink, the decompressor writes the file itself (the raw bytes skip Node; the
 * codec's checksum still guards them) and the raw size is the file's size.
 */
export async function readFromStorage(options: {
  storage: Storage;
  key: string;
  compression: CompressionAlgorithm;
  sink: Sink;
  rawDigest?: boolean;
  /** A decrypting stage (age) after the stored-bytes hash: the stored sha256 is over the ciphertext. */
  decrypt?: () => Transform;
  /** Hears the stored bytes read so far (progress). */
  onBytes?: (bytes: number) => void;
}): Promise<ReadResult> {
  const { sink } = options;
  if (sink.kind === 'file' && options.rawDigest === false && options.compression !== 'none') {
    return decompressToFile(
      options.storage,
      options.key,
      options.compression,
      sink.path,
      options.decrypt,
      options.onBytes,
    );
  }
  const decrypting = options.decrypt ? [options.decrypt()] : [];
  const body = await options.storage.get(options.key);
  const stored = new HashingStream(undefined, undefined, options.onBytes);
  const raw = new HashingStream();
  const decompressor = await decompressCommand(options.compression);
  const decompress = decompressor
    ? startChild(decompressor.command, decompressor.args, { stdin: 'pipe', stdout: 'pipe' })
    : undefined;

  let sinkProcess: ReturnType<typeof startChild> | undefined;
  let sinkStdout = '';
  let destination: NodeJS.WritableStream;
  if (sink.kind === 'file') {
    destination = createWriteStream(sink.path, { mode: 0o600 });
  } else if (sink.kind === 'process') {
    sinkProcess = startChild(sink.command, sink.args, {
      stdin: 'pipe',
      stdout: 'pipe',
      env: sink.env,
      cwd: sink.cwd,
    });
    sinkProcess.process.stdout!.setEncoding('utf8');
    sinkProcess.process.stdout!.on('data', (chunk: string) => {
      sinkStdout += chunk;
    });
    destination = new TolerantForwarder(sinkProcess.process.stdin!);
  } else {
    destination = new Writable({ write: (_c, _e, cb) => cb() });
  }

  const flows = decompress
    ? [
        pipeline([body, stored, ...decrypting, decompress.process.stdin!]),
        pipeline(decompress.process.stdout!, raw, destination),
      ]
    : [pipeline([body, stored, ...decrypting, raw, destination])];
  try {
    await Promise.all(flows);
  } catch (error) {
    decompress?.process.kill('SIGTERM');
    sinkProcess?.process.kill('SIGTERM');
    const result = decompress ? await decompress.done : undefined;
    // A missing or wrong key, or damaged ciphertext, says more than the decompressor that starved.
    if (error instanceof EncryptionKeyError || error instanceof DecryptionError) throw error;
    const detail =
      result && !childSucceeded(result)
        ? describeFailure(decompressor!.command, result)
        : (error as Error).message;
    throw new VerificationFailedError(`cannot read ${options.key}: ${detail}`, { cause: error });
  }
  if (decompress) {
    const result = await decompress.done;
    if (!childSucceeded(result)) {
      throw new VerificationFailedError(
        `cannot decompress ${options.key}: ${describeFailure(decompressor!.command, result)}`,
      );
    }
  }
  const sinkResult = sinkProcess ? { ...(await sinkProcess.done), stdout: sinkStdout } : undefined;
  return { stored: stored.digest(), raw: raw.digest(), ...(sinkResult ? { sinkResult } : {}) };
}

async function decompressToFile(
  storage: Storage,
  key: string,
  compression: CompressionAlgorithm,
  path: string,
  decrypt?: () => Transform,
  onBytes?: (bytes: number) => void,
): Promise<ReadResult> {
  const body = await storage.get(key);
  const stored = new HashingStream(undefined, undefined, onBytes);
  const decompressor = (await decompressCommand(compression))!;
  const file = await open(path, 'w', 0o600);
  let decompress: ReturnType<typeof startChild>;
  try {
    decompress = startChild(decompressor.command, decompressor.args, { stdin: 'pipe', stdout: file.fd });
  } finally {
    await file.close();
  }
  let flowError: unknown;
  await pipeline([body, stored, ...(decrypt ? [decrypt()] : []), decompress.process.stdin!]).catch(
    (error: unknown) => {
      flowError = error;
      decompress.process.kill('SIGTERM');
    },
  );
  const result = await decompress.done;
  if (flowError instanceof EncryptionKeyError || flowError instanceof DecryptionError) throw flowError;
  // A full work directory is not damage in the backup: say where space is missing and how to move it.
  if (/no space left on device/i.test(result.stderr)) {
    throw new StorageError(`no space left in ${dirname(path)} for the decompressed archive of ${key}`, {
      hint: 'free space there, or point TMPDIR at a filesystem with room for the raw dump (see `db-backup show ID` for its raw size)',
    });
  }
  if (!childSucceeded(result) || flowError) {
    const detail = !childSucceeded(result)
      ? describeFailure(decompressor.command, result)
      : (flowError as Error).message;
    throw new VerificationFailedError(`cannot read ${key}: ${detail}`, { cause: flowError });
  }
  return { stored: stored.digest(), raw: { size: (await stat(path)).size } };
}

/** The sha256 and size of the stored bytes alone (no decompression): tells damage apart from a codec problem. */
export async function storedDigest(storage: Storage, key: string): Promise<Digest> {
  const hash = new HashingStream();
  await pipeline(await storage.get(key), hash, new Writable({ write: (_c, _e, cb) => cb() }));
  return hash.digest();
}

/**
 * Reads `key` into a sink process with the raw bytes going from the decompressor straight into it through an
 * OS pipe (they never enter Node, which only hashes the stored bytes): for unpacking a base backup, whose
 * raw bytes are guarded by the codec's checksum and by `tar` itself. Throws VerificationFailedError when
 * reading or decompressing fails; a failing sink is returned in `sinkResult` for the caller to name.
 */
export async function readIntoProcess(options: {
  storage: Storage;
  key: string;
  compression: CompressionAlgorithm;
  sink: Extract<Sink, { kind: 'process' }>;
  decrypt?: () => Transform;
  onBytes?: (bytes: number) => void;
}): Promise<{ stored: Digest; sinkResult: ChildResult & { stdout: string } }> {
  const decompressor = await decompressCommand(options.compression);
  if (!decompressor) {
    const result = await readFromStorage(options);
    return { stored: result.stored, sinkResult: result.sinkResult! };
  }
  const { sink } = options;
  const body = await options.storage.get(options.key);
  const stored = new HashingStream(undefined, undefined, options.onBytes);
  const decompress = startChild(decompressor.command, decompressor.args, { stdin: 'pipe', stdout: 'pipe' });
  const sinkProcess = startChild(sink.command, sink.args, {
    stdin: decompress.process.stdout!,
    stdout: 'pipe',
    env: sink.env,
    cwd: sink.cwd,
  });
  // The sink holds its own copy of the pipe's read end; ours would keep the decompressor's stdout from closing.
  decompress.process.stdout!.destroy();
  let sinkStdout = '';
  sinkProcess.process.stdout!.setEncoding('utf8');
  sinkProcess.process.stdout!.on('data', (chunk: string) => {
    sinkStdout += chunk;
  });
  let flowError: unknown;
  await pipeline([
    body,
    stored,
    ...(options.decrypt ? [options.decrypt()] : []),
    decompress.process.stdin!,
  ]).catch((error: unknown) => {
    flowError = error;
    decompress.process.kill('SIGTERM');
  });
  const [result, sinkResult] = await Promise.all([decompress.done, sinkProcess.done]);
  if (flowError instanceof EncryptionKeyError || flowError instanceof DecryptionError) throw flowError;
  // A decompressor that lost its reader (SIGPIPE; or, as children of Node ignore it, a write error on the
  // socket Node's stdio uses): the sink's failure is the one to name. One we stopped after a failed read: the
  // read error is.
  const lostReader =
    !childSucceeded(sinkResult) &&
    (result.signal === 'SIGPIPE' || /write error|broken pipe|connection reset/i.test(result.stderr));
  const stoppedByUs = flowError !== undefined && result.signal === 'SIGTERM';
  const decompressorFailed = !childSucceeded(result) && !lostReader && !stoppedByUs;
  if (decompressorFailed || (flowError !== undefined && childSucceeded(sinkResult))) {
    const detail = decompressorFailed
      ? describeFailure(decompressor.command, result)
      : (flowError as Error).message;
    throw new VerificationFailedError(`cannot read ${options.key}: ${detail}`, { cause: flowError });
  }
  return { stored: stored.digest(), sinkResult: { ...sinkResult, stdout: sinkStdout } };
}
