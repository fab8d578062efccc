import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  formatRemoteLocation,
  isRemoteLocation,
  parseRemoteLocation
} from "./chunk-FTZW5PQH.js";
import {
  AzureSettingsSchema,
  ConfigSchema,
  DAEMON_ENV_BINDINGS,
  DrillReportSchema,
  LocalStorage,
  RetentionSchema,
  S3SettingsSchema,
  TOOL_VERSION,
  external_exports,
  latestVerifications,
  listBackupReports,
  listBackups,
  listDrillReports,
  parseDuration
} from "./chunk-7S6OQPGW.js";
import {
  ConfigError,
  StorageError,
  UsageError,
  redact,
  registerSecret
} from "./chunk-5H7GEHP3.js";

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
    if (current instanceof external_exports.ZodDefault || current instanceof external_exports.ZodOptional || current instanceof external_exports.ZodNullable) {
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
    if (current instanceof external_exports.ZodDefault || current instanceof external_exports.ZodOptional || current instanceof external_exports.ZodNullable) {
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
    delete: (key) => bounded(`deleting ${key}`, () => storage.delete(key))
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
        const { AzureStorage } = await import("./azure-X42MDMLF.js");
        return new AzureStorage(remote, settings2);
      });
    }
    const settings = s3 ?? S3SettingsSchema.parse({});
    return new LazyStorage(url, remote.prefix === "", async () => {
      const { S3Storage } = await import("./s3-LPFFNEXK.js");
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

// src/core/report/compliance-render.ts
var md = (text) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
var num = (n, digits = 1) => n === null ? "n/a" : n.toFixed(digits);
var pct = (n) => n === null ? "n/a" : `${(n * 100).toFixed(1)}%`;
function renderComplianceMarkdown(report) {
  const lines = [
    report.status === "compliant" ? "## \u2705 Backup compliance: COMPLIANT" : "## \u274C Backup compliance: NOT COMPLIANT",
    "",
    `Period ${report.period.since} \u2192 ${report.period.until}; targets RPO ${report.targets.rpoMinutes} min, RTO ${report.targets.rtoMinutes} min; repository \`${md(report.storage)}\`.`,
    ""
  ];
  if (report.findings.length > 0) {
    lines.push("### Findings", "", ...report.findings.map((f) => `- ${md(f)}`), "");
  }
  lines.push(
    "| database | backup runs | success rate | newest backup age | within RPO | verified / failed / unverified | drills compliant | last drill |",
    "|---|---|---|---|---|---|---|---|"
  );
  for (const db of report.databases) {
    lines.push(
      `| ${md(db.database)} | ${db.backupAttempts} | ${pct(db.backupSuccessRate)} | ${num(db.newestBackupAgeMinutes)} min | ${db.withinRpo ? "yes" : "**no**"} | ${db.verification.verified} / ${db.verification.failed} / ${db.verification.unverified} | ${db.drillsCompliant} / ${db.drills.length} | ${db.lastDrillStatus ?? "none"} |`
    );
  }
  for (const db of report.databases.filter((d) => d.drills.length > 0)) {
    lines.push(
      "",
      `### Drills of ${md(db.database)}`,
      "",
      "| drill | status | RPO measure (min) | RTO measure (min) |",
      "|---|---|---|---|"
    );
    for (const p of db.drills) {
      lines.push(
        `| ${p.drillTimestamp} | ${p.status} | ${num(p.backupAgeMinutes)}${p.rpoCompliant ? "" : " \u26A0\uFE0F"} | ${num(p.restoreDurationMinutes, 2)}${p.rtoCompliant ? "" : " \u26A0\uFE0F"} |`
      );
    }
  }
  const policy = Object.entries(report.retentionPolicy).filter(([, v]) => v !== void 0).map(([k, v]) => `${k}=${v}`).join(", ");
  lines.push(
    "",
    `Retention policy in force: ${policy || "none"}.`,
    `Generated ${report.generatedAt} by db-backup ${report.toolVersion}.`
  );
  return `${lines.join("\n")}
`;
}
var escapeXml = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
function renderComplianceSvg(report) {
  const panels = report.databases.filter((d) => d.drills.length > 0);
  const width = 720;
  const panelHeight = 180;
  const height = Math.max(1, panels.length) * (panelHeight + 40) + 30;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<title>RPO and RTO measures per drill against targets, ${escapeXml(report.period.since)} to ${escapeXml(report.period.until)}</title>`,
    '<rect width="100%" height="100%" fill="#fff"/>'
  ];
  if (panels.length === 0) parts.push('<text x="20" y="30">No restore drills in this period.</text>');
  for (const [index, db] of panels.entries()) {
    parts.push(renderPanel(db, report, 20 + index * (panelHeight + 40), width, panelHeight));
  }
  parts.push("</svg>");
  return `${parts.join("\n")}
`;
}
function renderPanel(db, report, top, width, height) {
  const left = 60;
  const right = width - 20;
  const plotTop = top + 20;
  const bottom = top + height;
  const { rpoMinutes, rtoMinutes } = report.targets;
  const values = db.drills.flatMap((p) => [p.backupAgeMinutes ?? 0, p.restoreDurationMinutes ?? 0]);
  const max = Math.max(rpoMinutes, rtoMinutes, ...values) * 1.1 || 1;
  const x = (i) => db.drills.length === 1 ? (left + right) / 2 : left + (right - left) * i / (db.drills.length - 1);
  const y = (v) => bottom - (bottom - plotTop) * v / max;
  const line = (pick, color) => {
    const points = db.drills.map((p, i) => [i, pick(p)]).filter((pair) => pair[1] !== null);
    const path = points.map(([i, v]) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
    const dots = points.map(
      ([i, v]) => `<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3" fill="${color}"/>`
    );
    return [`<polyline points="${path}" fill="none" stroke="${color}" stroke-width="2"/>`, ...dots].join(
      "\n"
    );
  };
  const target = (v, color, label) => `<line x1="${left}" x2="${right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="${color}" stroke-dasharray="6 4"/><text x="${right - 4}" y="${(y(v) - 4).toFixed(1)}" text-anchor="end" fill="${color}">${label} ${v} min</text>`;
  return [
    `<text x="${left}" y="${top + 12}" font-weight="bold">${escapeXml(db.database)}: RPO (blue) and RTO (orange) per drill, minutes</text>`,
    `<line x1="${left}" x2="${left}" y1="${plotTop}" y2="${bottom}" stroke="#555"/>`,
    `<line x1="${left}" x2="${right}" y1="${bottom}" y2="${bottom}" stroke="#555"/>`,
    `<text x="${left - 6}" y="${bottom}" text-anchor="end">0</text>`,
    `<text x="${left - 6}" y="${plotTop + 10}" text-anchor="end">${max.toFixed(0)}</text>`,
    target(rpoMinutes, "#1f5fbf", "RPO target"),
    target(rtoMinutes, "#c0630f", "RTO target"),
    line((p) => p.backupAgeMinutes, "#1f5fbf"),
    line((p) => p.restoreDurationMinutes, "#c0630f")
  ].join("\n");
}

