import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  DurableFileWriter
} from "./chunk-UYDPGYXI.js";
import {
  localLocation
} from "./chunk-IHOISL7K.js";
import {
  validateKey
} from "./chunk-QZLWGHDA.js";
import {
  StorageError,
  StorageObjectExistsError,
  StorageObjectNotFoundError
} from "./chunk-HSU6VSP5.js";

// src/core/storage/local.ts
import { randomBytes } from "node:crypto";
import { link, mkdir, open, readdir, rename, rmdir, stat, unlink } from "node:fs/promises";
import { basename, dirname, join, relative, sep } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
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

export {
  LocalStorage
};
