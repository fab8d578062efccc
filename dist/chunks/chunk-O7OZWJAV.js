import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  findExecutable
} from "./chunk-PIVGSPXT.js";
import {
  redact
} from "./chunk-XSSEYECF.js";
import {
  BinaryNotFoundError,
  DecryptionError,
  EncryptionKeyError,
  StorageError,
  VerificationFailedError
} from "./chunk-HSU6VSP5.js";

// src/core/backup/base-archive.ts
import { createHash as createHash2 } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";

// src/core/pipeline/child.ts
import { spawn } from "node:child_process";
var STDERR_LIMIT = 64 * 1024;
function startChild(command, args, options = {}) {
  const child = spawn(command, args, {
    env: { ...process.env, ...options.env },
    cwd: options.cwd,
    ...options.signal ? { signal: options.signal } : {},
    stdio: [options.stdin ?? "ignore", options.stdout ?? "pipe", "pipe"]
  });
  let stderr = "";
  let partial = "";
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk) => {
    stderr = (stderr + chunk).slice(-STDERR_LIMIT);
    if (options.onStderrLine) {
      const lines = (partial + chunk).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) options.onStderrLine(line);
    }
  });
  const done = new Promise((resolve) => {
    let spawnError;
    child.once("error", (error) => {
      spawnError = error;
    });
    child.once("close", (code, signal) => {
      resolve({
        code: spawnError ? -1 : code,
        signal,
        stderr: spawnError ? String(spawnError.message) : stderr
      });
    });
  });
  return { process: child, done };
}
async function runChild(command, args, options = {}) {
  const running = startChild(command, args, { ...options, stdout: "pipe" });
  let stdout = "";
  running.process.stdout?.setEncoding("utf8");
  running.process.stdout?.on("data", (chunk) => {
    stdout += chunk;
  });
  const result = await running.done;
  return { ...result, stdout };
}
function childSucceeded(result) {
  return result.code === 0 && !/^(pg_dump|pg_dumpall|pg_restore|psql)?:?\s*(error|fatal):/im.test(result.stderr);
}
function describeFailure(name, result) {
  const how = result.signal ? `was killed by ${result.signal}` : `exited with code ${result.code}`;
  const lines = result.stderr.trim().split("\n");
  const errors = lines.filter((l) => /\b(error|fatal):/i.test(l)).slice(0, 4);
  const tail = [.../* @__PURE__ */ new Set([...errors, ...lines.slice(-6)])].join("\n    ");
  return redact(`${name} ${how}${tail ? `:
    ${tail}` : ""}`);
}