// src/core/report/compliance-report.ts
var COMPLIANCE_REPORT_SCHEMA_VERSION = 1;
var DrillPointSchema = external_exports.object({
  drillId: external_exports.string(),
  drillTimestamp: external_exports.iso.datetime(),
  status: external_exports.enum(["success", "non_compliant", "failure"]),
  backupAgeMinutes: external_exports.number().nullable().describe("RPO measure"),
  restoreDurationMinutes: external_exports.number().nullable().describe("RTO measure"),
  rpoCompliant: external_exports.boolean(),
  rtoCompliant: external_exports.boolean()
});
var DatabaseComplianceSchema = external_exports.object({
  database: external_exports.string(),
  backupAttempts: external_exports.number().int().nonnegative().describe("Backup runs in the period (success + failed)"),
  backupSuccesses: external_exports.number().int().nonnegative(),
  backupSuccessRate: external_exports.number().min(0).max(1).nullable().describe("successes / attempts; null without runs"),
  newestBackupId: external_exports.string().nullable(),
  newestBackupFinishedAt: external_exports.iso.datetime().nullable(),
  newestBackupAgeMinutes: external_exports.number().nullable().describe("At report time"),
  withinRpo: external_exports.boolean().describe("newestBackupAgeMinutes <= rpoTargetMinutes"),
  verification: external_exports.object({
    verified: external_exports.number().int().nonnegative().describe("Backups of the period whose latest verification passed"),
    failed: external_exports.number().int().nonnegative(),
    unverified: external_exports.number().int().nonnegative()
  }),
  drills: external_exports.array(DrillPointSchema).describe("Drills of the period, oldest first: the RPO/RTO trend"),
  drillsCompliant: external_exports.number().int().nonnegative(),
  lastDrillStatus: external_exports.enum(["success", "non_compliant", "failure"]).nullable()
});
var ComplianceReportSchema = external_exports.object({
  schemaVersion: external_exports.literal(COMPLIANCE_REPORT_SCHEMA_VERSION),
  generatedAt: external_exports.iso.datetime(),
  period: external_exports.object({ since: external_exports.iso.datetime(), until: external_exports.iso.datetime() }),
  status: external_exports.enum(["compliant", "non_compliant"]).describe("compliant: no finding; non_compliant: at least one finding"),
  findings: external_exports.array(external_exports.string()).describe("Each reason the period is not compliant, in plain words"),
  targets: external_exports.object({ rpoMinutes: external_exports.number(), rtoMinutes: external_exports.number() }),
  retentionPolicy: RetentionSchema.describe("The retention policy in force when the report was made"),
  storage: external_exports.string().describe("Repository location, without credentials"),
  toolVersion: external_exports.string(),
  databases: external_exports.array(DatabaseComplianceSchema),
  drillReports: external_exports.array(DrillReportSchema).describe("Every drill report of the period, as written")
}).describe("db-backup compliance evidence for a period");
var inPeriod = (iso, since, until) => {
  const t = Date.parse(iso);
  return t >= since.getTime() && t <= until.getTime();
};
var round3 = (n) => Math.round(n * 1e3) / 1e3;
function buildComplianceReport(input) {
  const { since, until } = input;
  const drills = input.drillReports.filter((r) => inPeriod(r.drill_timestamp, since, until)).sort((a, b) => Date.parse(a.drill_timestamp) - Date.parse(b.drill_timestamp));
  const reports = input.backupReports.filter((r) => inPeriod(r.startedAt, since, until));
  const names = /* @__PURE__ */ new Set();
  for (const m of input.manifests) for (const d of m.databases) names.add(d.name);
  for (const r of reports) for (const d of r.databases) names.add(d);
  for (const d of drills) if (d.database) names.add(d.database);
  const databases = [...names].sort().map((name) => {
    const ofDb = input.manifests.filter((m) => m.databases.some((d) => d.name === name));
    const newest = ofDb.filter((m) => Date.parse(m.finishedAt) <= until.getTime()).at(-1);
    const inPeriodBackups = ofDb.filter((m) => inPeriod(m.finishedAt, since, until));
    const runs = reports.filter((r) => r.databases.includes(name));
    const successes = runs.filter((r) => r.status === "success").length;
    const verification = { verified: 0, failed: 0, unverified: 0 };
    for (const m of inPeriodBackups) {
      const v = input.verifications.get(m.id);
      if (!v) verification.unverified++;
      else if (v.ok) verification.verified++;
      else verification.failed++;
    }
    const points = drills.filter((d) => d.database === name).map((d) => ({
      drillId: d.drill_id,
      drillTimestamp: d.drill_timestamp,
      status: d.status,
      backupAgeMinutes: d.backup_age_minutes,
      restoreDurationMinutes: d.restore_duration_minutes,
      rpoCompliant: d.rpo_compliant,
      rtoCompliant: d.rto_compliant
    }));
    const age = newest ? round3((until.getTime() - Date.parse(newest.finishedAt)) / 6e4) : null;
    return {
      database: name,
      backupAttempts: runs.length,
      backupSuccesses: successes,
      backupSuccessRate: runs.length ? round3(successes / runs.length) : null,
      newestBackupId: newest?.id ?? null,
      newestBackupFinishedAt: newest?.finishedAt ?? null,
      newestBackupAgeMinutes: age,
      withinRpo: age !== null && age <= input.rpoMinutes,
      verification,
      drills: points,
      drillsCompliant: points.filter((p) => p.status === "success").length,
      lastDrillStatus: points.at(-1)?.status ?? null
    };
  });
  const report = {
    schemaVersion: COMPLIANCE_REPORT_SCHEMA_VERSION,
    generatedAt: until.toISOString(),
    period: { since: since.toISOString(), until: until.toISOString() },
    status: "compliant",
    findings: complianceFindings(databases, input.rpoMinutes),
    targets: { rpoMinutes: input.rpoMinutes, rtoMinutes: input.rtoMinutes },
    retentionPolicy: input.retentionPolicy,
    storage: input.storage,
    toolVersion: input.toolVersion,
    databases,
    drillReports: drills
  };
  report.status = report.findings.length === 0 ? "compliant" : "non_compliant";
  return ComplianceReportSchema.parse(report);
}
function complianceFindings(databases, rpoMinutes) {
  if (databases.length === 0) return ["no backups, backup runs or drills in the repository for this period"];
  const findings = [];
  for (const db of databases) {
    const name = JSON.stringify(db.database);
    if (db.newestBackupId === null) findings.push(`${name}: no complete backup`);
    else if (!db.withinRpo)
      findings.push(`${name}: newest backup is ${db.newestBackupAgeMinutes} min old (RPO ${rpoMinutes} min)`);
    if (db.backupAttempts > db.backupSuccesses)
      findings.push(
        `${name}: ${db.backupAttempts - db.backupSuccesses} of ${db.backupAttempts} backup runs failed`
      );
    if (db.verification.failed > 0)
      findings.push(`${name}: ${db.verification.failed} backup(s) failed verification`);
    if (db.drills.length === 0) findings.push(`${name}: no restore drill in the period`);
    else if (db.lastDrillStatus !== "success")
      findings.push(`${name}: the last drill was ${db.lastDrillStatus?.replace("_", "-")}`);
  }
  return findings;
}

