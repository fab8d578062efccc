/**
 * The backup stream: producer (pg_dump, pg_dumpall, tar) stdout → compressor process → hash → storage.put.
 * No temp file: memory stays flat whatever the database size. Any stage failing fails the whole stream and
 * the object never becomes visible, because the hashing stage errors instead of ending (see HashingStream).
 */
import { pipeline } from 'node:stream/promises';
import { DbBackupError, DumpFailedError } from '../errors.ts';
import type { Storage } from '../storage/types.ts';
import { childSucceeded, describeFailure, type RunningChild, startChild } from './child.ts';
import { type CompressionSpec, compressCommand } from './compression.ts';
import { type Digest, HashingStream } from './hashing.ts';

export interface ProducerSpec {
  /** Shown in error messages, e.g. `pg_dump`. */
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
  cwd?: string;
}

export interface DumpResult {
  raw: Digest;
  stored: Digest;
}

/** Streams the producer's stdout, compressed, into `storage` under `key`; rejects (and stores nothing) on any failure. */
export async function dumpToStorage(options: {
  producer: ProducerSpec;
  compression: CompressionSpec;
  storage: Storage;
  key: string;
}): Promise<DumpResult> {
  const { producer, storage, key } = options;
  const compressor = await compressCommand(options.compression);
  const children: { name: string; child: RunningChild }[] = [];
  const source = startChild(producer.command, producer.args, {
    env: producer.env,
    cwd: producer.cwd,
    stdout: 'pipe',
  });
  children.push({ name: producer.name, child: source });
  const compress = compressor
    ? startChild(compressor.command, compressor.args, { stdin: 'pipe', stdout: 'pipe' })
    : undefined;
  if (compress) children.push({ name: compressor!.command, child: compress });

  // Resolves only if every child exited cleanly; otherwise names the first that failed.
  const allChildrenSucceeded = async (): Promise<void> => {
    for (const { name, child } of children) {
      const result = await child.done;
      if (!childSucceeded(result)) throw new DumpFailedError(describeFailure(name, result));
    }
  };

  const raw = new HashingStream();
  const stored = new HashingStream(allChildrenSucceeded);
  const flows: Promise<unknown>[] = compress
    ? [
        pipeline(source.process.stdout!, raw, compress.process.stdin!),
        pipeline(compress.process.stdout!, stored),
      ]
    : [pipeline(source.process.stdout!, raw, stored)];
  const upload = storage.put(key, stored);

  try {
    await Promise.all([...flows, upload]);
    await allChildrenSucceeded();
  } catch (error) {
    for (const { child } of children) child.process.kill('SIGTERM');
    stored.destroy();
    await Promise.allSettled([upload, ...children.map((c) => c.child.done)]);
    await storage.delete(key).catch(() => undefined);
    // Our own errors (storage full, a child that failed first) are precise; a bare pipe error is a symptom,
    // and the child that caused it explains more.
    if (error instanceof DbBackupError) throw error;
    const childFailure = await allChildrenSucceeded().then(
      () => undefined,
      (e: unknown) => e,
    );
    throw (
      childFailure ??
      new DumpFailedError(`backup stream failed: ${(error as Error).message}`, { cause: error })
    );
  }
  return { raw: raw.digest(), stored: stored.digest() };
}
