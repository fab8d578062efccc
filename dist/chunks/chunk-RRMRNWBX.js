import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  HashingStream,
  childSucceeded,
  decompressCommand,
  describeFailure,
  startChild
} from "./chunk-NLUKSCYK.js";
import {
  DecryptionError,
  EncryptionKeyError,
  StorageError,
  VerificationFailedError
} from "./chunk-HSU6VSP5.js";

// src/core/pipeline/storage-to-sink.ts
import { createWriteStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
var TolerantForwarder = class extends Writable {
  targetClosed = false;
  target;
  constructor(target) {
    super({ highWaterMark: 1 << 20 });
    this.target = target;
    target.on("error", () => {
      this.targetClosed = true;
    });
    target.on("close", () => {
      this.targetClosed = true;
    });
  }
  _write(chunk, _enc, callback) {
    if (this.targetClosed || this.target.write(chunk)) {
      callback();
      return;
    }
    const onDrain = () => {
      this.target.off("close", onDrain);
      callback();
    };
    this.target.once("drain", onDrain);
    this.target.once("close", onDrain);
  }
  _final(callback) {
    if (!this.targetClosed) this.target.end();
    callback();
  }
};
async function readFromStorage(options) {
  const { sink } = options;
  if (sink.kind === "file" && options.rawDigest === false && options.compression !== "none") {
    return decompressToFile(
      options.storage,
      options.key,
      options.compression,
      sink.path,
      options.decrypt,
      options.onBytes
    );
  }
  const decrypting = options.decrypt ? [options.decrypt()] : [];
  const body = await options.storage.get(options.key);
  const stored = new HashingStream(void 0, void 0, options.onBytes);
  const raw = new HashingStream();
  const decompressor = await decompressCommand(options.compression);
  const decompress = decompressor ? startChild(decompressor.command, decompressor.args, { stdin: "pipe", stdout: "pipe" }) : void 0;
  let sinkProcess;
  let sinkStdout = "";
  let destination;
  if (sink.kind === "file") {
    destination = createWriteStream(sink.path, { mode: 384 });
  } else if (sink.kind === "process") {
    sinkProcess = startChild(sink.command, sink.args, {
      stdin: "pipe",
      stdout: "pipe",
      env: sink.env,
      cwd: sink.cwd
    });
    sinkProcess.process.stdout.setEncoding("utf8");
    sinkProcess.process.stdout.on("data", (chunk) => {
      sinkStdout += chunk;
    });
    destination = new TolerantForwarder(sinkProcess.process.stdin);
  } else {
    destination = new Writable({ write: (_c, _e, cb) => cb() });
  }
  const flows = decompress ? [
    pipeline([body, stored, ...decrypting, decompress.process.stdin]),
    pipeline(decompress.process.stdout, raw, destination)
  ] : [pipeline([body, stored, ...decrypting, raw, destination])];
  try {
    await Promise.all(flows);
  } catch (error) {
    decompress?.process.kill("SIGTERM");
    sinkProcess?.process.kill("SIGTERM");
    const result = decompress ? await decompress.done : void 0;
    if (error instanceof EncryptionKeyError || error instanceof DecryptionError) throw error;
    const detail = result && !childSucceeded(result) ? describeFailure(decompressor.command, result) : error.message;
    throw new VerificationFailedError(`cannot read ${options.key}: ${detail}`, { cause: error });
  }
  if (decompress) {
    const result = await decompress.done;
    if (!childSucceeded(result)) {
      throw new VerificationFailedError(
        `cannot decompress ${options.key}: ${describeFailure(decompressor.command, result)}`
      );
    }
  }
  const sinkResult = sinkProcess ? { ...await sinkProcess.done, stdout: sinkStdout } : void 0;
  return { stored: stored.digest(), raw: raw.digest(), ...sinkResult ? { sinkResult } : {} };
}
async function decompressToFile(storage, key, compression, path, decrypt, onBytes) {
  const body = await storage.get(key);
  const stored = new HashingStream(void 0, void 0, onBytes);
  const decompressor = await decompressCommand(compression);
  const file = await open(path, "w", 384);
  let decompress;
  try {
    decompress = startChild(decompressor.command, decompressor.args, { stdin: "pipe", stdout: file.fd });
  } finally {
    await file.close();
  }
  let flowError;
  await pipeline([body, stored, ...decrypt ? [decrypt()] : [], decompress.process.stdin]).catch(
    (error) => {
      flowError = error;
      decompress.process.kill("SIGTERM");
    }
  );
  const result = await decompress.done;
  if (flowError instanceof EncryptionKeyError || flowError instanceof DecryptionError) throw flowError;
  if (/no space left on device/i.test(result.stderr)) {
    throw new StorageError(`no space left in ${dirname(path)} for the decompressed archive of ${key}`, {
      hint: "free space there, or point TMPDIR at a filesystem with room for the raw dump (see `db-backup show ID` for its raw size)"
    });
  }
  if (!childSucceeded(result) || flowError) {
    const detail = !childSucceeded(result) ? describeFailure(decompressor.command, result) : flowError.message;
    throw new VerificationFailedError(`cannot read ${key}: ${detail}`, { cause: flowError });
  }
  return { stored: stored.digest(), raw: { size: (await stat(path)).size } };
}
async function storedDigest(storage, key) {
  const hash = new HashingStream();
  await pipeline(await storage.get(key), hash, new Writable({ write: (_c, _e, cb) => cb() }));
  return hash.digest();
}
async function readIntoProcess(options) {
  const decompressor = await decompressCommand(options.compression);
  if (!decompressor) {
    const result2 = await readFromStorage(options);
    return { stored: result2.stored, sinkResult: result2.sinkResult };
  }
  const { sink } = options;
  const body = await options.storage.get(options.key);
  const stored = new HashingStream(void 0, void 0, options.onBytes);
  const decompress = startChild(decompressor.command, decompressor.args, { stdin: "pipe", stdout: "pipe" });
  const sinkProcess = startChild(sink.command, sink.args, {
    stdin: decompress.process.stdout,
    stdout: "pipe",
    env: sink.env,
    cwd: sink.cwd
  });
  decompress.process.stdout.destroy();
  let sinkStdout = "";
  sinkProcess.process.stdout.setEncoding("utf8");
  sinkProcess.process.stdout.on("data", (chunk) => {
    sinkStdout += chunk;
  });
  let flowError;
  await pipeline([
    body,
    stored,
    ...options.decrypt ? [options.decrypt()] : [],
    decompress.process.stdin
  ]).catch((error) => {
    flowError = error;
    decompress.process.kill("SIGTERM");
  });
  const [result, sinkResult] = await Promise.all([decompress.done, sinkProcess.done]);
  if (flowError instanceof EncryptionKeyError || flowError instanceof DecryptionError) throw flowError;
  const lostReader = !childSucceeded(sinkResult) && (result.signal === "SIGPIPE" || /write error|broken pipe|connection reset/i.test(result.stderr));
  const stoppedByUs = flowError !== void 0 && result.signal === "SIGTERM";
  const decompressorFailed = !childSucceeded(result) && !lostReader && !stoppedByUs;
  if (decompressorFailed || flowError !== void 0 && childSucceeded(sinkResult)) {
    const detail = decompressorFailed ? describeFailure(decompressor.command, result) : flowError.message;
    throw new VerificationFailedError(`cannot read ${options.key}: ${detail}`, { cause: flowError });
  }
  return { stored: stored.digest(), sinkResult: { ...sinkResult, stdout: sinkStdout } };
}

export {
  readFromStorage,
  storedDigest,
  readIntoProcess
};
