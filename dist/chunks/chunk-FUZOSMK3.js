import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  CountingStream,
  DigestAccumulator,
  HashingStream,
  childSucceeded,
  compressCommand,
  describeFailure,
  parentDeathPrefix,
  parseZstdByteCounts,
  startChild
} from "./chunk-NLUKSCYK.js";
import {
  DbBackupError,
  DumpFailedError,
  InterruptedError,
  StorageError
} from "./chunk-HSU6VSP5.js";

// src/core/pipeline/dump-to-storage.ts
import { pipeline } from "node:stream/promises";

// src/core/pipeline/follow-staged-file.ts
import { setTimeout as delay } from "node:timers/promises";
var READ_SIZE = 4 << 20;
var POLL_MS = 25;
var FLUSH_EVERY = 16 << 20;
async function hashWhileWritten(staged, writersExited, options = {}) {
  let exited = false;
  const whenExited = writersExited.then(() => {
    exited = true;
  });
  const digest = new DigestAccumulator(options.limit, options.onBytes);
  const buffer = Buffer.allocUnsafe(READ_SIZE);
  let position = 0;
  let sinceFlush = 0;
  let flushing;
  let flushError;
  for (; ; ) {
    const finished = exited;
    const bytesRead = await staged.read(buffer, position);
    if (bytesRead > 0) {
      digest.add(buffer.subarray(0, bytesRead));
      position += bytesRead;
      sinceFlush += bytesRead;
      if (sinceFlush >= FLUSH_EVERY && !flushing) {
        sinceFlush = 0;
        flushing = staged.flush().catch((error) => {
          flushError = error;
        }).finally(() => {
          flushing = void 0;
        });
      }
      if (flushError) throw flushError;
      continue;
    }
    if (finished) break;
    await Promise.race([whenExited, delay(POLL_MS)]);
  }
  await flushing;
  if (flushError) throw flushError;
  return digest.digest();
}

