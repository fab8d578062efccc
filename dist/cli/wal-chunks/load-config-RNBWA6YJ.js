import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  ConfigSchema,
  DAEMON_ENV_BINDINGS
} from "./chunk-LTMROYVH.js";
import {
  external_exports
} from "./chunk-4TYDSTE7.js";
import {
  registerSecret
} from "./chunk-NT7NHDDW.js";
import {
  ConfigError
} from "./chunk-7VKVL3KC.js";
import "./chunk-F5XNGLJN.js";

// src/core/config/load-config.ts
import { readFileSync } from "node:fs";

// src/core/config/storage-env.ts
var STORAGE_ENV_BINDINGS = [
  { names: ["S3_ENDPOINT"], path: "s3.endpoint", kind: "string" },
  { names: ["S3_FORCE_PATH_STYLE"], path: "s3.forcePathStyle", kind: "bool" },
  { names: ["S3_REGION", "AWS_REGION", "AWS_DEFAULT_REGION"], path: "s3.region", kind: "string" },
  // The key id is not secret by itself, but it names the account: redacted too.
  { names: ["S3_ACCESS_KEY_ID"], path: "s3.accessKeyId", kind: "string", secret: true },
  { names: ["S3_SECRET_ACCESS_KEY"], path: "s3.secretAccessKey", kind: "string", secret: true },
  { names: ["S3_SESSION_TOKEN"], path: "s3.sessionToken", kind: "string", secret: true },
  { names: ["S3_SSE"], path: "s3.serverSideEncryption", kind: "string" },
  { names: ["S3_SSE_KMS_KEY_ID"], path: "s3.kmsKeyId", kind: "string" },
  { names: ["S3_STORAGE_CLASS"], path: "s3.storageClass", kind: "string" },
  { names: ["S3_OBJECT_LOCK_MODE"], path: "s3.objectLockMode", kind: "string" },
  { names: ["S3_OBJECT_LOCK_DAYS"], path: "s3.objectLockDays", kind: "int" },
  { names: ["S3_CREATE_ONLY"], path: "s3.createOnly", kind: "string" },
  { names: ["S3_PART_SIZE_MIB"], path: "s3.partSizeMiB", kind: "int" },
  { names: ["S3_UPLOAD_QUEUE_SIZE"], path: "s3.queueSize", kind: "int" },
  { names: ["S3_MAX_ATTEMPTS"], path: "s3.maxAttempts", kind: "int" },
  {
    names: ["AZURE_STORAGE_CONNECTION_STRING"],
    path: "azure.connectionString",
    kind: "string",
    secret: true
  },
  { names: ["AZURE_STORAGE_ACCOUNT"], path: "azure.account", kind: "string" },
  { names: ["AZURE_STORAGE_KEY"], path: "azure.key", kind: "string", secret: true },
  { names: ["AZURE_STORAGE_SAS_TOKEN"], path: "azure.sasToken", kind: "string", secret: true },
  { names: ["AZURE_STORAGE_ENDPOINT"], path: "azure.endpoint", kind: "string" },
  { names: ["AZURE_STORAGE_MAX_ATTEMPTS"], path: "azure.maxAttempts", kind: "int" }
];
var SCHEMES = {
  s3: "s3://",
  gcs: "gs://",
  azure: "azure://",
  local: ""
};
function migratedStorageValues(read, native, problems) {
  const provider = read("BACKUP_PROVIDER")?.trim().toLowerCase();
  const destination = read("BACKUP_DESTINATION")?.trim();
  const out = [];
  if (provider !== void 0 && !(provider in SCHEMES)) {
    problems.push(
      `storage (BACKUP_PROVIDER): ${JSON.stringify(provider)} is not one of s3, gcs, azure, local`
    );
    return out;
  }
  if (provider !== void 0 && !destination)
    problems.push("storage (BACKUP_PROVIDER): needs BACKUP_DESTINATION (bucket/prefix, or a path for local)");
  if (destination && provider === void 0)
    problems.push("storage (BACKUP_DESTINATION): needs BACKUP_PROVIDER (s3, gcs, azure or local)");
  if (provider !== void 0 && destination) {
    const scheme = SCHEMES[provider];
    const location = scheme && !destination.includes("://") ? `${scheme}${destination}` : destination;
    out.push({ path: "storage", value: location, from: "BACKUP_PROVIDER + BACKUP_DESTINATION" });
  }
  const azure = provider === "azure";
  const accessKey = read("BACKUP_ACCESS_KEY");
  const secretKey = read("BACKUP_SECRET_KEY");
  const region = read("BACKUP_REGION");
  if (accessKey !== void 0)
    out.push({
      path: azure ? "azure.account" : "s3.accessKeyId",
      value: accessKey,
      from: "BACKUP_ACCESS_KEY",
      secret: !azure
    });
  if (secretKey !== void 0)
    out.push({
      path: azure ? "azure.key" : "s3.secretAccessKey",
      value: secretKey,
      from: "BACKUP_SECRET_KEY",
      secret: true
    });
  if (region !== void 0) out.push({ path: "s3.region", value: region, from: "BACKUP_REGION" });
  return out.filter((m) => {
    const nativeName = native.source(m.path);
    if (nativeName === void 0 || nativeName.startsWith("AWS_")) return true;
    if (native.value(m.path) !== m.value) {
      problems.push(`${m.path}: ${nativeName} and ${m.from} are both set, to different values; set only one`);
    }
    return false;
  });
}

