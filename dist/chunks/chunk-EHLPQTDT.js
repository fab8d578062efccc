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
  BackgroundFlush
} from "./chunk-UYDPGYXI.js";
import {
  DbBackupError,
  DumpFailedError,
  InterruptedError,
  StorageError
} from "./chunk-HSU6VSP5.js";

// src/core/pipeline/dump-to-storage.ts
import { pipeline } from "node:stream/promises";

// src/core/pipeline/stage-children.ts
function abortReason(signal) {
  return signal?.reason instanceof DbBackupError ? signal.reason : new InterruptedError("the backup was interrupted; nothing was stored");
}
var KILL_AFTER_MS = 5e3;
function stopChildren(children) {
  for (const { child } of children) {
    if (child.process.exitCode !== null || child.process.signalCode !== null) continue;
    child.process.kill("SIGTERM");
    const timer = setTimeout(() => child.process.kill("SIGKILL"), KILL_AFTER_MS);
    timer.unref();
    void child.done.then(() => clearTimeout(timer));
  }
}
function childrenSucceeded(children) {
  return Promise.all(
    children.map(async ({ name, child }) => {
      const result = await child.done;
      if (!childSucceeded(result)) throw new DumpFailedError(describeFailure(name, result));
    })
  ).then(() => void 0);
}

// src/core/pipeline/follow-staged-file.ts
import { setTimeout as delay } from "node:timers/promises";
var READ_SIZE = 4 << 20;
var POLL_MS = 25;
async function hashWhileWritten(staged, writersExited, options = {}) {
  let exited = false;
  const whenExited = writersExited.then(() => {
    exited = true;
  });
  const digest = new DigestAccumulator(options.limit, options.onBytes);
  const buffer = Buffer.allocUnsafe(READ_SIZE);
  const flushes = new BackgroundFlush(() => staged.flush());
  let position = 0;
  for (; ; ) {
    const finished2 = exited;
    const bytesRead = await staged.read(buffer, position);
    if (bytesRead > 0) {
      digest.add(buffer.subarray(0, bytesRead));
      position += bytesRead;
      flushes.wrote(bytesRead);
      continue;
    }
    if (finished2) break;
    await Promise.race([whenExited, delay(POLL_MS)]);
  }
  await flushes.settle();
  return digest.digest();
}

// src/core/pipeline/sealing-sink.ts
import { finished } from "node:stream/promises";
var SealingSink = class {
  out;
  digest;
  sealer;
  sealedBytes = 0;
  reader;
  failure;
  onFailure;
  constructor(staged, sealer, options = {}) {
    this.sealer = sealer;
    this.out = staged.writer();
    this.digest = new DigestAccumulator(options.limit, options.onBytes);
    this.out.on("drain", () => this.reader?.resume());
    this.out.on("error", (error) => this.fail(error));
  }
  /** Seals a chunk of a reused buffer (nothing keeps a view of it); false asks the reader to pause. */
  accept = (chunk) => {
    if (this.failure) return false;
    try {
      this.sealedBytes += chunk.length;
      return this.write(this.sealer.update(chunk));
    } catch (error) {
      this.fail(error);
      return false;
    }
  };
  /** Resolves once `reader` ended and every byte is sealed, written and durable; rejects on the first error. */
  async run(reader) {
    this.reader = reader;
    const failed = new Promise((_, reject) => {
      this.onFailure = reject;
      if (this.failure) reject(this.failure);
    });
    failed.catch(() => void 0);
    reader.on("error", (error) => this.fail(error));
    const ended = new Promise((resolve) => reader.once("end", resolve));
    await Promise.race([ended, failed]);
    try {
      this.write(this.sealer.final());
    } catch (error) {
      this.fail(error);
    }
    this.out.end();
    await Promise.race([finished(this.out), failed]);
    return { stored: this.digest.digest(), sealedBytes: this.sealedBytes };
  }
  write(parts) {
    let more = true;
    for (const part of parts) {
      this.digest.add(part);
      more = this.out.write(part);
    }
    return more;
  }
  fail(error) {
    if (this.failure) return;
    this.failure = error;
    this.reader?.destroy();
    this.out.destroy();
    this.onFailure?.(error);
  }
};

