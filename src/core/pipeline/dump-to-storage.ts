/**
 * The backup stream: producer (pg_dump, pg_dumpall, tar) stdout → compressor process → hash → storage.put.
 * No temp file: memory stays flat whatever the database size. Any stage failing fails the whole stream and
 * the object never becomes visible, because the hashing stage errors instead of ending (see HashingStream).
 *
 * With zstd the producer writes straight into the compressor through an OS pipe and JavaScript only touches
 * the compressed bytes: on a busy 2-core host, passing ~500 MB of raw dump through Node costs more than the
 * whole budget for overhead. The raw size then comes from zstd's own exact byte count (cross-checked against
 * the stored size) and the raw bytes are protected by zstd's frame checksum; the raw sha256 is recorded only
 * when the raw stream passes through JavaScript anyway (gzip, none).
 */
import type { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DbBackupError, DumpFailedError, InterruptedError, StorageError } from '../errors.ts';
import type { StagedFile, Storage } from '../storage/types.ts';
import {
  childSucceeded,
  describeFailure,
  parentDeathPrefix,
  type RunningChild,
  startChild,
} from './child.ts';
import { type CompressionSpec, compressCommand, parseZstdByteCounts } from './compression.ts';
import { hashWhileWritten } from './follow-staged-file.ts';
import { type ByteLimit, CountingStream, type Digest, HashingStream } from './hashing.ts';

export interface ProducerSpec {
  /** Shown in error messages, e.g. `pg_dump`. */
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
  cwd?: string;
}

export interface DumpResult {
  /** `sha256` is absent when the raw bytes went from producer to compressor without passing through Node. */
  raw: { size: number; sha256?: string };
  stored: Digest;
}

/** Streams the producer's stdout, compressed, into `storage` under `key`; rejects (and stores nothing) on any failure. */
export async function dumpToStorage(options: {
  producer: ProducerSpec;
  compression: CompressionSpec;
  storage: Storage;
  key: string;
  /** An encrypting stage (age) between compression and hashing: the stored sha256 covers the ciphertext. */
  encrypt?: () => Transform;
  /** Aborting stops every stage and stores nothing (the reason, e.g. an InterruptedError, is thrown). */
  signal?: AbortSignal;
  /** Fail (and store nothing) once more than this many bytes would be stored (BACKUP_MAX_SIZE_MB). */
  maxStoredBytes?: number;
  /** Hears the stored bytes so far (progress). */
  onBytes?: (bytes: number) => void;
  /** A pass-through that reads the raw stream (e.g. to pick files out of a tar); it puts Node in the raw path. */
  tap?: Transform;
}): Promise<DumpResult> {
  options.signal?.throwIfAborted();
  const { producer, storage, key } = options;
  // zstd counts what it reads exactly; other codecs need Node in the raw path to know the raw size.
  const directPipe = options.compression.algorithm === 'zstd' && !options.tap;
  const compressor = await compressCommand(options.compression, { reportByteCounts: directPipe });
  const staged =
    directPipe && !options.encrypt && storage.stageFile ? await storage.stageFile(key) : undefined;
  // zstd writing a file no longer notices our death through a broken pipe; the kernel tells it instead.
  const lifeline = staged ? await parentDeathPrefix() : [];
  const children: { name: string; child: RunningChild }[] = [];
  const source = startChild(producer.command, producer.args, {
    env: producer.env,
    cwd: producer.cwd,
    stdout: 'pipe',
  });
  children.push({ name: producer.name, child: source });
  const compressLine = compressor ? [...lifeline, compressor.command, ...compressor.args] : [];
  const compress = compressor
    ? startChild(compressLine[0]!, compressLine.slice(1), {
        stdin: directPipe ? source.process.stdout! : 'pipe',
        stdout: staged ? staged.fd : 'pipe',
      })
    : undefined;
  if (compress) children.push({ name: compressor!.command, child: compress });
  // The compressor holds its own copy of the pipe; ours must go, or a dead compressor would leave the
  // producer blocked on a pipe that still has a reader instead of failing with EPIPE.
  if (directPipe) source.process.stdout!.destroy();

  const limit = options.maxStoredBytes;
  const byteLimit: ByteLimit | undefined =
    limit === undefined
      ? undefined
      : {
          bytes: limit,
          error: () =>
            new DumpFailedError(
              `the backup grew past ${Math.round(limit / 1_048_576)} MiB (BACKUP_MAX_SIZE_MB) and was discarded`,
              { hint: 'raise BACKUP_MAX_SIZE_MB if the database really grew, or find out what filled it' },
            ),
        };
  if (staged)
    return await zstdIntoStagedFile({ ...options, staged, children, compress: compress!, byteLimit });

  const allChildrenSucceeded = () => childrenSucceeded(children);

  const raw = new HashingStream();
  const stored = new HashingStream(allChildrenSucceeded, byteLimit, options.onBytes);
  // What the compressor wrote (zstd's own count is checked against it); the stored bytes differ when encrypted.
  const compressed = new CountingStream();
  const tap = options.tap ? [options.tap] : [];
  const toStorage: NodeJS.ReadWriteStream[] = options.encrypt
    ? [compressed, options.encrypt(), stored]
    : [compressed, stored];
  const flows: Promise<unknown>[] = !compress
    ? [pipeline([source.process.stdout!, raw, ...tap, ...toStorage])]
    : directPipe
      ? [pipeline([compress.process.stdout!, ...toStorage])]
      : [
          pipeline(source.process.stdout!, raw, ...tap, compress.process.stdin!),
          pipeline([compress.process.stdout!, ...toStorage]),
        ];
  const upload = storage.put(key, stored);
  const stop = (reason: Error) => {
    for (const { child } of children) child.process.kill('SIGTERM');
    stored.destroy(reason);
  };
  const onAbort = () =>
    stop(
      options.signal?.reason instanceof DbBackupError
        ? options.signal.reason
        : new InterruptedError('the backup was interrupted; nothing was stored'),
    );
  options.signal?.addEventListener('abort', onAbort, { once: true });

  try {
    await Promise.all([...flows, upload]);
    await allChildrenSucceeded();
  } catch (caught) {
    // A deliberate stop (abort, size limit) explains the failure better than the broken pipes it causes.
    const error = stored.errored instanceof DbBackupError ? stored.errored : caught;
    for (const { child } of children) child.process.kill('SIGTERM');
    stored.destroy();
    options.signal?.removeEventListener('abort', onAbort);
    const [uploaded] = await Promise.allSettled([upload, ...children.map((c) => c.child.done)]);
    await storage.delete(key).catch(() => undefined);
    // Our own errors (a child that failed first) are precise. A storage failure (disk full) comes next: it
    // breaks the pipes upstream, so the children's complaints are only its symptoms. A bare pipe error is a
    // symptom too, and the child that caused it explains more.
    if (error instanceof DbBackupError) throw error;
    if (uploaded.status === 'rejected' && uploaded.reason instanceof StorageError) throw uploaded.reason;
    const childFailure = await allChildrenSucceeded().then(
      () => undefined,
      (e: unknown) => e,
    );
    throw (
      childFailure ??
      new DumpFailedError(`backup stream failed: ${(error as Error).message}`, { cause: error })
    );
  }
  options.signal?.removeEventListener('abort', onAbort);
  const storedDigest = stored.digest();
  if (!directPipe) return { raw: raw.digest(), stored: storedDigest };
  const counts = parseZstdByteCounts((await compress!.done).stderr);
  if (!counts || counts.compressed !== compressed.bytes) {
    await storage.delete(key).catch(() => undefined);
    throw new DumpFailedError(
      `zstd reported ${counts ? `${counts.compressed} compressed bytes, but ${compressed.bytes} reached storage` : 'no byte counts'}; the backup was discarded`,
      { hint: 'check the zstd installation (`zstd --version`, 1.4 or newer)' },
    );
  }
  return { raw: { size: counts.raw }, stored: storedDigest };
}

