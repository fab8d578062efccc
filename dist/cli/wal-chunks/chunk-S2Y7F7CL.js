import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  StorageError,
  UsageError
} from "./chunk-7VKVL3KC.js";

// src/core/storage/validate-key.ts
function validateKey(key) {
  const bad = key.length === 0 || key.startsWith("/") || key.includes("\\") || key.includes("\0") || key.split("/").some((segment) => segment === "" || segment === "." || segment === "..");
  if (bad)
    throw new StorageError(
      `invalid object key ${JSON.stringify(key)}: keys are relative paths without . or .. segments`
    );
  return key;
}

// src/core/storage/storage-url.ts
var BUCKET_RULES = {
  // AWS's rules for new buckets: 3-63 of [a-z0-9.-], starting and ending with a letter or digit.
  s3: {
    pattern: /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
    rule: "3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit"
  },
  gs: {
    pattern: /^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/,
    rule: "3-63 lowercase letters, digits, dots, hyphens and underscores, starting and ending with a letter or digit"
  },
  azure: {
    pattern: /^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/,
    rule: "3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit"
  }
};
var EXAMPLE = {
  s3: "s3://my-bucket/db-backups",
  gs: "gs://my-bucket/db-backups",
  azure: "azure://my-container/db-backups"
};
function isRemoteLocation(location) {
  return /^(s3|gs|azure):\/\//i.test(location);
}
function parseRemoteLocation(location) {
  const match = /^(s3|gs|azure):\/\/([^/]*)(.*)$/is.exec(location);
  if (!match) throw new UsageError(`not a remote storage URL: ${JSON.stringify(location)}`);
  const scheme = match[1].toLowerCase();
  const authority = match[2];
  const rest = match[3];
  const bad = (problem, hint = `use e.g. ${EXAMPLE[scheme]}`) => new UsageError(`invalid storage URL ${scheme}://\u2026: ${problem}`, { hint });
  if (authority.includes("@"))
    throw bad(
      "credentials do not belong in the URL",
      scheme === "azure" ? "set AZURE_STORAGE_CONNECTION_STRING, AZURE_STORAGE_KEY or AZURE_STORAGE_SAS_TOKEN instead" : "set S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY (or use the AWS credential chain) instead"
    );
  if (rest.includes("?") || rest.includes("#") || authority.includes("?"))
    throw bad("a query or fragment is not allowed; settings go in the environment or config file");
  if (authority === "") throw bad(`the ${scheme === "azure" ? "container" : "bucket"} name is missing`);
  const { pattern, rule } = BUCKET_RULES[scheme];
  if (!pattern.test(authority) || authority.includes(".."))
    throw bad(
      `${JSON.stringify(authority)} is not a valid ${scheme === "azure" ? "container" : "bucket"} name (${rule})`
    );
  return { scheme, bucket: authority, prefix: normalizePrefix(rest, bad) };
}
function normalizePrefix(raw, bad) {
  const trimmed = raw.replace(/^\/+/, "").replace(/\/+$/, "");
  if (trimmed === "") return "";
  if (/[\\\u0000-\u001f\u007f]/.test(trimmed))
    throw bad("the prefix contains a backslash or a control character");
  const segments = trimmed.split("/");
  if (segments.some((s) => s === "" || s === "." || s === ".."))
    throw bad(`the prefix ${JSON.stringify(trimmed)} has an empty, "." or ".." segment`);
  return `${trimmed}/`;
}
function formatRemoteLocation(location) {
  return `${location.scheme}://${location.bucket}/${location.prefix}`.replace(/\/$/, "");
}

export {
  validateKey,
  isRemoteLocation,
  parseRemoteLocation,
  formatRemoteLocation
};
