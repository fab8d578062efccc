/**
 * Parses remote repository URLs (`s3://bucket/prefix`, `gs://bucket/prefix`, `azure://container/prefix`) into
 * their parts, refusing anything ambiguous: credentials or a query in the URL, bad bucket names, and prefixes
 * with empty, `.` or `..` segments. Pure: no I/O, no SDK.
 */
import { UsageError } from '../errors.ts';

export type RemoteScheme = 's3' | 'gs' | 'azure';

export interface RemoteLocation {
  scheme: RemoteScheme;
  /** Bucket (S3, GCS) or container (Azure). */
  bucket: string;
  /** The repository's key prefix inside the bucket: `''` (the whole bucket) or `a/b/` (always ending in `/`). */
  prefix: string;
}

const BUCKET_RULES: Record<RemoteScheme, { pattern: RegExp; rule: string }> = {
  // AWS's rules for new buckets: 3-63 of [a-z0-9.-], starting and ending with a letter or digit.
  s3: {
    pattern: /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
    rule: '3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit',
  },
  gs: {
    pattern: /^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/,
    rule: '3-63 lowercase letters, digits, dots, hyphens and underscores, starting and ending with a letter or digit',
  },
  azure: {
    pattern: /^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/,
    rule: '3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit',
  },
};

const EXAMPLE: Record<RemoteScheme, string> = {
  s3: 's3://my-bucket/db-backups',
  gs: 'gs://my-bucket/db-backups',
  azure: 'azure://my-container/db-backups',
};

/** True when `location` names a remote scheme this build opens (s3, gs, azure). */
export function isRemoteLocation(location: string): boolean {
  return /^(s3|gs|azure):\/\//i.test(location);
}

/** Splits a remote URL into scheme, bucket and normalized prefix; UsageError naming the problem otherwise. */
export function parseRemoteLocation(location: string): RemoteLocation {
  const match = /^(s3|gs|azure):\/\/([^/]*)(.*)$/is.exec(location);
  if (!match) throw new UsageError(`not a remote storage URL: ${JSON.stringify(location)}`);
  const scheme = match[1]!.toLowerCase() as RemoteScheme;
  const authority = match[2]!;
  const rest = match[3]!;
  const bad = (problem: string, hint = `use e.g. ${EXAMPLE[scheme]}`) =>
    new UsageError(`invalid storage URL ${scheme}://…: ${problem}`, { hint });
  // Never echo the authority back when it holds credentials.
  if (authority.includes('@'))
    throw bad(
      'credentials do not belong in the URL',
      scheme === 'azure'
        ? 'set AZURE_STORAGE_CONNECTION_STRING, AZURE_STORAGE_KEY or AZURE_STORAGE_SAS_TOKEN instead'
        : 'set S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY (or use the AWS credential chain) instead',
    );
  if (rest.includes('?') || rest.includes('#') || authority.includes('?'))
    throw bad('a query or fragment is not allowed; settings go in the environment or config file');
  if (authority === '') throw bad(`the ${scheme === 'azure' ? 'container' : 'bucket'} name is missing`);
  const { pattern, rule } = BUCKET_RULES[scheme];
  if (!pattern.test(authority) || authority.includes('..'))
    throw bad(
      `${JSON.stringify(authority)} is not a valid ${scheme === 'azure' ? 'container' : 'bucket'} name (${rule})`,
    );
  return { scheme, bucket: authority, prefix: normalizePrefix(rest, bad) };
}

function normalizePrefix(raw: string, bad: (problem: string) => UsageError): string {
  const trimmed = raw.replace(/^\/+/, '').replace(/\/+$/, '');
  if (trimmed === '') return '';
  if (/[\\\u0000-\u001f\u007f]/.test(trimmed))
    throw bad('the prefix contains a backslash or a control character');
  const segments = trimmed.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..'))
    throw bad(`the prefix ${JSON.stringify(trimmed)} has an empty, "." or ".." segment`);
  return `${trimmed}/`;
}

/** The URL of a location, normalized (what `Storage.location` shows). */
export function formatRemoteLocation(location: RemoteLocation): string {
  return `${location.scheme}://${location.bucket}/${location.prefix}`.replace(/\/$/, '');
}