// src/core/config/strict-keys.ts
function editDistance(a, b) {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}
function didYouMean(name, candidates) {
  let best;
  for (const candidate of candidates) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance <= Math.min(2, Math.max(1, Math.floor(candidate.length / 3))) && (!best || distance < best.distance)) {
      best = { candidate, distance };
    }
  }
  return best?.candidate;
}
function objectOf(schema) {
  let current = schema;
  for (let depth = 0; depth < 10; depth++) {
    if (current instanceof external_exports.ZodObject) return current;
    if (current instanceof external_exports.ZodDefault || current instanceof external_exports.ZodPrefault || current instanceof external_exports.ZodOptional || current instanceof external_exports.ZodNullable) {
      current = current.unwrap();
    } else if (current instanceof external_exports.ZodPipe) {
      current = current.out instanceof external_exports.ZodObject ? current.out : current.in;
    } else {
      return void 0;
    }
  }
  return void 0;
}
function arrayElement(schema) {
  let current = schema;
  for (let depth = 0; depth < 10; depth++) {
    if (current instanceof external_exports.ZodArray) return current.element;
    if (current instanceof external_exports.ZodDefault || current instanceof external_exports.ZodPrefault || current instanceof external_exports.ZodOptional || current instanceof external_exports.ZodNullable) {
      current = current.unwrap();
    } else if (current instanceof external_exports.ZodPipe) {
      current = current.out;
    } else {
      return void 0;
    }
  }
  return void 0;
}
function unknownKeys(value, schema, path = "") {
  const object = objectOf(schema);
  if (object && value && typeof value === "object" && !Array.isArray(value)) {
    const shape = object.shape;
    const problems = [];
    for (const [key, child] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      if (!(key in shape)) {
        const suggestion = didYouMean(key, Object.keys(shape));
        problems.push(
          `${at}: unknown key${suggestion ? ` (did you mean ${path ? `${path}.` : ""}${suggestion}?)` : ""}`
        );
      } else {
        problems.push(...unknownKeys(child, shape[key], at));
      }
    }
    return problems;
  }
  const element = arrayElement(schema);
  if (element && Array.isArray(value))
    return value.flatMap((item, i) => unknownKeys(item, element, `${path}[${i}]`));
  return [];
}
function unknownBackupVariables(env, known) {
  const names = /* @__PURE__ */ new Set();
  for (const name of known) {
    names.add(name);
    names.add(`${name}_FILE`);
  }
  return Object.keys(env).filter((name) => name.startsWith("BACKUP_") && !names.has(name)).sort().map((name) => {
    const suggestion = didYouMean(name, names);
    return `environment variable ${name} is not used by db-backup${suggestion ? ` (did you mean ${suggestion}?)` : ""}`;
  });
}

