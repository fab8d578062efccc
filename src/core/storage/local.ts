/**
 * Local filesystem storage. Atomic put: write a temp file in the target directory, fsync, then rename (or
 * link, for ifNoneExists, which fails instead of replacing), then fsync the directory. Temp files start with
 * `.` and contain `.tmp-`, and are never listed. `stageFile` hands out such a temp file's descriptor to a
 * child process and publishes it the same way.
 */
import { randomBytes } from 'node:crypto';
import { type FileHandle, link, mkdir, open, readdir, rename, rmdir, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StorageError, StorageObjectExistsError, StorageObjectNotFoundError } from '../errors.ts';
import { DurableFileWriter } from './durable-file-writer.ts';
import { localLocation } from './local-location.ts';
import type { ObjectInfo, PutOptions, StagedFile, Storage } from './types.ts';
import { validateKey } from './validate-key.ts';

const isTemp = (name: string) => name.startsWith('.') && name.includes('.tmp-');

function storageError(error: unknown, path: string, action: string): Error {
  const code = (error as NodeJS.ErrnoException).code;
  const known: Record<string, [string, string]> = {
    ENOSPC: [
      'disk full',
      'free space on that filesystem or point --storage elsewhere, then run the backup again',
    ],
    EDQUOT: ['disk quota exceeded', 'free space or raise the quota, or point --storage elsewhere'],
    EACCES: ['permission denied', 'check the owner and mode of the repository directory'],
    EPERM: ['operation not permitted', 'check the owner and mode of the repository directory'],
    EROFS: ['read-only filesystem', 'point --storage at a writable location'],
    ENOTDIR: ['a file stands where a directory is needed', 'point --storage at a directory, not a file'],
    EEXIST: ['a file stands where a directory is needed', 'point --storage at a directory, not a file'],
  };
  const match = code ? known[code] : undefined;
  if (match) {
    return new StorageError(`cannot ${action}: ${match[0]} at ${path}`, { cause: error, hint: match[1] });
  }
  return error as Error;
}

export class LocalStorage implements Storage {
  readonly location: string;
  readonly root: string;

  constructor(root: string) {
    this.root = root;
    this.location = localLocation(root);
  }

  private pathOf(key: string): string {
    return join(this.root, ...validateKey(key).split('/'));
  }

  async put(key: string, body: Readable | Buffer | string, options: PutOptions = {}): Promise<void> {
    const path = this.pathOf(key);
    const temp = tempPathFor(path);
    try {
      await mkdir(dirname(path), { recursive: true });
      // A Buffer is written as it is: Buffer.from() would copy it (a 4 MiB copy per WAL segment).
      const source =
        typeof body === 'string'
          ? Readable.from([Buffer.from(body)])
          : Buffer.isBuffer(body)
            ? Readable.from([body])
            : body;
      const handle = await open(temp, 'wx', 0o600);
      try {
        await pipeline(source, new DurableFileWriter(handle));
      } finally {
        await handle.close();
      }
      await publish(temp, path, key, options);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw await this.failure(error, path, `store ${key}`);
    }
  }

