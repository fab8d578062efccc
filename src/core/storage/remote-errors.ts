/**
 * Turns S3 and Azure SDK failures into StorageErrors that name the bucket (or container) and the operation and
 * say what to do. Permanent failures (credentials, missing bucket, access denied) are recognised here; transient
 * ones were already retried by the SDK. Messages never contain secrets: everything passes through `redact`.
 */
import { StorageError } from '../errors.ts';
import { redact } from '../redact.ts';

export interface RemoteContext {
  /** `S3` or `Azure`. */
  service: string;
  /** `bucket "name"` or `container "name"`. */
  where: string;
  /** What was being done, e.g. `store backups/x/manifest.json`. */
  operation: string;
  /** The endpoint, when not the provider's default (connection failures name it). */
  endpoint?: string;
}

interface SdkErrorShape {
  name?: string;
  code?: string;
  message?: string;
  statusCode?: number;
  $metadata?: { httpStatusCode?: number };
  details?: { errorCode?: string };
}

/** The service's error code and HTTP status of an SDK error, whatever its shape. */
export function errorCodeOf(error: unknown): { code: string; status?: number } {
  const e = (error ?? {}) as SdkErrorShape;
  const status = e.$metadata?.httpStatusCode ?? e.statusCode;
  const code =
    e.details?.errorCode ?? (e.name && e.name !== 'Error' && e.name !== 'RestError' ? e.name : e.code);
  return { code: code ?? 'Unknown', ...(status !== undefined ? { status } : {}) };
}

const CREDENTIAL_CODES = new Set([
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'InvalidToken',
  'ExpiredToken',
  'TokenRefreshRequired',
  'AuthenticationFailed',
  'InvalidAuthenticationInfo',
  'AuthorizationHeaderMalformed',
]);
const MISSING_BUCKET_CODES = new Set(['NoSuchBucket', 'ContainerNotFound']);
const DENIED_CODES = new Set([
  'AccessDenied',
  'AllAccessDisabled',
  'AuthorizationFailure',
  'AuthorizationPermissionMismatch',
  'InsufficientAccountPermissions',
]);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE']);

/** A StorageError for a failed remote operation; the SDK error is kept as the cause. */
export function remoteStorageError(error: unknown, ctx: RemoteContext): StorageError {
  if (error instanceof StorageError) return error;
  const { code, status } = errorCodeOf(error);
  const at = `${ctx.service} ${ctx.where}`;
  const make = (what: string, hint: string) =>
    new StorageError(redact(`cannot ${ctx.operation} in ${at}: ${what}`), { cause: error, hint });
  if (CREDENTIAL_CODES.has(code))
    return make(
      `the credentials were rejected (${code})`,
      ctx.service === 'S3'
        ? 'check S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY (or the AWS profile / role), and S3_ENDPOINT'
        : 'check AZURE_STORAGE_KEY, AZURE_STORAGE_SAS_TOKEN or AZURE_STORAGE_CONNECTION_STRING',
    );
  if (code === 'CredentialsProviderError')
    return make(
      'no credentials found',
      'set S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or configure the AWS chain (AWS_PROFILE, a web identity for GitHub OIDC, or an instance role)',
    );
  if (MISSING_BUCKET_CODES.has(code))
    return make(
      `the ${ctx.where.split(' ')[0]} does not exist`,
      'create it first, or fix the name in the storage URL (and S3_ENDPOINT / S3_REGION)',
    );
  if (DENIED_CODES.has(code) || status === 403)
    return make(
      DENIED_CODES.has(code)
        ? `access denied (${code})`
        : // HEAD responses carry no error code: a 403 there is either.
          'access denied, or the credentials were rejected (HTTP 403)',
      `check the credentials (${ctx.service === 'S3' ? 'S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY or the AWS chain' : 'the AZURE_STORAGE_* settings'}) and that this identity may do that operation (README: least-privilege policies)`,
    );
  if (
    NETWORK_CODES.has(code) ||
    NETWORK_CODES.has((error as { cause?: { code?: string } })?.cause?.code ?? '')
  )
    return make(
      `cannot reach the service (${code})${ctx.endpoint ? ` at ${ctx.endpoint}` : ''}`,
      'check the endpoint and the network; transient failures were already retried',
    );
  const message = (error as Error)?.message ?? String(error);
  return make(
    `${code}${status ? ` (HTTP ${status})` : ''}: ${message}`,
    'transient failures were already retried; run the command again later or check the service',
  );
}
