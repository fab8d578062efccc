import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  localLocation
} from "./chunk-ZI4K5DST.js";
import {
  AzureSettingsSchema,
  S3SettingsSchema
} from "./chunk-LTMROYVH.js";
import "./chunk-4TYDSTE7.js";
import {
  formatRemoteLocation,
  isRemoteLocation,
  parseRemoteLocation,
  validateKey
} from "./chunk-S2Y7F7CL.js";
import {
  redact
} from "./chunk-NT7NHDDW.js";
import {
  ConfigError,
  StorageError,
  StorageObjectExistsError,
  StorageObjectNotFoundError,
  UsageError
} from "./chunk-7VKVL3KC.js";
import "./chunk-F5XNGLJN.js";

// src/core/storage/open-storage.ts
import { isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";

// src/core/storage/lazy-storage.ts
var LazyStorage = class {
  location;
  isBucketRoot;
  backend;
  load;
  constructor(location, isBucketRoot, load) {
    this.location = location;
    this.isBucketRoot = isBucketRoot;
    this.load = load;
  }
  /** The backend, loaded once. */
  resolve() {
    this.backend ??= this.load();
    return this.backend;
  }
  async put(key, body, options) {
    return (await this.resolve()).put(key, body, options);
  }
  async get(key) {
    return (await this.resolve()).get(key);
  }
  async stat(key) {
    return (await this.resolve()).stat(key);
  }
  async list(prefix) {
    return (await this.resolve()).list(prefix);
  }
  async delete(key) {
    return (await this.resolve()).delete(key);
  }
};

// src/core/storage/local.ts
import { randomBytes } from "node:crypto";
import { link, mkdir, open, readdir, rename, rmdir, stat, unlink } from "node:fs/promises";
import { basename, dirname, join, relative, sep } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

// src/core/storage/durable-file-writer.ts
import { Writable } from "node:stream";
var BackgroundFlush = class _BackgroundFlush {
  static EVERY = 16 << 20;
  flush;
  unflushed = 0;
  pending;
  error;
  constructor(flush) {
    this.flush = flush;
  }
  /** Throws the error of a flush that failed. */
  throwIfFailed() {
    if (this.error) throw this.error;
  }
  /** Counts `bytes` just written, starting a flush once enough have gathered; throws an earlier flush's error. */
  wrote(bytes) {
    this.throwIfFailed();
    this.unflushed += bytes;
    if (this.unflushed < _BackgroundFlush.EVERY || this.pending) return;
    this.unflushed = 0;
    this.pending = this.flush().catch((error) => {
      this.error = error;
    }).finally(() => {
      this.pending = void 0;
    });
  }
  /** Waits for the flush in progress; rejects with any flush's error. */
  async settle() {
    await this.pending;
    if (this.error) throw this.error;
  }
};
var DurableFileWriter = class extends Writable {
  handle;
  flushes;
  constructor(handle) {
    super({ highWaterMark: 1 << 20 });
    this.handle = handle;
    this.flushes = new BackgroundFlush(() => handle.datasync());
  }
  _writev(chunks, callback) {
    this.writeAll(chunks.map((c) => c.chunk)).then(() => callback(), callback);
  }
  _final(callback) {
    (async () => {
      await this.flushes.settle();
      await this.handle.sync();
    })().then(() => callback(), callback);
  }
  async writeAll(buffers) {
    this.flushes.throwIfFailed();
    let length = 0;
    for (const b of buffers) length += b.length;
    let written = 0;
    while (written < length) {
      const { bytesWritten } = await this.handle.writev(
        written === 0 ? buffers : [Buffer.concat(buffers).subarray(written)]
      );
      written += bytesWritten;
    }
    this.flushes.wrote(length);
  }
};

// src/core/storage/local.ts
var isTemp = (name) => name.startsWith(".") && name.includes(".tmp-");
function storageError(error, path, action) {
  const code = error.code;
  const known = {
    ENOSPC: [
      "disk full",
      "free space on that filesystem or point --storage elsewhere, then run the backup again"
    ],
    EDQUOT: ["disk quota exceeded", "free space or raise the quota, or point --storage elsewhere"],
    EACCES: ["permission denied", "check the owner and mode of the repository directory"],
    EPERM: ["operation not permitted", "check the owner and mode of the repository directory"],
    EROFS: ["read-only filesystem", "point --storage at a writable location"],
    ENOTDIR: ["a file stands where a directory is needed", "point --storage at a directory, not a file"],
    EEXIST: ["a file stands where a directory is needed", "point --storage at a directory, not a file"]
  };
  const match = code ? known[code] : void 0;
  if (match) {
    return new StorageError(`cannot ${action}: ${match[0]} at ${path}`, { cause: error, hint: match[1] });
  }
  return error;
}
var LocalStorage = class {
  location;
  root;
  constructor(root) {
    this.root = root;
    this.location = localLocation(root);
  }
  pathOf(key) {
    return join(this.root, ...validateKey(key).split("/"));
  }
  async put(key, body, options = {}) {
    const path = this.pathOf(key);
    const temp = tempPathFor(path);
    try {
      await mkdir(dirname(path), { recursive: true });
      const source = typeof body === "string" ? Readable.from([Buffer.from(body)]) : Buffer.isBuffer(body) ? Readable.from([body]) : body;
      const handle = await open(temp, "wx", 384);
      try {
        await pipeline(source, new DurableFileWriter(handle));
      } finally {
        await handle.close();
      }
      await publish(temp, path, key, options);
    } catch (error) {
      await unlink(temp).catch(() => void 0);
      throw await this.failure(error, path, `store ${key}`);
    }
  }
  async stageFile(key, options = {}) {
    const path = this.pathOf(key);
    const temp = tempPathFor(path);
    let writer;
    let reader;
    try {
      await mkdir(dirname(path), { recursive: true });
      writer = await open(temp, "wx", 384);
      reader = await open(temp, "r");
    } catch (error) {
      await Promise.allSettled([writer?.close(), reader?.close()]);
      await unlink(temp).catch(() => void 0);
      throw await this.failure(error, path, `store ${key}`);
    }
    const [w, r] = [writer, reader];
    let closed;
    const close = () => {
      closed ??= Promise.allSettled([w.close(), r.close()]);
      return closed;
    };
    return {
      fd: w.fd,
      writer: () => new DurableFileWriter(w),
      read: async (buffer, position) => (await r.read(buffer, 0, buffer.length, position)).bytesRead,
      flush: () => w.datasync(),
      commit: async () => {
        try {
          await w.sync();
          await close();
          await publish(temp, path, key, options);
        } catch (error) {
          throw await this.failure(error, path, `store ${key}`);
        }
      },
      discard: async () => {
        await close();
        await unlink(temp).catch(() => void 0);
      },
      writeFailure: (message) => {
        const code = /no space left on device/i.test(message) ? "ENOSPC" : /disk quota exceeded/i.test(message) ? "EDQUOT" : void 0;
        return code ? storageError(Object.assign(new Error(message), { code }), path, `store ${key}`) : void 0;
      }
    };
  }
  /** The error to report for a failed write at `path`, refusing a repository root that is a file. */
  async failure(error, path, action) {
    const code = error.code;
    if (code === "ENOTDIR" || code === "EEXIST") await this.refuseFileRoot(error, action);
    return storageError(error, path, action);
  }
  async get(key) {
    const path = this.pathOf(key);
    const handle = await open(path, "r").catch(async (error) => {
      if (error.code === "ENOTDIR") await this.refuseFileRoot(error, `read ${key}`);
      if (error.code === "ENOENT" || error.code === "EISDIR" || error.code === "ENOTDIR")
        throw new StorageObjectNotFoundError(key);
      throw storageError(error, path, `read ${key}`);
    });
    const size = await handle.stat().then((s) => s.size).catch(() => 1 << 20);
    return handle.createReadStream({ highWaterMark: Math.min(1 << 20, Math.max(16 * 1024, size + 1)) });
  }
  async stat(key) {
    try {
      const info = await stat(this.pathOf(key));
      return info.isFile() ? { key, size: info.size, modified: info.mtime } : void 0;
    } catch (error) {
      const code = error.code;
      if (code === "ENOTDIR") await this.refuseFileRoot(error, `read ${key}`);
      if (code === "ENOENT" || code === "ENOTDIR") return void 0;
      throw storageError(error, this.pathOf(key), `read ${key}`);
    }
  }
  async list(prefix) {
    const slash = prefix.lastIndexOf("/");
    const base = slash >= 0 ? prefix.slice(0, slash) : "";
    const start = base ? join(this.root, ...base.split("/")) : this.root;
    const out = [];
    await this.walk(start, prefix, out);
    return out.sort((a, b) => a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  }
  async walk(dir, prefix, out) {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      const code = error.code;
      if (code === "ENOTDIR") await this.refuseFileRoot(error, "list");
      if (code === "ENOENT" || code === "ENOTDIR") return;
      throw storageError(error, dir, "list");
    }
    for (const entry of entries) {
      const full = join(dir, entry.name);
      const key = relative(this.root, full).split(sep).join("/");
      if (entry.isDirectory()) {
        if (prefix.startsWith(`${key}/`) || key.startsWith(prefix) || `${key}/`.startsWith(prefix))
          await this.walk(full, prefix, out);
      } else if (entry.isFile() && !isTemp(entry.name) && key.startsWith(prefix)) {
        const info = await stat(full).catch(() => void 0);
        if (info) out.push({ key, size: info.size, modified: info.mtime });
      }
    }
  }
  /**
   * A repository location that is a file reads as an empty repository unless refused: ENOTDIR under the
   * root means "no such object" only when the root itself is a directory.
   */
  async refuseFileRoot(cause, action) {
    const info = await stat(this.root).catch(() => void 0);
    if (info && !info.isDirectory()) throw storageError(cause, this.root, action);
  }
  async delete(key) {
    const path = this.pathOf(key);
    try {
      await unlink(path);
    } catch (error) {
      if (error.code !== "ENOENT")
        throw storageError(error, path, `delete ${key}`);
    }
    for (let dir = dirname(path); dir.startsWith(this.root + sep) && dir !== this.root; dir = dirname(dir)) {
      try {
        await rmdir(dir);
      } catch {
        break;
      }
    }
  }
};
function tempPathFor(path) {
  return join(dirname(path), `.${basename(path)}.tmp-${randomBytes(6).toString("hex")}`);
}
async function publish(temp, path, key, options) {
  if (options.ifNoneExists) {
    try {
      await link(temp, path);
    } catch (error) {
      if (error.code === "EEXIST") throw new StorageObjectExistsError(key);
      throw error;
    }
    await unlink(temp);
  } else {
    await rename(temp, path);
  }
  await syncDirectory(dirname(path));
}
async function syncDirectory(dir) {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } catch {
  } finally {
    await handle.close();
  }
}

