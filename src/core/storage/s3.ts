/**
 * S3 and S3-compatible storage (AWS, MinIO, GCS's XML API, ...). Large bodies stream through a multipart upload
 * (`@aws-sdk/lib-storage`) with a small queue, so memory stays at about (queue + 1) parts whatever the size. The
 * object becomes visible only when the upload completes; a failing or aborted upload aborts its multipart
 * upload, so nothing is listed and no parts are left behind (best effort: servers that cannot abort, like
 * s3rver, keep invisible parts until a bucket lifecycle rule removes them).
 *
 * Create-only puts (manifests, locks, the repository config) are small and sent as one PutObject, made
 * atomic by `If-None-Match: *` (AWS since 2024, MinIO, R2, ...), `x-goog-if-generation-match: 0` (GCS), or,
 * for servers with neither, a HEAD then a PUT serialized within this process: that fallback cannot stop two
 * hosts that race for the same key, so use it only where a single writer runs at a time.
 */
import type { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type PutObjectCommandInput,
  paginateListObjectsV2,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { S3Settings } from '../config/schema.ts';
import { StorageError, StorageObjectExistsError, StorageObjectNotFoundError } from '../errors.ts';
import { errorCodeOf, remoteStorageError } from './remote-errors.ts';
import { objectParameters, partSizeFor, type ResolvedS3Options, resolveS3Options } from './s3-options.ts';
import { formatRemoteLocation, type RemoteLocation } from './storage-url.ts';
import type { ObjectInfo, PutOptions, Storage } from './types.ts';
import { validateKey } from './validate-key.ts';

/** Create-only bodies are buffered to be sent in one conditional request; they are small JSON records. */
const MAX_CREATE_ONLY_BYTES = 64 * 1024 * 1024;

const byKey = (a: ObjectInfo, b: ObjectInfo) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

export class S3Storage implements Storage {
  readonly location: string;
  readonly isBucketRoot: boolean;
  readonly options: ResolvedS3Options;
  private readonly client: S3Client;
  private readonly settings: S3Settings;
  /** Serializes HEAD-then-PUT per key within this process (the fallback's only protection). */
  private readonly createOnlyChains = new Map<string, Promise<unknown>>();

  constructor(location: RemoteLocation, settings: S3Settings) {
    this.options = resolveS3Options(location, settings);
    this.settings = settings;
    this.location = formatRemoteLocation(location);
    this.isBucketRoot = location.prefix === '';
    this.client = new S3Client(this.options.client);
  }

  private get bucket(): string {
    return this.options.bucket;
  }

  private objectKey(key: string): string {
    return this.options.prefix + validateKey(key);
  }

  private fail(error: unknown, operation: string): StorageError {
    return remoteStorageError(error, {
      service: 'S3',
      where: `bucket "${this.bucket}"`,
      operation,
      ...(this.options.client.endpoint ? { endpoint: String(this.options.client.endpoint) } : {}),
    });
  }

  async put(key: string, body: Readable | Buffer | string, options: PutOptions = {}): Promise<void> {
    const objectKey = this.objectKey(key);
    if (options.ifNoneExists) return this.putCreateOnly(key, objectKey, body);
    const params = {
      Bucket: this.bucket,
      Key: objectKey,
      Body: body,
      ...objectParameters(this.settings, new Date()),
    };
    const upload = new Upload({
      client: this.client,
      params: params as PutObjectCommandInput,
      partSize: partSizeFor(this.options.partSize, options.expectedSize),
      queueSize: this.options.queueSize,
      // We abort ourselves, so that a server that cannot abort does not hide the upload's own failure.
      leavePartsOnError: true,
    });
    let bodyError: unknown;
    if (typeof body !== 'string' && !Buffer.isBuffer(body))
      body.once('error', (error) => {
        bodyError = error;
      });
    try {
      await upload.done();
    } catch (error) {
      await this.abortMultipart(objectKey, (upload as unknown as { uploadId?: string }).uploadId);
      // The body's own failure (a dying pg_dump) surfaces unchanged. When the upload failed first, the body is
      // destroyed afterwards and errors too; the storage failure is then the cause to report.
      if (bodyError !== undefined && error === bodyError) throw bodyError;
      throw this.fail(error, `store ${key}`);
    }
  }

  private async abortMultipart(objectKey: string, uploadId: string | undefined): Promise<void> {
    if (!uploadId) return;
    await this.client
      .send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: objectKey, UploadId: uploadId }))
      .catch(() => undefined);
  }

  private async putCreateOnly(
    key: string,
    objectKey: string,
    body: Readable | Buffer | string,
  ): Promise<void> {
    const data = await bufferLimited(body, key);
    const input: PutObjectCommandInput = {
      Bucket: this.bucket,
      Key: objectKey,
      Body: data,
      ...(objectParameters(this.settings, new Date()) as Partial<PutObjectCommandInput>),
    };
    const mode = this.options.createOnly;
    if (mode === 'head-then-put') {
      const previous = this.createOnlyChains.get(objectKey) ?? Promise.resolve();
      const attempt = previous
        .catch(() => undefined)
        .then(async () => {
          if (await this.stat(key)) throw new StorageObjectExistsError(key);
          await this.client.send(new PutObjectCommand(input));
        });
      this.createOnlyChains.set(objectKey, attempt);
      try {
        await attempt;
      } catch (error) {
        if (error instanceof StorageObjectExistsError || error instanceof StorageError) throw error;
        throw this.fail(error, `store ${key}`);
      } finally {
        if (this.createOnlyChains.get(objectKey) === attempt) this.createOnlyChains.delete(objectKey);
      }
      return;
    }
    const command = new PutObjectCommand(mode === 'if-none-match' ? { ...input, IfNoneMatch: '*' } : input);
    if (mode === 'gcs-generation') {
      command.middlewareStack.add(
        (next) => async (args) => {
          const request = args.request as { headers?: Record<string, string> };
          if (request.headers) request.headers['x-goog-if-generation-match'] = '0';
          return next(args);
        },
        { step: 'build', name: 'gcsCreateOnly' },
      );
    }
    try {
      await this.client.send(command);
    } catch (error) {
      const { code, status } = errorCodeOf(error);
      // 412: the key exists. 409 ConditionalRequestConflict: another create of the same key is in flight.
      if (status === 412 || code === 'PreconditionFailed' || code === 'ConditionalRequestConflict')
        throw new StorageObjectExistsError(key, { cause: error });
      if (status === 501 || code === 'NotImplemented') {
        throw new StorageError(
          `cannot store ${key} in S3 bucket "${this.bucket}": the server does not support conditional writes`,
          {
            cause: error,
            hint: 'set S3_CREATE_ONLY=head-then-put (safe while one writer runs at a time)',
          },
        );
      }
      throw this.fail(error, `store ${key}`);
    }
  }

  async get(key: string): Promise<Readable> {
    try {
      const response = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }),
      );
      return response.Body as Readable;
    } catch (error) {
      const { code, status } = errorCodeOf(error);
      if (code === 'NoSuchKey' || (status === 404 && code !== 'NoSuchBucket'))
        throw new StorageObjectNotFoundError(key, { cause: error });
      throw this.fail(error, `read ${key}`);
    }
  }

  async stat(key: string): Promise<ObjectInfo | undefined> {
    try {
      const head = await this.client.send(
        new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }),
      );
      return { key, size: head.ContentLength ?? 0, modified: head.LastModified ?? new Date(0) };
    } catch (error) {
      const { code, status } = errorCodeOf(error);
      // HEAD responses have no body, so a missing bucket is a bare 404 too; list and put name it precisely.
      if (status === 404 || code === 'NotFound' || code === 'NoSuchKey') return undefined;
      throw this.fail(error, `look up ${key}`);
    }
  }

  async list(prefix: string): Promise<ObjectInfo[]> {
    const out: ObjectInfo[] = [];
    const strip = this.options.prefix.length;
    try {
      const pages = paginateListObjectsV2(
        { client: this.client, pageSize: 1000 },
        { Bucket: this.bucket, Prefix: this.options.prefix + prefix },
      );
      for await (const page of pages) {
        for (const object of page.Contents ?? []) {
          if (!object.Key) continue;
          out.push({
            key: object.Key.slice(strip),
            size: object.Size ?? 0,
            modified: object.LastModified ?? new Date(0),
          });
        }
      }
    } catch (error) {
      throw this.fail(error, `list ${prefix || '(everything)'}`);
    }
    return out.sort(byKey);
  }

  async delete(key: string): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
    } catch (error) {
      if (errorCodeOf(error).code === 'NoSuchKey') return;
      throw this.fail(error, `delete ${key}`);
    }
  }

  /** Closes the client's sockets (tests and short-lived tools). */
  destroy(): void {
    this.client.destroy();
  }
}

async function bufferLimited(body: Readable | Buffer | string, key: string): Promise<Buffer> {
  if (typeof body === 'string') return Buffer.from(body);
  if (Buffer.isBuffer(body)) return body;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_CREATE_ONLY_BYTES)
      throw new StorageError(`create-only object ${key} is larger than ${MAX_CREATE_ONLY_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