// src/core/pipeline/socket-source.ts
import { mkdtemp, rm } from "node:fs/promises";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
var READ_BUFFER = 1 << 20;
async function openSocketSource(onChunk) {
  const dir = await mkdtemp(join(tmpdir(), "db-backup-"));
  const path = join(dir, "stdout.sock");
  const server = createServer({ pauseOnConnect: true });
  try {
    await new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(path, resolve);
    });
    const accepted = new Promise((resolve) => server.once("connection", resolve));
    const reader = connect({
      path,
      onread: {
        buffer: Buffer.allocUnsafe(READ_BUFFER),
        callback: (bytes, buffer) => onChunk(buffer.subarray(0, bytes))
      }
    });
    await new Promise((resolve, reject) => {
      reader.once("connect", resolve);
      reader.once("error", reject);
    });
    const childEnd = await accepted;
    return { childEnd, reader, releaseChildEnd: () => childEnd.destroy() };
  } finally {
    server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

// src/core/pipeline/staged-route.ts
async function stagedRoute(storage, key, options, limit) {
  const staged = await storage.stageFile(key);
  const follow = { ...options.onBytes ? { onBytes: options.onBytes } : {}, ...limit ? { limit } : {} };
  if (!options.encryptor) {
    return {
      staged,
      compressorOutput: staged.fd,
      collect: async (writersExited) => {
        const stored = await hashWhileWritten(staged, writersExited, follow);
        return { stored, compressedBytes: stored.size };
      }
    };
  }
  const sink = new SealingSink(staged, options.encryptor.sealer(), follow);
  const source = await openSocketSource(sink.accept).catch(() => void 0);
  if (!source) {
    await staged.discard();
    return void 0;
  }
  return {
    staged,
    compressorOutput: source.childEnd,
    afterSpawn: source.releaseChildEnd,
    collect: async () => {
      const sealed = await sink.run(source.reader);
      return { stored: sealed.stored, compressedBytes: sealed.sealedBytes };
    }
  };
}
async function zstdIntoStagedFile(options) {
  const { storage, key, route, children, compress } = options;
  const { staged } = route;
  const exited = Promise.all(children.map((c) => c.child.done));
  let stopReason;
  const stop = (reason) => {
    stopReason ??= reason;
    stopChildren(children);
  };
  const onAbort = () => stop(abortReason(options.signal));
  options.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    let collected;
    try {
      collected = await route.collect(exited);
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
    if (!counts || counts.compressed !== collected.compressedBytes) {
      throw new DumpFailedError(
        `zstd reported ${counts ? `${counts.compressed} compressed bytes, but ${collected.compressedBytes} reached storage` : "no byte counts"}; the backup was discarded`,
        { hint: "check the zstd installation (`zstd --version`, 1.4 or newer)" }
      );
    }
    await staged.commit();
    return { raw: { size: counts.raw }, stored: collected.stored };
  } catch (caught) {
    stopChildren(children);
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

// src/core/pipeline/dump-to-storage.ts
async function dumpToStorage(options) {
  options.signal?.throwIfAborted();
  const { producer, storage, key } = options;
  const directPipe = options.compression.algorithm === "zstd" && !options.tap;
  const compressor = await compressCommand(options.compression, { reportByteCounts: directPipe });
  const limit = options.maxStoredBytes;
  const byteLimit = limit === void 0 ? void 0 : {
    bytes: limit,
    error: () => new DumpFailedError(
      `the backup grew past ${Math.round(limit / 1048576)} MiB (BACKUP_MAX_SIZE_MB) and was discarded`,
      { hint: "raise BACKUP_MAX_SIZE_MB if the database really grew, or find out what filled it" }
    )
  };
  const route = directPipe && storage.stageFile ? await stagedRoute(storage, key, options, byteLimit) : void 0;
  const lifeline = route ? await parentDeathPrefix() : [];
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
    stdout: route ? route.compressorOutput : "pipe"
  }) : void 0;
  if (compress) children.push({ name: compressor.command, child: compress });
  if (directPipe) source.process.stdout.destroy();
  if (route) {
    route.afterSpawn?.();
    return await zstdIntoStagedFile({ ...options, route, children, compress });
  }
  const allChildrenSucceeded = () => childrenSucceeded(children);
  const raw = new HashingStream();
  const stored = new HashingStream(allChildrenSucceeded, byteLimit, options.onBytes);
  const compressed = new CountingStream();
  const tap = options.tap ? [options.tap] : [];
  const toStorage = options.encryptor ? [compressed, options.encryptor.stream(), stored] : [compressed, stored];
  const flows = !compress ? [pipeline([source.process.stdout, raw, ...tap, ...toStorage])] : directPipe ? [pipeline([compress.process.stdout, ...toStorage])] : [
    pipeline(source.process.stdout, raw, ...tap, compress.process.stdin),
    pipeline([compress.process.stdout, ...toStorage])
  ];
  const upload = storage.put(key, stored);
  const stop = (reason) => {
    stopChildren(children);
    stored.destroy(reason);
  };
  const onAbort = () => stop(abortReason(options.signal));
  options.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    await Promise.all([...flows, upload]);
    await allChildrenSucceeded();
  } catch (caught) {
    const error = stored.errored instanceof DbBackupError ? stored.errored : caught;
    stopChildren(children);
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

export {
  dumpToStorage
};
