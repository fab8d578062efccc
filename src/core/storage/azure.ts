/**
 * Azure Blob storage: block blobs under `azure://container/prefix`. A put streams blocks (`uploadStream`, 4 MiB
 * buffers, two in flight) and commits the block list at the end; the commit is atomic, so a failing body
 * leaves the old blob (or none) visible and only uncommitted blocks, which Azure discards after a week.
 * Create-only puts commit with `If-None-Match: *`. Credentials: a connection string, an account + key, or a
 * SAS token, all registered for redaction.
 */
import { Readable } from 'node:stream';
import {
  BlobServiceClient,
  type ContainerClient,
  type StoragePipelineOptions,
  StorageRetryPolicyType,
  StorageSharedKeyCredential,
} from '@azure/storage-blob';
import type { AzureSettings } from '../config/schema.ts';
import {
  ConfigError,
  type StorageError,
  StorageObjectExistsError,
  StorageObjectNotFoundError,
} from '../errors.ts';
import { registerSecret } from '../redact.ts';
import { errorCodeOf, remoteStorageError } from './remote-errors.ts';
import { formatRemoteLocation, type RemoteLocation } from './storage-url.ts';
import type { ObjectInfo, PutOptions, Storage } from './types.ts';
import { validateKey } from './validate-key.ts';

const BUFFER_SIZE = 4 * 1024 * 1024;
const CONCURRENCY = 2;

const byKey = (a: ObjectInfo, b: ObjectInfo) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** The blob service client the settings describe; ConfigError when they name no credentials. */
export function azureServiceClient(settings: AzureSettings): BlobServiceClient {
  const pipeline: StoragePipelineOptions = {
    retryOptions: { maxTries: settings.maxAttempts, retryPolicyType: StorageRetryPolicyType.EXPONENTIAL },
  };
  if (settings.connectionString) {
    for (const part of settings.connectionString.split(';')) {
      const [name, ...value] = part.split('=');
      if (name === 'AccountKey' || name === 'SharedAccessSignature') registerSecret(value.join('='));
    }
    return BlobServiceClient.fromConnectionString(settings.connectionString, pipeline);
  }
  if (!settings.account && !settings.endpoint)
    throw new ConfigError([
      'azure: no credentials: set AZURE_STORAGE_CONNECTION_STRING, or AZURE_STORAGE_ACCOUNT with AZURE_STORAGE_KEY or AZURE_STORAGE_SAS_TOKEN',
    ]);
  const url = (settings.endpoint ?? `https://${settings.account}.blob.core.windows.net`).replace(/\/+$/, '');
  if (settings.key) {
    if (!settings.account)
      throw new ConfigError(['azure.key: needs the account name (AZURE_STORAGE_ACCOUNT)']);
    registerSecret(settings.key);
    return new BlobServiceClient(
      url,
      new StorageSharedKeyCredential(settings.account, settings.key),
      pipeline,
    );
  }
  if (settings.sasToken) {
    const sas = settings.sasToken.replace(/^\?/, '');
    registerSecret(sas);
    return new BlobServiceClient(`${url}?${sas}`, undefined, pipeline);
  }
  throw new ConfigError([
    'azure: no credentials: set AZURE_STORAGE_KEY or AZURE_STORAGE_SAS_TOKEN (or a connection string)',
  ]);
}

export class AzureStorage implements Storage {
  readonly location: string;
  readonly isBucketRoot: boolean;
  private readonly container: ContainerClient;
  private readonly containerName: string;
  private readonly prefix: string;

  constructor(location: RemoteLocation, settings: AzureSettings) {
    this.location = formatRemoteLocation(location);
    this.isBucketRoot = location.prefix === '';
    this.prefix = location.prefix;
    this.containerName = location.bucket;
    this.container = azureServiceClient(settings).getContainerClient(location.bucket);
  }

  private blob(key: string) {
    return this.container.getBlockBlobClient(this.prefix + validateKey(key));
  }

  private fail(error: unknown, operation: string): StorageError {
    return remoteStorageError(error, {
      service: 'Azure',
      where: `container "${this.containerName}"`,
      operation,
    });
  }

  async put(key: string, body: Readable | Buffer | string, options: PutOptions = {}): Promise<void> {
    const blob = this.blob(key);
    const source =
      typeof body === 'string' || Buffer.isBuffer(body) ? Readable.from([Buffer.from(body)]) : body;
    let bodyError: unknown;
    source.once('error', (error) => {
      bodyError = error;
    });
    try {
      await blob.uploadStream(source, BUFFER_SIZE, CONCURRENCY, {
        ...(options.ifNoneExists ? { conditions: { ifNoneMatch: '*' } } : {}),
      });
    } catch (error) {
      if (bodyError !== undefined) throw bodyError;
      const { code, status } = errorCodeOf(error);
      if (
        options.ifNoneExists &&
        (status === 409 || status === 412 || code === 'BlobAlreadyExists' || code === 'ConditionNotMet')
      )
        throw new StorageObjectExistsError(key, { cause: error });
      throw this.fail(error, `store ${key}`);
    }
  }

  async get(key: string): Promise<Readable> {
    try {
      const response = await this.blob(key).download();
      return response.readableStreamBody as Readable;
    } catch (error) {
      const { code, status } = errorCodeOf(error);
      if (code === 'BlobNotFound' || (status === 404 && code !== 'ContainerNotFound'))
        throw new StorageObjectNotFoundError(key, { cause: error });
      throw this.fail(error, `read ${key}`);
    }
  }

  async stat(key: string): Promise<ObjectInfo | undefined> {
    try {
      const props = await this.blob(key).getProperties();
      return { key, size: props.contentLength ?? 0, modified: props.lastModified ?? new Date(0) };
    } catch (error) {
      if (errorCodeOf(error).status === 404) return undefined;
      throw this.fail(error, `look up ${key}`);
    }
  }

  async list(prefix: string): Promise<ObjectInfo[]> {
    const out: ObjectInfo[] = [];
    try {
      for await (const item of this.container.listBlobsFlat({ prefix: this.prefix + prefix })) {
        out.push({
          key: item.name.slice(this.prefix.length),
          size: item.properties.contentLength ?? 0,
          modified: item.properties.lastModified,
        });
      }
    } catch (error) {
      throw this.fail(error, `list ${prefix || '(everything)'}`);
    }
    return out.sort(byKey);
  }

  async delete(key: string): Promise<void> {
    try {
      await this.blob(key).deleteIfExists();
    } catch (error) {
      throw this.fail(error, `delete ${key}`);
    }
  }
}
