/**
 * The direct routes into a staged file of a local repository (`Storage.stageFile`). Unencrypted, zstd writes
 * the file itself and Node hashes it from the page cache behind the writer (follow-staged-file.ts); encrypted,
 * zstd writes into a private socket that Node reads into one reused buffer and seals (socket-source.ts,
 * sealing-sink.ts). Either way the object is published only once every process succeeded and zstd's own byte
 * count matches what was stored.
 */
import type { Socket } from 'node:net';
import type { AgeSealer } from '../crypto/age/stream.ts';
import { DbBackupError, DumpFailedError } from '../errors.ts';
import type { StagedFile, Storage } from '../storage/types.ts';
import { childSucceeded, type RunningChild } from './child.ts';
import { parseZstdByteCounts } from './compression.ts';
import type { DumpResult } from './dump-to-storage.ts';
import { hashWhileWritten } from './follow-staged-file.ts';
import type { ByteLimit, Digest } from './hashing.ts';
import { SealingSink } from './sealing-sink.ts';
import { openSocketSource } from './socket-source.ts';
import { abortReason, childrenSucceeded, stopChildren } from './stage-children.ts';

/** How zstd's output reaches a staged file, and how its stored digest is taken. */
export interface StagedRoute {
  staged: StagedFile;
  /** zstd's stdout: the staged file itself, or the socket Node seals from. */
  compressorOutput: number | Socket;
  /** Runs once zstd has its own copy of the output (releases ours). */
  afterSpawn?: () => void;
  /** Resolves the stored digest and what zstd wrote, once the writers have exited and everything is stored. */
  collect(writersExited: Promise<unknown>): Promise<{ stored: Digest; compressedBytes: number }>;
}

/** The staged route for this dump, or undefined to stream into `put` (no socket could be made for sealing). */
export async function stagedRoute(
  storage: Storage,
  key: string,
  options: { encryptor?: { sealer(): AgeSealer }; onBytes?: (bytes: number) => void },
  limit: ByteLimit | undefined,
): Promise<StagedRoute | undefined> {
  const staged = await storage.stageFile!(key);
  const follow = { ...(options.onBytes ? { onBytes: options.onBytes } : {}), ...(limit ? { limit } : {}) };
  if (!options.encryptor) {
    return {
      staged,
      compressorOutput: staged.fd,
      collect: async (writersExited) => {
        const stored = await hashWhileWritten(staged, writersExited, follow);
        return { stored, compressedBytes: stored.size };
      },
    };
  }
  const sink = new SealingSink(staged, options.encryptor.sealer(), follow);
  const source = await openSocketSource(sink.accept).catch(() => undefined);
  if (!source) {
    // A temp directory that takes no socket (read-only, full): the stream route still works.
    await staged.discard();
    return undefined;
  }
  return {
    staged,
    compressorOutput: source.childEnd,
    afterSpawn: source.releaseChildEnd,
    collect: async () => {
      const sealed = await sink.run(source.reader);
      return { stored: sealed.stored, compressedBytes: sealed.sealedBytes };
    },
  };
}

/** The direct route: zstd's output goes into a staged file (see StagedRoute); committed on success only. */
export async function zstdIntoStagedFile(options: {
  storage: Storage;
  key: string;
  route: StagedRoute;
  children: { name: string; child: RunningChild }[];
  compress: RunningChild;
  signal?: AbortSignal;
}): Promise<DumpResult> {
  const { storage, key, route, children, compress } = options;
  const { staged } = route;
  const exited = Promise.all(children.map((c) => c.child.done));
  let stopReason: Error | undefined;
  const stop = (reason: Error) => {
    stopReason ??= reason;
    stopChildren(children);
  };
  const onAbort = () => stop(abortReason(options.signal));
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    let collected: { stored: Digest; compressedBytes: number };
    try {
      collected = await route.collect(exited);
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
    if (!counts || counts.compressed !== collected.compressedBytes) {
      throw new DumpFailedError(
        `zstd reported ${counts ? `${counts.compressed} compressed bytes, but ${collected.compressedBytes} reached storage` : 'no byte counts'}; the backup was discarded`,
        { hint: 'check the zstd installation (`zstd --version`, 1.4 or newer)' },
      );
    }
    await staged.commit();
    return { raw: { size: counts.raw }, stored: collected.stored };
  } catch (caught) {
    stopChildren(children);
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
