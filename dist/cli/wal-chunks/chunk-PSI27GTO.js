import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  redact
} from "./chunk-NT7NHDDW.js";
import {
  StorageError
} from "./chunk-7VKVL3KC.js";

// src/core/storage/remote-errors.ts
function errorCodeOf(error) {
  const e = error ?? {};
  const status = e.$metadata?.httpStatusCode ?? e.statusCode;
  const code = e.details?.errorCode ?? (e.name && e.name !== "Error" && e.name !== "RestError" ? e.name : e.code);
  return { code: code ?? "Unknown", ...status !== void 0 ? { status } : {} };
}
var CREDENTIAL_CODES = /* @__PURE__ */ new Set([
  "InvalidAccessKeyId",
  "SignatureDoesNotMatch",
  "InvalidToken",
  "ExpiredToken",
  "TokenRefreshRequired",
  "AuthenticationFailed",
  "InvalidAuthenticationInfo",
  "AuthorizationHeaderMalformed"
]);
var MISSING_BUCKET_CODES = /* @__PURE__ */ new Set(["NoSuchBucket", "ContainerNotFound"]);
var DENIED_CODES = /* @__PURE__ */ new Set([
  "AccessDenied",
  "AllAccessDisabled",
  "AuthorizationFailure",
  "AuthorizationPermissionMismatch",
  "InsufficientAccountPermissions"
]);
var NETWORK_CODES = /* @__PURE__ */ new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ECONNRESET", "ETIMEDOUT", "EPIPE"]);
function remoteStorageError(error, ctx) {
  if (error instanceof StorageError) return error;
  const { code, status } = errorCodeOf(error);
  const at = `${ctx.service} ${ctx.where}`;
  const make = (what, hint) => new StorageError(redact(`cannot ${ctx.operation} in ${at}: ${what}`), { cause: error, hint });
  if (CREDENTIAL_CODES.has(code))
    return make(
      `the credentials were rejected (${code})`,
      ctx.service === "S3" ? "check S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY (or the AWS profile / role), and S3_ENDPOINT" : "check AZURE_STORAGE_KEY, AZURE_STORAGE_SAS_TOKEN or AZURE_STORAGE_CONNECTION_STRING"
    );
  if (code === "CredentialsProviderError")
    return make(
      "no credentials found",
      "set S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or configure the AWS chain (AWS_PROFILE, a web identity for GitHub OIDC, or an instance role)"
    );
  if (MISSING_BUCKET_CODES.has(code))
    return make(
      `the ${ctx.where.split(" ")[0]} does not exist`,
      "create it first, or fix the name in the storage URL (and S3_ENDPOINT / S3_REGION)"
    );
  if (DENIED_CODES.has(code) || status === 403)
    return make(
      DENIED_CODES.has(code) ? `access denied (${code})` : (
        // HEAD responses carry no error code: a 403 there is either.
        "access denied, or the credentials were rejected (HTTP 403)"
      ),
      `check the credentials (${ctx.service === "S3" ? "S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY or the AWS chain" : "the AZURE_STORAGE_* settings"}) and that this identity may do that operation (README: least-privilege policies)`
    );
  if (NETWORK_CODES.has(code) || NETWORK_CODES.has(error?.cause?.code ?? ""))
    return make(
      `cannot reach the service (${code})${ctx.endpoint ? ` at ${ctx.endpoint}` : ""}`,
      "check the endpoint and the network; transient failures were already retried"
    );
  const message = error?.message ?? String(error);
  return make(
    `${code}${status ? ` (HTTP ${status})` : ""}: ${message}`,
    "transient failures were already retried; run the command again later or check the service"
  );
}

export {
  errorCodeOf,
  remoteStorageError
};