// src/core/pipeline/storage-to-sink.ts
import { createWriteStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";

// src/core/pipeline/compression.ts
function defaultLevel(algorithm) {
  return algorithm === "zstd" ? 3 : algorithm === "gzip" ? 6 : 0;
}
function objectExtension(base, algorithm) {
  return algorithm === "zstd" ? `${base}.zst` : algorithm === "gzip" ? `${base}.gz` : base;
}
async function compressCommand(spec, options = {}) {
  if (spec.algorithm === "none") return void 0;
  const command = await requireTool(spec.algorithm);
  const args = spec.algorithm === "zstd" ? [options.reportByteCounts ? "-vv" : "-q", `-${spec.level}`, "-T0", "--check", "-c"] : ["-c", `-${spec.level}`, "-n"];
  return { command, args };
}
async function decompressCommand(algorithm) {
  if (algorithm === "none") return void 0;
  const command = await requireTool(algorithm);
  return { command, args: algorithm === "zstd" ? ["-q", "-d", "-c"] : ["-d", "-c"] };
}
async function requireTool(name) {
  const found = await findExecutable(name);
  if (!found) {
    throw new BinaryNotFoundError(`${name} not found in PATH`, {
      hint: `install it (Debian/Ubuntu: apt-get install ${name}) or choose another --compression`
    });
  }
  return found;
}
function parseZstdByteCounts(stderr) {
  const match = /\(\s*(\d+)\s*(?:B|bytes)\s*=>\s*(\d+)\s*(?:B|bytes)\b/.exec(stderr);
  return match ? { raw: Number(match[1]), compressed: Number(match[2]) } : void 0;
}

// src/core/pipeline/hashing.ts
import { createHash } from "node:crypto";
import { Transform } from "node:stream";
var HashingStream = class extends Transform {
  hash = createHash("sha256");
  bytes = 0;
  beforeEnd;
  limit;
  onBytes;
  /**
   * `limit`: the stream errors (instead of passing more) once more than `bytes` have passed. `onBytes` hears
   * the running total (progress).
   */
  constructor(beforeEnd, limit, onBytes) {
    super({ highWaterMark: 1 << 20 });
    this.beforeEnd = beforeEnd;
    this.limit = limit;
    this.onBytes = onBytes;
  }
  _transform(chunk, _encoding, callback) {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    this.onBytes?.(this.bytes);
    if (this.limit && this.bytes > this.limit.bytes) {
      callback(this.limit.error());
      return;
    }
    callback(null, chunk);
  }
  _flush(callback) {
    if (!this.beforeEnd) {
      callback();
      return;
    }
    this.beforeEnd().then(
      () => callback(),
      (error) => callback(error)
    );
  }
  /** The digest of everything that passed; valid once the stream has ended. */
  digest() {
    return { sha256: this.hash.copy().digest("hex"), size: this.bytes };
  }
};
var CountingStream = class extends Transform {
  bytes = 0;
  constructor() {
    super({ highWaterMark: 1 << 20 });
  }
  _transform(chunk, _encoding, callback) {
    this.bytes += chunk.length;
    callback(null, chunk);
  }
};

// src/core/pipeline/storage-to-sink.ts
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

// src/core/backup/base-archive.ts
async function extractBaseBackup(storage, manifest, dir, decrypt) {
  const object = manifest.objects.find((o) => o.role === "base");
  if (!object || !manifest.base) throw new VerificationFailedError(`${manifest.id} is not a base backup`);
  if (manifest.encryption && !decrypt)
    throw new EncryptionKeyError(`base backup ${manifest.id} is encrypted, and no key was given to open it`, {
      hint: "set BACKUP_ENCRYPTION_IDENTITY_FILE to the identity file (AGE-SECRET-KEY-1\u2026) of one of its recipients"
    });
  const result = await readIntoProcess({
    ...decrypt ? { decrypt } : {},
    storage,
    key: object.key,
    compression: manifest.compression.algorithm,
    sink: { kind: "process", name: "tar", command: "tar", args: ["-x", "-f", "-", "-C", dir] }
  });
  if (!childSucceeded(result.sinkResult))
    throw new VerificationFailedError(
      `cannot unpack ${object.key}: ${describeFailure("tar", result.sinkResult)}`
    );
  if (result.stored.sha256 !== object.storedSha256 || result.stored.size !== object.storedSize) {
    throw new VerificationFailedError(
      `${object.key} does not match its manifest (stored sha256 ${result.stored.sha256.slice(0, 16)}\u2026, ${result.stored.size} bytes)`,
      { hint: "the backup is damaged: restore from another base backup" }
    );
  }
  const ref = manifest.base.backupManifest;
  if (ref) {
    const stored = await buffer(await storage.get(ref.key));
    const bytes = ref.key.endsWith(".age") && decrypt ? await buffer(Readable.from([stored]).pipe(decrypt())) : stored;
    if (createHash2("sha256").update(bytes).digest("hex") !== ref.sha256)
      throw new VerificationFailedError(`${ref.key} does not match its recorded sha256`);
    await writeFile(join(dir, "backup_manifest"), bytes, { mode: 384 });
  }
}
async function verifyBaseBackup(storage, manifest, pgVerifybackup, decrypt) {
  const dir = await mkdtemp(join(tmpdir(), "db-backup-verify-base-"));
  try {
    try {
      await extractBaseBackup(storage, manifest, dir, decrypt);
    } catch (error) {
      return [{ name: `unpack ${manifest.id}`, ok: false, details: error.message }];
    }
    const checks = [
      {
        name: `checksum and unpack ${manifest.objects[0].key}`,
        ok: true,
        details: "sha256 matches; tar unpacks"
      }
    ];
    if (!manifest.base?.backupManifest) {
      checks.push({
        name: "backup_manifest",
        ok: true,
        details: "none recorded (PostgreSQL before 13): skipped"
      });
    } else if (!pgVerifybackup) {
      checks.push({
        name: "pg_verifybackup",
        ok: false,
        details: "pg_verifybackup not found (PostgreSQL 13+ client)"
      });
    } else {
      const result = await runChild(pgVerifybackup, ["-n", "-q", dir]);
      checks.push({
        name: "pg_verifybackup",
        ok: childSucceeded(result),
        details: childSucceeded(result) ? "every file matches PostgreSQL\u2019s backup_manifest" : describeFailure("pg_verifybackup", result)
      });
    }
    return checks;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export {
  startChild,
  runChild,
  childSucceeded,
  describeFailure,
  defaultLevel,
  objectExtension,
  compressCommand,
  parseZstdByteCounts,
  HashingStream,
  CountingStream,
  readFromStorage,
  storedDigest,
  extractBaseBackup,
  verifyBaseBackup
};