// src/core/pipeline/dump-to-storage.ts
async function dumpToStorage(options) {
  options.signal?.throwIfAborted();
  const { producer, storage, key } = options;
  const directPipe = options.compression.algorithm === "zstd" && !options.tap;
  const compressor = await compressCommand(options.compression, { reportByteCounts: directPipe });
  const staged = directPipe && !options.encrypt && storage.stageFile ? await storage.stageFile(key) : void 0;
  const lifeline = staged ? await parentDeathPrefix() : [];
  const children = [];
  const source = startChild(producer.command, producer.args, {
    env: producer.env,
    cwd: producer.cwd,
    stdout: "pipe"
  });
  children.push({ name: producer.name, child: source });
  const compressLine = compressor ? [...lifeline, compressor.command, ...compressor.args] : [];
  const compress = compressor ? startChild(compressLine[0], compressLine.slice(1), {
    stdin: directPipe ? source.process.stdout : "pipe",
    stdout: staged ? staged.fd : "pipe"
  }) : void 0;
  if (compress) children.push({ name: compressor.command, child: compress });
  if (directPipe) source.process.stdout.destroy();
  const limit = options.maxStoredBytes;
  const byteLimit = limit === void 0 ? void 0 : {
    bytes: limit,
    error: () => new DumpFailedError(
      `the backup grew past ${Math.round(limit / 1048576)} MiB (BACKUP_MAX_SIZE_MB) and was discarded`,
      { hint: "raise BACKUP_MAX_SIZE_MB if the database really grew, or find out what filled it" }
    )
  };
  if (staged)
    return await zstdIntoStagedFile({ ...options, staged, children, compress, byteLimit });
  const allChildrenSucceeded = () => childrenSucceeded(children);
  const raw = new HashingStream();
  const stored = new HashingStream(allChildrenSucceeded, byteLimit, options.onBytes);
  const compressed = new CountingStream();
  const tap = options.tap ? [options.tap] : [];
  const toStorage = options.encrypt ? [compressed, options.encrypt(), stored] : [compressed, stored];
  const flows = !compress ? [pipeline([source.process.stdout, raw, ...tap, ...toStorage])] : directPipe ? [pipeline([compress.process.stdout, ...toStorage])] : [
    pipeline(source.process.stdout, raw, ...tap, compress.process.stdin),
    pipeline([compress.process.stdout, ...toStorage])
  ];
  const upload = storage.put(key, stored);
  const stop = (reason) => {
    for (const { child } of children) child.process.kill("SIGTERM");
    stored.destroy(reason);
  };
  const onAbort = () => stop(
    options.signal?.reason instanceof DbBackupError ? options.signal.reason : new InterruptedError("the backup was interrupted; nothing was stored")
  );
  options.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    await Promise.all([...flows, upload]);
    await allChildrenSucceeded();
  } catch (caught) {
    const error = stored.errored instanceof DbBackupError ? stored.errored : caught;
    for (const { child } of children) child.process.kill("SIGTERM");
    stored.destroy();
    options.signal?.removeEventListener("abort", onAbort);
    const [uploaded] = await Promise.allSettled([upload, ...children.map((c) => c.child.done)]);
    await storage.delete(key).catch(() => void 0);
    if (error instanceof DbBackupError) throw error;
    if (uploaded.status === "rejected" && uploaded.reason instanceof StorageError) throw uploaded.reason;
    const childFailure = await allChildrenSucceeded().then(
      () => void 0,
      (e) => e
    );
    throw childFailure ?? new DumpFailedError(`backup stream failed: ${error.message}`, { cause: error });
  }
  options.signal?.removeEventListener("abort", onAbort);
  const storedDigest = stored.digest();
  if (!directPipe) return { raw: raw.digest(), stored: storedDigest };
  const counts = parseZstdByteCounts((await compress.done).stderr);
  if (!counts || counts.compressed !== compressed.bytes) {
    await storage.delete(key).catch(() => void 0);
    throw new DumpFailedError(
      `zstd reported ${counts ? `${counts.compressed} compressed bytes, but ${compressed.bytes} reached storage` : "no byte counts"}; the backup was discarded`,
      { hint: "check the zstd installation (`zstd --version`, 1.4 or newer)" }
    );
  }
  return { raw: { size: counts.raw }, stored: storedDigest };
}
function childrenSucceeded(children) {
  return Promise.all(
    children.map(async ({ name, child }) => {
      const result = await child.done;
      if (!childSucceeded(result)) throw new DumpFailedError(describeFailure(name, result));
    })
  ).then(() => void 0);
}
async function zstdIntoStagedFile(options) {
  const { storage, key, staged, children, compress } = options;
  const exited = Promise.all(children.map((c) => c.child.done));
  let stopReason;
  const stop = (reason) => {
    stopReason ??= reason;
    for (const { child } of children) child.process.kill("SIGTERM");
  };
  const onAbort = () => stop(
    options.signal?.reason instanceof DbBackupError ? options.signal.reason : new InterruptedError("the backup was interrupted; nothing was stored")
  );
  options.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    let stored;
    try {
      stored = await hashWhileWritten(staged, exited, { onBytes: options.onBytes, limit: options.byteLimit });
    } catch (error) {
      stop(error);
      throw error;
    }
    await exited;
    if (stopReason) throw stopReason;
    const compressed = await compress.done;
    if (!childSucceeded(compressed)) {
      const storageFailure = staged.writeFailure(compressed.stderr);
      if (storageFailure) throw storageFailure;
    }
    await childrenSucceeded(children);
    const counts = parseZstdByteCounts(compressed.stderr);
    if (!counts || counts.compressed !== stored.size) {
      throw new DumpFailedError(
        `zstd reported ${counts ? `${counts.compressed} compressed bytes, but ${stored.size} reached storage` : "no byte counts"}; the backup was discarded`,
        { hint: "check the zstd installation (`zstd --version`, 1.4 or newer)" }
      );
    }
    await staged.commit();
    return { raw: { size: counts.raw }, stored };
  } catch (caught) {
    for (const { child } of children) child.process.kill("SIGTERM");
    await exited;
    await staged.discard();
    await storage.delete(key).catch(() => void 0);
    if (stopReason) throw stopReason;
    if (caught instanceof DbBackupError) throw caught;
    throw new DumpFailedError(`backup stream failed: ${caught.message}`, { cause: caught });
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
  }
}

export {
  dumpToStorage
};
