import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type AzureSettings,
  AzureSettingsSchema,
  type S3Settings,
  S3SettingsSchema,
} from '../config/schema.ts';
import { ConfigError, UsageError } from '../errors.ts';
import { redact } from '../redact.ts';
import { LazyStorage } from './lazy-storage.ts';
import { LocalStorage } from './local.ts';
import { formatRemoteLocation, isRemoteLocation, parseRemoteLocation } from './storage-url.ts';
import type { Storage } from './types.ts';
import { withTimeouts } from './with-timeouts.ts';

export interface OpenStorageOptions {
  /** Base of relative paths; default the process's working directory. */
  cwd?: string;
  /** Settings of s3:// and gs:// locations (the config's `s3`). */
  s3?: S3Settings;
  /** Settings of azure:// locations (the config's `azure`). */
  azure?: AzureSettings;
}

/**
 * Opens the storage a location names: a plain path (relative to `cwd`), `file:///abs/path`,
 * `s3://bucket/prefix`, `gs://bucket/prefix` (GCS through its S3-compatible XML API) or
 * `azure://container/prefix`. A malformed URL is a UsageError naming the problem. No request is sent here.
 */
export function openStorage(location: string, options: string | OpenStorageOptions = {}): Storage {
  const { cwd = process.cwd(), s3, azure } = typeof options === 'string' ? { cwd: options } : options;
  if (location.startsWith('file:')) {
    let path: string;
    try {
      path = fileURLToPath(location);
    } catch (error) {
      throw new UsageError(
        `malformed storage URL ${JSON.stringify(redact(location))}: ${(error as Error).message}`,
        {
          hint: 'use file:///absolute/path or a plain path',
        },
      );
    }
    refusePseudoFilesystem(path);
    return new LocalStorage(path);
  }
  if (isRemoteLocation(location)) {
    const remote = parseRemoteLocation(location);
    const url = formatRemoteLocation(remote);
    if (remote.scheme === 'azure') {
      const settings = azure ?? AzureSettingsSchema.parse({});
      assertAzureCredentials(settings);
      return new LazyStorage(url, remote.prefix === '', async () => {
        const { AzureStorage } = await import('./azure.ts');
        return new AzureStorage(remote, settings);
      });
    }
    const settings = s3 ?? S3SettingsSchema.parse({});
    return new LazyStorage(url, remote.prefix === '', async () => {
      const { S3Storage } = await import('./s3.ts');
      return new S3Storage(remote, settings);
    });
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(location);
  if (scheme) {
    throw new UsageError(`storage scheme ${JSON.stringify(scheme[1])} is not supported`, {
      hint: 'use a local path, file:///absolute/path, s3://bucket/prefix, gs://bucket/prefix or azure://container/prefix',
    });
  }
  const root = isAbsolute(location) ? location : resolve(cwd, location);
  refusePseudoFilesystem(root);
  return new LocalStorage(root);
}

/** ConfigError unless the Azure settings name a usable credential (checked before any SDK is loaded). */
export function assertAzureCredentials(settings: AzureSettings): void {
  if (settings.connectionString) return;
  if (settings.key && !settings.account)
    throw new ConfigError(['azure.key (AZURE_STORAGE_KEY): needs the account name (AZURE_STORAGE_ACCOUNT)']);
  if (settings.key || (settings.sasToken && (settings.account || settings.endpoint))) return;
  throw new ConfigError(
    [
      'azure: no credentials: set AZURE_STORAGE_CONNECTION_STRING, or AZURE_STORAGE_ACCOUNT with AZURE_STORAGE_KEY or AZURE_STORAGE_SAS_TOKEN',
    ],
    { hint: 'see the README, section Azure Blob' },
  );
}

/** The repository a whole configuration names, with its remote settings (one call for every adapter). */
export function openConfiguredStorage(config: {
  storage: string;
  s3?: S3Settings;
  azure?: AzureSettings;
}): Storage {
  const storage = openStorage(config.storage, {
    ...(config.s3 ? { s3: config.s3 } : {}),
    ...(config.azure ? { azure: config.azure } : {}),
  });
  const seconds = Number(process.env.BACKUP_STORAGE_TIMEOUT_SECONDS ?? 120);
  return withTimeouts(storage, (Number.isFinite(seconds) && seconds > 0 ? seconds : 120) * 1000);
}

/** /proc, /sys and /dev look like directories but are kernel interfaces: walking them can spin for minutes. */
function refusePseudoFilesystem(root: string): void {
  if (/^\/(proc|sys|dev)(\/|$)/.test(resolve(root))) {
    throw new UsageError(`${root} is a kernel filesystem, not a place for backups`, {
      hint: 'point --storage (BACKUP_STORAGE) at a directory on a real disk, or at s3://, gs:// or azure://',
    });
  }
}
