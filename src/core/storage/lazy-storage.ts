/**
 * A storage whose backend is built on first use, so commands on a local repository never load the S3 or
 * Azure SDKs (about 150 ms of start-up each time Node starts).
 */
import type { Readable } from 'node:stream';
import type { ObjectInfo, PutOptions, Storage } from './types.ts';

export class LazyStorage implements Storage {
  readonly location: string;
  readonly isBucketRoot: boolean;
  private backend: Promise<Storage> | undefined;
  private readonly load: () => Promise<Storage>;

  constructor(location: string, isBucketRoot: boolean, load: () => Promise<Storage>) {
    this.location = location;
    this.isBucketRoot = isBucketRoot;
    this.load = load;
  }

  /** The backend, loaded once. */
  resolve(): Promise<Storage> {
    this.backend ??= this.load();
    return this.backend;
  }

  async put(key: string, body: Readable | Buffer | string, options?: PutOptions): Promise<void> {
    return (await this.resolve()).put(key, body, options);
  }
  async get(key: string): Promise<Readable> {
    return (await this.resolve()).get(key);
  }
  async stat(key: string): Promise<ObjectInfo | undefined> {
    return (await this.resolve()).stat(key);
  }
  async list(prefix: string): Promise<ObjectInfo[]> {
    return (await this.resolve()).list(prefix);
  }
  async delete(key: string): Promise<void> {
    return (await this.resolve()).delete(key);
  }
}
