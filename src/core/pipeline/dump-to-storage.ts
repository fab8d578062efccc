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
 *
 * When the storage can hand out a file (local repositories, `Storage.stageFile`), zstd's output goes into it
 * without the stream machinery below (staged-route.ts): no byte passes through Node unencrypted, and encrypted
 * ones arrive in one reused buffer.
 */
import type { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { AgeSealer } from '../crypto/age/stream.ts';
import { DbBackupError, DumpFailedError, StorageError } from '../errors.ts';
import type { Storage } from '../storage/types.ts';
import { parentDeathPrefix, type RunningChild, startChild } from './child.ts';
import { type CompressionSpec, compressCommand, parseZstdByteCounts } from './compression.ts';
import { type ByteLimit, CountingStream, type Digest, HashingStream } from './hashing.ts';
import { abortReason, childrenSucceeded, stopChildren } from './stage-children.ts';
import { stagedRoute, zstdIntoStagedFile } from './staged-route.ts';

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
  /** Encryption (age) between compression and hashing: the stored sha256 covers the ciphertext. */
  encryptor?: { stream(): Transform; sealer(): AgeSealer };
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
  const route =
    directPipe && storage.stageFile ? await stagedRoute(storage, key, options, byteLimit) : undefined;
  // zstd writing a file no longer notices our death through a broken pipe; the kernel tells it instead.
  const lifeline = route ? await parentDeathPrefix() : [];
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
        stdout: route ? route.compressorOutput : 'pipe',
      })
    : undefined;
  if (compress) children.push({ name: compressor!.command, child: compress });
  // The compressor holds its own copy of the pipe; ours must go, or a dead compressor would leave the
  // producer blocked on a pipe that still has a reader instead of failing with EPIPE.
  if (directPipe) source.process.stdout!.destroy();
  if (route) {
    route.afterSpawn?.();
    return await zstdIntoStagedFile({ ...options, route, children, compress: compress! });
  }

  const allChildrenSucceeded = () => childrenSucceeded(children);

  const raw = new HashingStream();
  const stored = new HashingStream(allChildrenSucceeded, byteLimit, options.onBytes);
  // What the compressor wrote (zstd's own count is checked against it); the stored bytes differ when encrypted.
  const compressed = new CountingStream();
  const tap = options.tap ? [options.tap] : [];
  const toStorage: NodeJS.ReadWriteStream[] = options.encryptor
    ? [compressed, options.encryptor.stream(), stored]
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
    stopChildren(children);
    stored.destroy(reason);
  };
  const onAbort = () => stop(abortReason(options.signal));
  options.signal?.addEventListener('abort', onAbort, { once: true });

  try {
    await Promise.all([...flows, upload]);
    await allChildrenSucceeded();
  } catch (caught) {
    // A deliberate stop (abort, size limit) explains the failure better than the broken pipes it causes.
    const error = stored.errored instanceof DbBackupError ? stored.errored : caught;
    stopChildren(children);
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
