/** In-memory storage for unit tests and the contract suite only; it obeys the full Storage contract. */
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { StorageObjectExistsError, StorageObjectNotFoundError } from '../errors.ts';
import type { ObjectInfo, PutOptions, Storage } from './types.ts';
import { validateKey } from './validate-key.ts';

export class MemoryStorage implements Storage {
  readonly location = 'memory://';
  private readonly objects = new Map<string, { data: Buffer; modified: Date }>();

  /** Stores the whole body once it has been read completely; a failing body stores nothing. */
  async put(key: string, body: Readable | Buffer | string, options: PutOptions = {}): Promise<void> {
    validateKey(key);
    const data =
      typeof body === 'string' ? Buffer.from(body) : Buffer.isBuffer(body) ? body : await buffer(body);
    if (options.ifNoneExists && this.objects.has(key)) throw new StorageObjectExistsError(key);
    this.objects.set(key, { data: Buffer.from(data), modified: new Date() });
  }

  async get(key: string): Promise<Readable> {
    const object = this.objects.get(validateKey(key));
    if (!object) throw new StorageObjectNotFoundError(key);
    return Readable.from([object.data]);
  }

  async stat(key: string): Promise<ObjectInfo | undefined> {
    const object = this.objects.get(validateKey(key));
    return object ? { key, size: object.data.length, modified: object.modified } : undefined;
  }

  async list(prefix: string): Promise<ObjectInfo[]> {
    return [...this.objects.entries()]
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, o]) => ({ key, size: o.data.length, modified: o.modified }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async delete(key: string): Promise<void> {
    this.objects.delete(validateKey(key));
  }
}
