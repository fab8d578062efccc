import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  CountingStream,
  HashingStream,
  childSucceeded,
  compressCommand,
  describeFailure,
  parseZstdByteCounts,
  startChild
} from "./chunk-YKYOH46V.js";
import {
  DbBackupError,
  DumpFailedError,
  InterruptedError,
  StorageError
} from "./chunk-HSU6VSP5.js";

// src/core/pipeline/dump-to-storage.ts
import { pipeline } from "node:stream/promises";
async function dumpToStorage(options) {
  options.signal?.throwIfAborted();
  const { producer, storage, key } = options;
  const directPipe = options.compression.algorithm === "zstd" && !options.tap;
  const compressor = await compressCommand(options.compression, { reportByteCounts: directPipe });
  const children = [];
  const source = startChild(producer.command, producer.args, {
    env: producer.env,
    cwd: producer.cwd,
    stdout: "pipe"
  });
  children.push({ name: producer.name, child: source });
  const compress = compressor ? startChild(compressor.command, compressor.args, {
    stdin: directPipe ? source.process.stdout : "pipe",
    stdout: "pipe"
  }) : void 0;
  if (compress) children.push({ name: compressor.command, child: compress });
  if (directPipe) source.process.stdout.destroy();
  const allChildrenSucceeded = () => Promise.all(
    children.map(async ({ name, child }) => {
      const result = await child.done;
      if (!childSucceeded(result)) throw new DumpFailedError(describeFailure(name, result));
    })
  ).then(() => void 0);
  const raw = new HashingStream();
  const limit = options.maxStoredBytes;
  const stored = new HashingStream(
    allChildrenSucceeded,
    limit === void 0 ? void 0 : {
      bytes: limit,
      error: () => new DumpFailedError(
        `the backup grew past ${Math.round(limit / 1048576)} MiB (BACKUP_MAX_SIZE_MB) and was discarded`,
        { hint: "raise BACKUP_MAX_SIZE_MB if the database really grew, or find out what filled it" }
      )
    },
    options.onBytes
  );
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

export {
  dumpToStorage
};
