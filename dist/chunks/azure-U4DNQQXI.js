import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  errorCodeOf,
  remoteStorageError
} from "./chunk-3CVWNQZV.js";
import {
  BlobServiceClient,
  StorageRetryPolicyType,
  StorageSharedKeyCredential
} from "./chunk-LKWMXTTM.js";
import {
  formatRemoteLocation
} from "./chunk-LQZTC7L6.js";
import {
  validateKey
} from "./chunk-QZLWGHDA.js";
import {
  registerSecret
} from "./chunk-XSSEYECF.js";
import {
  ConfigError,
  StorageObjectExistsError,
  StorageObjectNotFoundError
} from "./chunk-HSU6VSP5.js";
import "./chunk-6DG7BXTN.js";

// src/core/storage/azure.ts
import { Readable } from "node:stream";
var BUFFER_SIZE = 4 * 1024 * 1024;
var CONCURRENCY = 2;
var byKey = (a, b) => a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
function azureServiceClient(settings) {
  const pipeline = {
    retryOptions: { maxTries: settings.maxAttempts, retryPolicyType: StorageRetryPolicyType.EXPONENTIAL }
  };
  if (settings.connectionString) {
    for (const part of settings.connectionString.split(";")) {
      const [name, ...value] = part.split("=");
      if (name === "AccountKey" || name === "SharedAccessSignature") registerSecret(value.join("="));
    }
    return BlobServiceClient.fromConnectionString(settings.connectionString, pipeline);
  }
  if (!settings.account && !settings.endpoint)
    throw new ConfigError([
      "azure: no credentials: set AZURE_STORAGE_CONNECTION_STRING, or AZURE_STORAGE_ACCOUNT with AZURE_STORAGE_KEY or AZURE_STORAGE_SAS_TOKEN"
    ]);
  const url = (settings.endpoint ?? `https://${settings.account}.blob.core.windows.net`).replace(/\/+$/, "");
  if (settings.key) {
    if (!settings.account)
      throw new ConfigError(["azure.key: needs the account name (AZURE_STORAGE_ACCOUNT)"]);
    registerSecret(settings.key);
    return new BlobServiceClient(
      url,
      new StorageSharedKeyCredential(settings.account, settings.key),
      pipeline
    );
  }
  if (settings.sasToken) {
    const sas = settings.sasToken.replace(/^\?/, "");
    registerSecret(sas);
    return new BlobServiceClient(`${url}?${sas}`, void 0, pipeline);
  }
  throw new ConfigError([
    "azure: no credentials: set AZURE_STORAGE_KEY or AZURE_STORAGE_SAS_TOKEN (or a connection string)"
  ]);
}
var AzureStorage = class {
  location;
  isBucketRoot;
  container;
  containerName;
  prefix;
  constructor(location, settings) {
    this.location = formatRemoteLocation(location);
    this.isBucketRoot = location.prefix === "";
    this.prefix = location.prefix;
    this.containerName = location.bucket;
    this.container = azureServiceClient(settings).getContainerClient(location.bucket);
  }
  blob(key) {
    return this.container.getBlockBlobClient(this.prefix + validateKey(key));
  }
  fail(error, operation) {
    return remoteStorageError(error, {
      service: "Azure",
      where: `container "${this.containerName}"`,
      operation
    });
  }
  async put(key, body, options = {}) {
    const blob = this.blob(key);
    const source = typeof body === "string" || Buffer.isBuffer(body) ? Readable.from([Buffer.from(body)]) : body;
    let bodyError;
    source.once("error", (error) => {
      bodyError = error;
    });
    try {
      await blob.uploadStream(source, BUFFER_SIZE, CONCURRENCY, {
        ...options.ifNoneExists ? { conditions: { ifNoneMatch: "*" } } : {}
      });
    } catch (error) {
      if (bodyError !== void 0) throw bodyError;
      const { code, status } = errorCodeOf(error);
      if (options.ifNoneExists && (status === 409 || status === 412 || code === "BlobAlreadyExists" || code === "ConditionNotMet"))
        throw new StorageObjectExistsError(key, { cause: error });
      throw this.fail(error, `store ${key}`);
    }
  }
  async get(key) {
    try {
      const response = await this.blob(key).download();
      return response.readableStreamBody;
    } catch (error) {
      const { code, status } = errorCodeOf(error);
      if (code === "BlobNotFound" || status === 404 && code !== "ContainerNotFound")
        throw new StorageObjectNotFoundError(key, { cause: error });
      throw this.fail(error, `read ${key}`);
    }
  }
  async stat(key) {
    try {
      const props = await this.blob(key).getProperties();
      return { key, size: props.contentLength ?? 0, modified: props.lastModified ?? /* @__PURE__ */ new Date(0) };
    } catch (error) {
      if (errorCodeOf(error).status === 404) return void 0;
      throw this.fail(error, `look up ${key}`);
    }
  }
  async list(prefix) {
    const out = [];
    try {
      for await (const item of this.container.listBlobsFlat({ prefix: this.prefix + prefix })) {
        out.push({
          key: item.name.slice(this.prefix.length),
          size: item.properties.contentLength ?? 0,
          modified: item.properties.lastModified
        });
      }
    } catch (error) {
      throw this.fail(error, `list ${prefix || "(everything)"}`);
    }
    return out.sort(byKey);
  }
  async delete(key) {
    try {
      await this.blob(key).deleteIfExists();
    } catch (error) {
      throw this.fail(error, `delete ${key}`);
    }
  }
};
export {
  AzureStorage,
  azureServiceClient
};