// src/core/config/load-config.ts
var ENV_BINDINGS = [
  { names: ["BACKUP_STORAGE"], path: "storage", kind: "string" },
  { names: ["DATABASE_URL"], path: "connection.url", kind: "string", secret: true },
  { names: ["PGHOST", "POSTGRES_HOST"], path: "connection.host", kind: "string" },
  { names: ["PGPORT", "POSTGRES_PORT"], path: "connection.port", kind: "int" },
  { names: ["PGUSER", "POSTGRES_USER"], path: "connection.user", kind: "string" },
  { names: ["PGPASSWORD", "POSTGRES_PASSWORD"], path: "connection.password", kind: "string", secret: true },
  { names: ["PGSSLMODE"], path: "connection.sslmode", kind: "string" },
  { names: ["BACKUP_DATABASES", "POSTGRES_DB", "POSTGRES_DATABASE"], path: "databases", kind: "list" },
  { names: ["BACKUP_ALL_DATABASES"], path: "allDatabases", kind: "bool" },
  { names: ["BACKUP_PG_BIN_DIR"], path: "pgBinDir", kind: "string" },
  { names: ["BACKUP_FORMAT"], path: "backup.format", kind: "string" },
  { names: ["BACKUP_JOBS"], path: "backup.jobs", kind: "int" },
  { names: ["BACKUP_RESTORE_JOBS"], path: "restore.jobs", kind: "int" },
  { names: ["BACKUP_COMPRESSION"], path: "backup.compression", kind: "string" },
  { names: ["BACKUP_COMPRESSION_LEVEL"], path: "backup.compressionLevel", kind: "int" },
  { names: ["BACKUP_TAGS"], path: "backup.tags", kind: "list" },
  { names: ["BACKUP_REPORT_DIR"], path: "backup.reportDir", kind: "string" },
  { names: ["BACKUP_KEEP_LAST"], path: "retention.keepLast", kind: "int" },
  { names: ["BACKUP_KEEP_WITHIN"], path: "retention.keepWithin", kind: "string" },
  { names: ["BACKUP_RETENTION_DAYS"], path: "retention.keepWithin", kind: "days" },
  { names: ["BACKUP_KEEP_HOURLY"], path: "retention.keepHourly", kind: "int" },
  { names: ["BACKUP_KEEP_DAILY", "BACKUP_KEEP_DAYS"], path: "retention.keepDaily", kind: "int" },
  { names: ["BACKUP_KEEP_WEEKLY", "BACKUP_KEEP_WEEKS"], path: "retention.keepWeekly", kind: "int" },
  { names: ["BACKUP_KEEP_MONTHLY", "BACKUP_KEEP_MONTHS"], path: "retention.keepMonthly", kind: "int" },
  { names: ["BACKUP_KEEP_YEARLY"], path: "retention.keepYearly", kind: "int" },
  { names: ["BACKUP_REQUIRE_VERIFIED"], path: "retention.requireVerified", kind: "bool" },
  { names: ["BACKUP_TIMEZONE", "TZ"], path: "retention.timeZone", kind: "string" },
  { names: ["BACKUP_RPO"], path: "drill.rpo", kind: "string" },
  { names: ["BACKUP_RTO"], path: "drill.rto", kind: "string" },
  {
    names: ["BACKUP_DRILL_SCRATCH_URL", "BACKUP_DRILL_SCRATCH"],
    path: "drill.scratch",
    kind: "string",
    secret: true
  },
  { names: ["BACKUP_DRILL_REPORT_DIR"], path: "drill.reportDir", kind: "string" },
  { names: ["BACKUP_LOG_LEVEL"], path: "logLevel", kind: "string" },
  { names: ["BACKUP_ENCRYPTION_RECIPIENTS"], path: "encryption.recipients", kind: "list" },
  { names: ["BACKUP_ENCRYPTION_PASSPHRASE"], path: "encryption.passphrase", kind: "string", secret: true },
  { names: ["BACKUP_ENCRYPTION_IDENTITY"], path: "encryption.identities", kind: "string", secret: true },
  { names: ["BACKUP_ENCRYPTION"], path: "encryption.required", kind: "bool" },
  { names: ["BACKUP_ENCRYPTION_SCRYPT_LOG_N"], path: "encryption.scryptWorkFactor", kind: "int" },
  ...DAEMON_ENV_BINDINGS,
  ...STORAGE_ENV_BINDINGS
];
function setPath(target, path, value) {
  const parts = path.split(".");
  let node = target;
  for (const part of parts.slice(0, -1)) {
    if (typeof node[part] !== "object" || node[part] === null) node[part] = {};
    node = node[part];
  }
  node[parts.at(-1)] = value;
}
function deepMerge(base, over) {
  const out = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === void 0) continue;
    const prev = out[key];
    const bothObjects = typeof value === "object" && value !== null && !Array.isArray(value) && typeof prev === "object" && prev !== null;
    out[key] = bothObjects ? deepMerge(prev, value) : value;
  }
  return out;
}
function convert(raw, kind) {
  const text = raw.trim();
  switch (kind) {
    case "int":
      return /^-?\d+$/.test(text) ? Number(text) : text;
    case "bool":
      if (/^(1|true|yes|on)$/i.test(text)) return true;
      if (/^(0|false|no|off|)$/i.test(text)) return false;
      return text;
    case "list":
      return text.split(",").map((s) => s.trim()).filter(Boolean);
    case "days":
      return /^\d+$/.test(text) ? `${text}d` : text;
    default:
      return raw;
  }
}
function readEnvValue(env, name, problems) {
  const direct = env[name];
  if (direct !== void 0 && direct !== "") return direct;
  const file = env[`${name}_FILE`];
  if (!file) return void 0;
  try {
    return readFileSync(file, "utf8").replace(/\r?\n$/, "");
  } catch (error) {
    problems.push(`${name}_FILE: cannot read ${file} (${error.code ?? "error"})`);
    return void 0;
  }
}
function configFromEnv(env, problems = []) {
  const input = {};
  const sources = /* @__PURE__ */ new Map();
  for (const binding of ENV_BINDINGS) {
    if (sources.has(binding.path)) continue;
    for (const name of binding.names) {
      const raw = readEnvValue(env, name, problems);
      if (raw === void 0) continue;
      if (binding.secret) registerSecret(raw);
      setPath(input, binding.path, convert(raw, binding.kind));
      sources.set(binding.path, name);
      break;
    }
  }
  applyMigratedStorageNames(env, input, sources, problems);
  return { input, sources };
}
function applyMigratedStorageNames(env, input, sources, problems) {
  const getPath = (path) => path.split(".").reduce((node, part) => node?.[part], input);
  const migrated = migratedStorageValues(
    (name) => readEnvValue(env, name, problems),
    { source: (path) => sources.get(path), value: getPath },
    problems
  );
  for (const m of migrated) {
    if (m.secret) registerSecret(m.value);
    setPath(input, m.path, m.value);
    sources.set(m.path, m.from);
  }
}
function readConfigFile(path, problems) {
  try {
    const parsed = JSON.parse(readFileSync(path, "utf8"));
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      problems.push(`config file ${path}: must hold a JSON object`);
      return {};
    }
    return parsed;
  } catch (error) {
    const reason = error instanceof SyntaxError ? error.message : error.code;
    problems.push(`config file ${path}: ${reason}`);
    return {};
  }
}
function loadConfig(sources = {}) {
  const env = sources.env ?? process.env;
  const problems = [];
  const configFile = sources.configFile ?? env.BACKUP_CONFIG;
  const fromFile = configFile ? readConfigFile(configFile, problems) : {};
  for (const problem of unknownKeys(fromFile, ConfigSchema))
    problems.push(`config file ${configFile}: ${problem}`);
  const fromEnv = configFromEnv(env, problems);
  const merged = deepMerge(deepMerge(fromFile, fromEnv.input), sources.flags ?? {});
  const result = ConfigSchema.safeParse(merged);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = issue.path.join(".") || "(root)";
      const from = fromEnv.sources.get(path);
      problems.push(`${path}${from ? ` (${from})` : ""}: ${issue.message}`);
    }
  }
  if (problems.length > 0 || !result.success) {
    throw new ConfigError(problems, { hint: "fix the values above; `db-backup --help` lists every option" });
  }
  const config = result.data;
  registerSecret(config.connection.password);
  registerSecret(config.encryption.passphrase);
  for (const identity of config.encryption.identities) registerSecret(identity);
  for (const secret of [config.daemon.apiToken, config.daemon.adminToken, config.notifications.smtpUrl])
    registerSecret(secret);
  for (const url of [config.notifications.webhookUrl, config.notifications.slackWebhookUrl])
    registerSecret(url);
  for (const secret of [config.s3.accessKeyId, config.s3.secretAccessKey, config.s3.sessionToken])
    registerSecret(secret);
  for (const secret of [config.azure.connectionString, config.azure.key, config.azure.sasToken])
    registerSecret(secret);
  if (config.connection.url) registerPasswordOfUrl(config.connection.url);
  if (/^postgres(ql)?:\/\//i.test(config.drill.scratch)) registerPasswordOfUrl(config.drill.scratch);
  return config;
}
function urlHasPassword(url) {
  try {
    return new URL(url).password !== "";
  } catch {
    return /^[a-z][a-z0-9+.-]*:\/\/[^/@\s]*:[^/@\s]+@/i.test(url);
  }
}
function registerPasswordOfUrl(url) {
  try {
    const parsed = new URL(url);
    if (parsed.password) registerSecret(decodeURIComponent(parsed.password));
  } catch {
  }
}
var OTHER_VARIABLES = [
  "BACKUP_CONFIG",
  "BACKUP_PROVIDER",
  "BACKUP_DESTINATION",
  "BACKUP_ACCESS_KEY",
  "BACKUP_SECRET_KEY",
  "BACKUP_REGION",
  "BACKUP_PROGRESS_INTERVAL_MS",
  "BACKUP_STORAGE_TIMEOUT_SECONDS"
];
function configWarnings(env = process.env) {
  return unknownBackupVariables(env, [...ENV_BINDINGS.flatMap((b) => b.names), ...OTHER_VARIABLES]);
}
export {
  ENV_BINDINGS,
  configFromEnv,
  configWarnings,
  loadConfig,
  urlHasPassword
};
