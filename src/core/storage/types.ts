import type { Readable, Writable } from 'node:stream';

/** What `stat` and `list` report about one stored object. */
export interface ObjectInfo {
  key: string;
  /** Size in bytes of the stored object. */
  size: number;
  /** Last modification time as the backend reports it. */
  modified: Date;
}

export interface PutOptions {
  /** Fail with `StorageObjectExistsError` instead of replacing an existing object (compare-and-set). */
  ifNoneExists?: boolean;
  /**
   * Expected size in bytes, a hint: remote backends size their upload parts from it so that very large objects
   * (up to S3's 5 TiB) fit in the part limit. Without it they use defaults that fit tens of GiB.
   */
  expectedSize?: number;
}

/**
 * A flat object store. Keys are `/`-separated relative paths built by `repository/keys.ts`; a backend never
 * interprets them beyond mapping them to its namespace, and rejects any key that is empty, absolute, or has
 * `.`/`..` segments, `\\` or NUL (`StorageError`), so nothing can escape the repository root.
 *
 * Contract (checked for every backend by `contract-suite.ts`):
 * - `put` is atomic: readers see either the old object or the complete new one, never a partial one.
 *   If the body stream errors, the put rejects and nothing is visible under `key`.
 *   Locally: temp file in the same directory, fsync, rename, fsync of the directory.
 * - `put` with `ifNoneExists` rejects with `StorageObjectExistsError` when `key` exists, and never overwrites.
 * - `get` of a missing key rejects with `StorageObjectNotFoundError` (before any data is streamed).
 * - `stat` of a missing key resolves `undefined`.
 * - `list(prefix)` returns every object whose key starts with `prefix` (plain string prefix), sorted by key;
 *   no objects is `[]`, not an error. Temp files of an unfinished `put` are never listed.
 * - `delete` is idempotent: deleting a missing key succeeds.
 * - `stageFile` (optional, local backends): nothing is visible under `key` until `commit`, which has `put`'s
 *   atomicity and `ifNoneExists` rule; `discard` leaves nothing behind (see StagedFile).
 */
export interface Storage {
  /** Where this storage points, safe to print (no credentials). */
  readonly location: string;
  /**
   * True when the repository is a whole bucket or container (no prefix), which may hold other data: commands
   * that delete (prune) refuse to run there.
   */
  readonly isBucketRoot?: boolean;
  put(key: string, body: Readable | Buffer | string, options?: PutOptions): Promise<void>;
  get(key: string): Promise<Readable>;
  stat(key: string): Promise<ObjectInfo | undefined>;
  list(prefix: string): Promise<ObjectInfo[]>;
  delete(key: string): Promise<void>;
  /**
   * An object a child process writes itself, through a file descriptor, so a large stream need not pass
   * through JavaScript (a zstd writing a backup straight into the repository). Only backends with a local
   * file to hand out offer it; callers fall back to `put`.
   */
  stageFile?(key: string, options?: PutOptions): Promise<StagedFile>;
}

/** An object being written by someone else (see `Storage.stageFile`); the caller must `commit` or `discard`. */
export interface StagedFile {
  /** Open for writing at offset 0, append-only use: give it to one child as its stdout, or use `writer()`. */
  readonly fd: number;
  /** A stream appending to the file (for a caller that writes the bytes itself); durable once it finishes. */
  writer(): Writable;
  /** Reads bytes already written, from `position`; resolves how many (0: nothing more written yet). */
  read(buffer: Buffer, position: number): Promise<number>;
  /** Starts flushing what is written so far to disk, so that `commit` has little left to wait for. */
  flush(): Promise<void>;
  /** Makes the written bytes durable and visible under the key (atomically, as `put` does); closes `fd`. */
  commit(): Promise<void>;
  /** Closes `fd` and removes the staged bytes; nothing becomes visible. Idempotent, safe after `commit` failed. */
  discard(): Promise<void>;
  /**
   * The storage error a writer's complaint stands for (zstd's "No space left on device" is a full disk), or
   * undefined when it names no storage condition.
   */
  writeFailure(message: string): Error | undefined;
}
