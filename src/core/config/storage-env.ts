/**
 * Environment names of the remote storage settings: the native `S3_*` / `AZURE_STORAGE_*` names (plain
 * bindings, merged into load-config's table), and the names users migrating from other backup sidecars
 * already have (`BACKUP_PROVIDER` + `BACKUP_DESTINATION`, `BACKUP_ACCESS_KEY`, `BACKUP_SECRET_KEY`,
 * `BACKUP_REGION`). A migration name that disagrees with the native name for the same setting is an error
 * naming both, never a silent choice.
 */

/** Same shape as load-config's EnvBinding (kept structural so this file has no import cycle). */
export interface StorageEnvBinding {
  names: string[];
  path: string;
  kind: 'string' | 'int' | 'bool';
  secret?: boolean;
}

export const STORAGE_ENV_BINDINGS: StorageEnvBinding[] = [
  { names: ['S3_ENDPOINT'], path: 's3.endpoint', kind: 'string' },
  { names: ['S3_FORCE_PATH_STYLE'], path: 's3.forcePathStyle', kind: 'bool' },
  { names: ['S3_REGION', 'AWS_REGION', 'AWS_DEFAULT_REGION'], path: 's3.region', kind: 'string' },
  // The key id is not secret by itself, but it names the account: redacted too.
  { names: ['S3_ACCESS_KEY_ID'], path: 's3.accessKeyId', kind: 'string', secret: true },
  { names: ['S3_SECRET_ACCESS_KEY'], path: 's3.secretAccessKey', kind: 'string', secret: true },
  { names: ['S3_SESSION_TOKEN'], path: 's3.sessionToken', kind: 'string', secret: true },
  { names: ['S3_SSE'], path: 's3.serverSideEncryption', kind: 'string' },
  { names: ['S3_SSE_KMS_KEY_ID'], path: 's3.kmsKeyId', kind: 'string' },
  { names: ['S3_STORAGE_CLASS'], path: 's3.storageClass', kind: 'string' },
  { names: ['S3_OBJECT_LOCK_MODE'], path: 's3.objectLockMode', kind: 'string' },
  { names: ['S3_OBJECT_LOCK_DAYS'], path: 's3.objectLockDays', kind: 'int' },
  { names: ['S3_CREATE_ONLY'], path: 's3.createOnly', kind: 'string' },
  { names: ['S3_PART_SIZE_MIB'], path: 's3.partSizeMiB', kind: 'int' },
  { names: ['S3_UPLOAD_QUEUE_SIZE'], path: 's3.queueSize', kind: 'int' },
  { names: ['S3_MAX_ATTEMPTS'], path: 's3.maxAttempts', kind: 'int' },
  {
    names: ['AZURE_STORAGE_CONNECTION_STRING'],
    path: 'azure.connectionString',
    kind: 'string',
    secret: true,
  },
  { names: ['AZURE_STORAGE_ACCOUNT'], path: 'azure.account', kind: 'string' },
  { names: ['AZURE_STORAGE_KEY'], path: 'azure.key', kind: 'string', secret: true },
  { names: ['AZURE_STORAGE_SAS_TOKEN'], path: 'azure.sasToken', kind: 'string', secret: true },
  { names: ['AZURE_STORAGE_ENDPOINT'], path: 'azure.endpoint', kind: 'string' },
  { names: ['AZURE_STORAGE_MAX_ATTEMPTS'], path: 'azure.maxAttempts', kind: 'int' },
];

const SCHEMES: Record<string, string | undefined> = {
  s3: 's3://',
  gcs: 'gs://',
  azure: 'azure://',
  local: '',
};

/** One value the migration names set: config path, value, the variable it came from, and whether it is secret. */
export interface MigratedValue {
  path: string;
  value: string;
  from: string;
  secret?: boolean;
}

/**
 * Translates the migration names into config values. `read` returns a variable's value (or its `_FILE`
 * content); `nativeSource(path)` names the native variable that already set `path`, and `nativeValue(path)` its
 * value, so a disagreement is reported naming both. Problems are appended to `problems`.
 */
export function migratedStorageValues(
  read: (name: string) => string | undefined,
  native: { source(path: string): string | undefined; value(path: string): unknown },
  problems: string[],
): MigratedValue[] {
  const provider = read('BACKUP_PROVIDER')?.trim().toLowerCase();
  const destination = read('BACKUP_DESTINATION')?.trim();
  const out: MigratedValue[] = [];
  if (provider !== undefined && !(provider in SCHEMES)) {
    problems.push(
      `storage (BACKUP_PROVIDER): ${JSON.stringify(provider)} is not one of s3, gcs, azure, local`,
    );
    return out;
  }
  if (provider !== undefined && !destination)
    problems.push('storage (BACKUP_PROVIDER): needs BACKUP_DESTINATION (bucket/prefix, or a path for local)');
  if (destination && provider === undefined)
    problems.push('storage (BACKUP_DESTINATION): needs BACKUP_PROVIDER (s3, gcs, azure or local)');
  if (provider !== undefined && destination) {
    const scheme = SCHEMES[provider]!;
    const location = scheme && !destination.includes('://') ? `${scheme}${destination}` : destination;
    out.push({ path: 'storage', value: location, from: 'BACKUP_PROVIDER + BACKUP_DESTINATION' });
  }
  const azure = provider === 'azure';
  const accessKey = read('BACKUP_ACCESS_KEY');
  const secretKey = read('BACKUP_SECRET_KEY');
  const region = read('BACKUP_REGION');
  if (accessKey !== undefined)
    out.push({
      path: azure ? 'azure.account' : 's3.accessKeyId',
      value: accessKey,
      from: 'BACKUP_ACCESS_KEY',
      secret: !azure,
    });
  if (secretKey !== undefined)
    out.push({
      path: azure ? 'azure.key' : 's3.secretAccessKey',
      value: secretKey,
      from: 'BACKUP_SECRET_KEY',
      secret: true,
    });
  if (region !== undefined) out.push({ path: 's3.region', value: region, from: 'BACKUP_REGION' });

  return out.filter((m) => {
    const nativeName = native.source(m.path);
    // AWS_REGION is the runner's ambient default, not a competing choice: BACKUP_REGION overrides it.
    if (nativeName === undefined || nativeName.startsWith('AWS_')) return true;
    if (native.value(m.path) !== m.value) {
      // Never print the values: they may be keys.
      problems.push(`${m.path}: ${nativeName} and ${m.from} are both set, to different values; set only one`);
    }
    return false;
  });
}