/** Resolves when every child exited cleanly; rejects as soon as any fails, naming it. */
function childrenSucceeded(children: { name: string; child: RunningChild }[]): Promise<void> {
  return Promise.all(
    children.map(async ({ name, child }) => {
      const result = await child.done;
      if (!childSucceeded(result)) throw new DumpFailedError(describeFailure(name, result));
    }),
  ).then(() => undefined);
}

/** The direct route: zstd writes `staged` itself while it is hashed from the page cache; committed on success only. */
async function zstdIntoStagedFile(options: {
  storage: Storage;
  key: string;
  staged: StagedFile;
  children: { name: string; child: RunningChild }[];
  compress: RunningChild;
  byteLimit?: ByteLimit;
  signal?: AbortSignal;
  onBytes?: (bytes: number) => void;
}): Promise<DumpResult> {
  const { storage, key, staged, children, compress } = options;
  const exited = Promise.all(children.map((c) => c.child.done));
  let stopReason: Error | undefined;
  const stop = (reason: Error) => {
    stopReason ??= reason;
    for (const { child } of children) child.process.kill('SIGTERM');
  };
  const onAbort = () =>
    stop(
      options.signal?.reason instanceof DbBackupError
        ? options.signal.reason
        : new InterruptedError('the backup was interrupted; nothing was stored'),
    );
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    let stored: Digest;
    try {
      stored = await hashWhileWritten(staged, exited, { onBytes: options.onBytes, limit: options.byteLimit });
    } catch (error) {
      stop(error as Error);
      throw error;
    }
    await exited;
    if (stopReason) throw stopReason;
    const compressed = await compress.done;
    // A compressor that could not write names a storage condition (disk full), which explains the rest.
    if (!childSucceeded(compressed)) {
      const storageFailure = staged.writeFailure(compressed.stderr);
      if (storageFailure) throw storageFailure;
    }
    await childrenSucceeded(children);
    const counts = parseZstdByteCounts(compressed.stderr);
    if (!counts || counts.compressed !== stored.size) {
      throw new DumpFailedError(
        `zstd reported ${counts ? `${counts.compressed} compressed bytes, but ${stored.size} reached storage` : 'no byte counts'}; the backup was discarded`,
        { hint: 'check the zstd installation (`zstd --version`, 1.4 or newer)' },
      );
    }
    await staged.commit();
    return { raw: { size: counts.raw }, stored };
  } catch (caught) {
    for (const { child } of children) child.process.kill('SIGTERM');
    await exited;
    await staged.discard();
    await storage.delete(key).catch(() => undefined);
    if (stopReason) throw stopReason;
    if (caught instanceof DbBackupError) throw caught;
    throw new DumpFailedError(`backup stream failed: ${(caught as Error).message}`, { cause: caught });
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}
