import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  findExecutable
} from "./chunk-PIVGSPXT.js";
import {
  redact
} from "./chunk-XSSEYECF.js";
import {
  BinaryNotFoundError
} from "./chunk-HSU6VSP5.js";

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
var parentDeath;
function parentDeathPrefix() {
  parentDeath ??= (async () => {
    if (process.platform !== "linux") return [];
    const setpriv = await findExecutable("setpriv");
    return setpriv ? [setpriv, "--pdeathsig", "TERM", "--"] : [];
  })();
  return parentDeath;
}

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
var DigestAccumulator = class {
  hash = createHash("sha256");
  bytes = 0;
  limit;
  onBytes;
  constructor(limit, onBytes) {
    this.limit = limit;
    this.onBytes = onBytes;
  }
  /** Adds `chunk`; throws the limit's error once more than its bytes have been added. */
  add(chunk) {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    this.onBytes?.(this.bytes);
    if (this.limit && this.bytes > this.limit.bytes) throw this.limit.error();
  }
  /** The digest of everything added so far. */
  digest() {
    return { sha256: this.hash.copy().digest("hex"), size: this.bytes };
  }
};
var HashingStream = class extends Transform {
  accumulator;
  beforeEnd;
  /**
   * `limit`: the stream errors (instead of passing more) once more than `bytes` have passed. `onBytes` hears
   * the running total (progress).
   */
  constructor(beforeEnd, limit, onBytes) {
    super({ highWaterMark: 1 << 20 });
    this.beforeEnd = beforeEnd;
    this.accumulator = new DigestAccumulator(limit, onBytes);
  }
  _transform(chunk, _encoding, callback) {
    try {
      this.accumulator.add(chunk);
    } catch (error) {
      callback(error);
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
    return this.accumulator.digest();
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

export {
  startChild,
  runChild,
  childSucceeded,
  describeFailure,
  parentDeathPrefix,
  defaultLevel,
  objectExtension,
  compressCommand,
  decompressCommand,
  parseZstdByteCounts,
  DigestAccumulator,
  HashingStream,
  CountingStream
};
