import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  LocalStorage
} from "./chunk-GSBKU3UE.js";
import {
  formatRemoteLocation,
  isRemoteLocation,
  parseRemoteLocation
} from "./chunk-LQZTC7L6.js";
import {
  AzureSettingsSchema,
  S3SettingsSchema
} from "./chunk-WPFTMBHG.js";
import {
  redact
} from "./chunk-XSSEYECF.js";
import {
  ConfigError,
  StorageError,
  UsageError
} from "./chunk-HSU6VSP5.js";

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
        const { AzureStorage } = await import("./azure-U4DNQQXI.js");
        return new AzureStorage(remote, settings2);
      });
    }
    const settings = s3 ?? S3SettingsSchema.parse({});
    return new LazyStorage(url, remote.prefix === "", async () => {
      const { S3Storage } = await import("./s3-JQWJRMEZ.js");
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
  openStorage,
  assertAzureCredentials,
  openConfiguredStorage
};