  async stageFile(key: string, options: PutOptions = {}): Promise<StagedFile> {
    const path = this.pathOf(key);
    const temp = tempPathFor(path);
    let writer: FileHandle | undefined;
    let reader: FileHandle | undefined;
    try {
      await mkdir(dirname(path), { recursive: true });
      writer = await open(temp, 'wx', 0o600);
      reader = await open(temp, 'r');
    } catch (error) {
      await Promise.allSettled([writer?.close(), reader?.close()]);
      await unlink(temp).catch(() => undefined);
      throw await this.failure(error, path, `store ${key}`);
    }
    const [w, r] = [writer, reader];
    let closed: Promise<unknown> | undefined;
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
        await unlink(temp).catch(() => undefined);
      },
      writeFailure: (message) => {
        const code = /no space left on device/i.test(message)
          ? 'ENOSPC'
          : /disk quota exceeded/i.test(message)
            ? 'EDQUOT'
            : undefined;
        return code
          ? storageError(Object.assign(new Error(message), { code }), path, `store ${key}`)
          : undefined;
      },
    };
  }

  /** The error to report for a failed write at `path`, refusing a repository root that is a file. */
  private async failure(error: unknown, path: string, action: string): Promise<Error> {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR' || code === 'EEXIST') await this.refuseFileRoot(error, action);
    return storageError(error, path, action);
  }

  async get(key: string): Promise<Readable> {
    const path = this.pathOf(key);
    const handle = await open(path, 'r').catch(async (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOTDIR') await this.refuseFileRoot(error, `read ${key}`);
      if (error.code === 'ENOENT' || error.code === 'EISDIR' || error.code === 'ENOTDIR')
        throw new StorageObjectNotFoundError(key);
      throw storageError(error, path, `read ${key}`);
    });
    // Large reads for backups, but a small object (a manifest) gets a buffer its own size: a 1 MiB buffer
    // per 2 KB manifest, 1,000 times over, is a gigabyte of allocations that the daemon's RSS never gives back.
    const size = await handle
      .stat()
      .then((s) => s.size)
      .catch(() => 1 << 20);
    return handle.createReadStream({ highWaterMark: Math.min(1 << 20, Math.max(16 * 1024, size + 1)) });
  }

  async stat(key: string): Promise<ObjectInfo | undefined> {
    try {
      const info = await stat(this.pathOf(key));
      return info.isFile() ? { key, size: info.size, modified: info.mtime } : undefined;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR') await this.refuseFileRoot(error, `read ${key}`);
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw storageError(error, this.pathOf(key), `read ${key}`);
    }
  }

  async list(prefix: string): Promise<ObjectInfo[]> {
    // Walk only the deepest directory the prefix names completely.
    const slash = prefix.lastIndexOf('/');
    const base = slash >= 0 ? prefix.slice(0, slash) : '';
    const start = base ? join(this.root, ...base.split('/')) : this.root;
    const out: ObjectInfo[] = [];
    await this.walk(start, prefix, out);
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  private async walk(dir: string, prefix: string, out: ObjectInfo[]): Promise<void> {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR') await this.refuseFileRoot(error, 'list');
      if (code === 'ENOENT' || code === 'ENOTDIR') return;
      throw storageError(error, dir, 'list');
    }
    for (const entry of entries) {
      const full = join(dir, entry.name);
      const key = relative(this.root, full).split(sep).join('/');
      if (entry.isDirectory()) {
        if (prefix.startsWith(`${key}/`) || key.startsWith(prefix) || `${key}/`.startsWith(prefix))
          await this.walk(full, prefix, out);
      } else if (entry.isFile() && !isTemp(entry.name) && key.startsWith(prefix)) {
        const info = await stat(full).catch(() => undefined);
        if (info) out.push({ key, size: info.size, modified: info.mtime });
      }
    }
  }

  /**
   * A repository location that is a file reads as an empty repository unless refused: ENOTDIR under the
   * root means "no such object" only when the root itself is a directory.
   */
  private async refuseFileRoot(cause: unknown, action: string): Promise<void> {
    const info = await stat(this.root).catch(() => undefined);
    if (info && !info.isDirectory()) throw storageError(cause, this.root, action);
  }

  async delete(key: string): Promise<void> {
    const path = this.pathOf(key);
    try {
      await unlink(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        throw storageError(error, path, `delete ${key}`);
    }
    // Remove emptied parent directories, never the root; also when the object was never completed (a failed
    // put leaves the directory it created).
    for (let dir = dirname(path); dir.startsWith(this.root + sep) && dir !== this.root; dir = dirname(dir)) {
      try {
        await rmdir(dir);
      } catch {
        break;
      }
    }
  }
}

/** A temp name beside `path`: hidden, never listed (see isTemp), unique per writer. */
function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.tmp-${randomBytes(6).toString('hex')}`);
}

/** Makes a complete, fsynced temp file visible under `path`: rename, or link for ifNoneExists; then fsyncs the directory. */
async function publish(temp: string, path: string, key: string, options: PutOptions): Promise<void> {
  if (options.ifNoneExists) {
    // link() fails with EEXIST instead of replacing: race-free compare-and-set on POSIX filesystems.
    try {
      await link(temp, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new StorageObjectExistsError(key);
      throw error;
    }
    await unlink(temp);
  } else {
    await rename(temp, path);
  }
  await syncDirectory(dirname(path));
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch {
    // Some filesystems do not support fsync on directories; the rename is still atomic.
  } finally {
    await handle.close();
  }
}