// src/core/storage/with-timeouts.ts
function withTimeouts(storage, ms) {
  const bounded = (operation, call) => {
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(
        () => reject(
          new StorageError(
            `${operation} on ${storage.location} did not answer within ${Math.round(ms / 1e3)}s`,
            {
              hint: "check that the storage is reachable (mount, network, endpoint); BACKUP_STORAGE_TIMEOUT_SECONDS raises the limit"
            }
          )
        ),
        ms
      );
      timer.unref();
    });
    return Promise.race([call(), timeout]).finally(() => clearTimeout(timer));
  };
  const wrapped = {
    location: storage.location,
    put: (key, body, options) => storage.put(key, body, options),
    get: (key) => bounded(`reading ${key}`, () => storage.get(key)),
    stat: (key) => bounded(`stat of ${key}`, () => storage.stat(key)),
    list: (prefix) => bounded(`listing ${prefix || "/"}`, () => storage.list(prefix)),
    delete: (key) => bounded(`deleting ${key}`, () => storage.delete(key)),
    // Opening the staged file is bounded; the writing, like put's, is not.
    stageFile: storage.stageFile ? (key, options) => bounded(`creating ${key}`, () => storage.stageFile(key, options)) : void 0
  };
  return Object.assign(Object.create(storage), wrapped);
}