// src/core/report/gather-compliance.ts
var minutesOf = (text, what) => {
  const parsed = parseDuration(text);
  if ("error" in parsed) throw new UsageError(`${what}: ${parsed.error}`);
  return parsed.ms / 6e4;
};
async function gatherComplianceReport(options) {
  const until = options.now ?? /* @__PURE__ */ new Date();
  const sinceMs = minutesOf(options.since, "since") * 6e4;
  if (sinceMs <= 0) throw new UsageError("since: the period must be longer than zero, e.g. 90d");
  const since = new Date(until.getTime() - sinceMs);
  const { storage, config } = options;
  const [manifests, backupReports, drillReports] = await Promise.all([
    listBackups(storage),
    listBackupReports(storage),
    listDrillReports(storage)
  ]);
  const verifications = await latestVerifications(storage);
  return buildComplianceReport({
    since,
    until,
    rpoMinutes: minutesOf(config.drill.rpo, "drill.rpo"),
    rtoMinutes: minutesOf(config.drill.rto, "drill.rto"),
    retentionPolicy: config.retention,
    storage: storage.location,
    toolVersion: TOOL_VERSION,
    manifests,
    verifications,
    backupReports,
    drillReports
  });
}

export {
  loadConfig,
  urlHasPassword,
  configWarnings,
  openConfiguredStorage,
  renderComplianceMarkdown,
  renderComplianceSvg,
  gatherComplianceReport
};