// src/core/storage/open-storage.ts
function openStorage(location, options = {}) {
  const { cwd = process.cwd(), s3, azure } = typeof options === "string" ? { cwd: options } : options;
  if (location.startsWith("file:")) {
    let path;
    try {
      path = fileURLToPath(location);
    } catch (error) {
      throw new UsageError(
        `malformed storage URL ${JSON.stringify(redact(location))}: ${error.message}`,
        {
          hint: "use file:///absolute/path or a plain path"
        }
      );
    }
    refusePseudoFilesystem(path);
    return new LocalStorage(path);
  }
  if (isRemoteLocation(location)) {
    const remote = parseRemoteLocation(location);
    const url = formatRemoteLocation(remote);
    if (remote.scheme === "azure") {
      const settings2 = azure ?? AzureSettingsSchema.parse({});
      assertAzureCredentials(settings2);
      return new LazyStorage(url, remote.prefix === "", async () => {
        const { AzureStorage } = await import("./azure-3XW7IMIF.js");
        return new AzureStorage(remote, settings2);
      });
    }
    const settings = s3 ?? S3SettingsSchema.parse({});
    return new LazyStorage(url, remote.prefix === "", async () => {
      const { S3Storage } = await import("./s3-QKCITDA7.js");
      return new S3Storage(remote, settings);
    });
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(location);
  if (scheme) {
    throw new UsageError(`storage scheme ${JSON.stringify(scheme[1])} is not supported`, {
      hint: "use a local path, file:///absolute/path, s3://bucket/prefix, gs://bucket/prefix or azure://container/prefix"
    });
  }
  const root = isAbsolute(location) ? location : resolve(cwd, location);
  refusePseudoFilesystem(root);
  return new LocalStorage(root);
}
function assertAzureCredentials(settings) {
  if (settings.connectionString) return;
  if (settings.key && !settings.account)
    throw new ConfigError(["azure.key (AZURE_STORAGE_KEY): needs the account name (AZURE_STORAGE_ACCOUNT)"]);
  if (settings.key || settings.sasToken && (settings.account || settings.endpoint)) return;
  throw new ConfigError(
    [
      "azure: no credentials: set AZURE_STORAGE_CONNECTION_STRING, or AZURE_STORAGE_ACCOUNT with AZURE_STORAGE_KEY or AZURE_STORAGE_SAS_TOKEN"
    ],
    { hint: "see the README, section Azure Blob" }
  );
}
function openConfiguredStorage(config) {
  const storage = openStorage(config.storage, {
    ...config.s3 ? { s3: config.s3 } : {},
    ...config.azure ? { azure: config.azure } : {}
  });
  const seconds = Number(process.env.BACKUP_STORAGE_TIMEOUT_SECONDS ?? 120);
  return withTimeouts(storage, (Number.isFinite(seconds) && seconds > 0 ? seconds : 120) * 1e3);
}
function refusePseudoFilesystem(root) {
  if (/^\/(proc|sys|dev)(\/|$)/.test(resolve(root))) {
    throw new UsageError(`${root} is a kernel filesystem, not a place for backups`, {
      hint: "point --storage (BACKUP_STORAGE) at a directory on a real disk, or at s3://, gs:// or azure://"
    });
  }
}
export {
  assertAzureCredentials,
  openConfiguredStorage,
  openStorage
};
