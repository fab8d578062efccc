/**
 * Builds the one `Config` from its sources, lowest precedence first: schema defaults, the JSON config file
 * (`--config` / `BACKUP_CONFIG`), environment variables, then command-line flags. Every problem from every
 * source is reported at once as `path (SOURCE): message`.
 */
import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors.ts';
import { registerSecret } from '../redact.ts';
import { DAEMON_ENV_BINDINGS } from './daemon-schema.ts';
import { type Config, type ConfigInput, ConfigSchema } from './schema.ts';
import { migratedStorageValues, STORAGE_ENV_BINDINGS } from './storage-env.ts';
import { unknownBackupVariables, unknownKeys } from './strict-keys.ts';

type Kind = 'string' | 'int' | 'bool' | 'list' | 'days';

/** One environment variable and the config path it sets. Earlier names win over later aliases. */
interface EnvBinding {
  names: string[];
  path: string;
  kind: Kind;
  secret?: boolean;
}

/** The environment table; the README's env section lists the same names. */
export const ENV_BINDINGS: EnvBinding[] = [
  { names: ['BACKUP_STORAGE'], path: 'storage', kind: 'string' },
  { names: ['DATABASE_URL'], path: 'connection.url', kind: 'string', secret: true },
  { names: ['PGHOST', 'POSTGRES_HOST'], path: 'connection.host', kind: 'string' },
  { names: ['PGPORT', 'POSTGRES_PORT'], path: 'connection.port', kind: 'int' },
  { names: ['PGUSER', 'POSTGRES_USER'], path: 'connection.user', kind: 'string' },
  { names: ['PGPASSWORD', 'POSTGRES_PASSWORD'], path: 'connection.password', kind: 'string', secret: true },
  { names: ['PGSSLMODE'], path: 'connection.sslmode', kind: 'string' },
  { names: ['BACKUP_DATABASES', 'POSTGRES_DB', 'POSTGRES_DATABASE'], path: 'databases', kind: 'list' },
  { names: ['BACKUP_ALL_DATABASES'], path: 'allDatabases', kind: 'bool' },
  { names: ['BACKUP_PG_BIN_DIR'], path: 'pgBinDir', kind: 'string' },
  { names: ['BACKUP_FORMAT'], path: 'backup.format', kind: 'string' },
  { names: ['BACKUP_JOBS'], path: 'backup.jobs', kind: 'int' },
  { names: ['BACKUP_RESTORE_JOBS'], path: 'restore.jobs', kind: 'int' },
  { names: ['BACKUP_COMPRESSION'], path: 'backup.compression', kind: 'string' },
  { names: ['BACKUP_COMPRESSION_LEVEL'], path: 'backup.compressionLevel', kind: 'int' },
  { names: ['BACKUP_TAGS'], path: 'backup.tags', kind: 'list' },
  { names: ['BACKUP_REPORT_DIR'], path: 'backup.reportDir', kind: 'string' },
  { names: ['BACKUP_KEEP_LAST'], path: 'retention.keepLast', kind: 'int' },
  { names: ['BACKUP_KEEP_WITHIN'], path: 'retention.keepWithin', kind: 'string' },
  { names: ['BACKUP_RETENTION_DAYS'], path: 'retention.keepWithin', kind: 'days' },
  { names: ['BACKUP_KEEP_HOURLY'], path: 'retention.keepHourly', kind: 'int' },
  { names: ['BACKUP_KEEP_DAILY', 'BACKUP_KEEP_DAYS'], path: 'retention.keepDaily', kind: 'int' },
  { names: ['BACKUP_KEEP_WEEKLY', 'BACKUP_KEEP_WEEKS'], path: 'retention.keepWeekly', kind: 'int' },
  { names: ['BACKUP_KEEP_MONTHLY', 'BACKUP_KEEP_MONTHS'], path: 'retention.keepMonthly', kind: 'int' },
  { names: ['BACKUP_KEEP_YEARLY'], path: 'retention.keepYearly', kind: 'int' },
  { names: ['BACKUP_REQUIRE_VERIFIED'], path: 'retention.requireVerified', kind: 'bool' },
  { names: ['BACKUP_TIMEZONE', 'TZ'], path: 'retention.timeZone', kind: 'string' },
  { names: ['BACKUP_RPO'], path: 'drill.rpo', kind: 'string' },
  { names: ['BACKUP_RTO'], path: 'drill.rto', kind: 'string' },
  {
    names: ['BACKUP_DRILL_SCRATCH_URL', 'BACKUP_DRILL_SCRATCH'],
    path: 'drill.scratch',
    kind: 'string',
    secret: true,
  },
  { names: ['BACKUP_DRILL_REPORT_DIR'], path: 'drill.reportDir', kind: 'string' },
  { names: ['BACKUP_LOG_LEVEL'], path: 'logLevel', kind: 'string' },
  { names: ['BACKUP_ENCRYPTION_RECIPIENTS'], path: 'encryption.recipients', kind: 'list' },
  { names: ['BACKUP_ENCRYPTION_PASSPHRASE'], path: 'encryption.passphrase', kind: 'string', secret: true },
  { names: ['BACKUP_ENCRYPTION_IDENTITY'], path: 'encryption.identities', kind: 'string', secret: true },
  { names: ['BACKUP_ENCRYPTION'], path: 'encryption.required', kind: 'bool' },
  { names: ['BACKUP_ENCRYPTION_SCRYPT_LOG_N'], path: 'encryption.scryptWorkFactor', kind: 'int' },
  ...(DAEMON_ENV_BINDINGS as unknown as EnvBinding[]),
  ...STORAGE_ENV_BINDINGS,
];

export interface ConfigSources {
  env?: NodeJS.ProcessEnv;
  /** Values from command-line flags, already shaped like the config (highest precedence). */
  flags?: ConfigInput;
  /** Path of a JSON config file; defaults to `BACKUP_CONFIG` from `env`. */
  configFile?: string;
}

type Plain = Record<string, unknown>;

function setPath(target: Plain, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    if (typeof node[part] !== 'object' || node[part] === null) node[part] = {};
    node = node[part] as Plain;
  }
  node[parts.at(-1)!] = value;
}

function deepMerge(base: Plain, over: Plain): Plain {
  const out: Plain = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    const prev = out[key];
    const bothObjects =
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      typeof prev === 'object' &&
      prev !== null;
    out[key] = bothObjects ? deepMerge(prev as Plain, value as Plain) : value;
  }
  return out;
}

function convert(raw: string, kind: Kind): unknown {
  const text = raw.trim();
  switch (kind) {
    case 'int':
      return /^-?\d+$/.test(text) ? Number(text) : text;
    case 'bool':
      if (/^(1|true|yes|on)$/i.test(text)) return true;
      if (/^(0|false|no|off|)$/i.test(text)) return false;
      return text;
    case 'list':
      return text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    case 'days':
      return /^\d+$/.test(text) ? `${text}d` : text;
    default:
      return raw;
  }
}

/** Reads `NAME` or, for secrets and any other binding, `NAME_FILE` (Docker/Kubernetes secrets). */
function readEnvValue(env: NodeJS.ProcessEnv, name: string, problems: string[]): string | undefined {
  const direct = env[name];
  if (direct !== undefined && direct !== '') return direct;
  const file = env[`${name}_FILE`];
  if (!file) return undefined;
  try {
    return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  } catch (error) {
    problems.push(`${name}_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    return undefined;
  }
}

/** The config subtree set by the environment, plus which variable set each path (for messages). */
export function configFromEnv(
  env: NodeJS.ProcessEnv,
  problems: string[] = [],
): { input: Plain; sources: Map<string, string> } {
  const input: Plain = {};
  const sources = new Map<string, string>();
  for (const binding of ENV_BINDINGS) {
    if (sources.has(binding.path)) continue;
    for (const name of binding.names) {
      const raw = readEnvValue(env, name, problems);
      if (raw === undefined) continue;
      if (binding.secret) registerSecret(raw);
      setPath(input, binding.path, convert(raw, binding.kind));
      sources.set(binding.path, name);
      break;
    }
  }
  applyMigratedStorageNames(env, input, sources, problems);
  return { input, sources };
}

/** BACKUP_PROVIDER, BACKUP_DESTINATION, BACKUP_ACCESS_KEY, ... (see storage-env.ts), clashes reported. */
function applyMigratedStorageNames(
  env: NodeJS.ProcessEnv,
  input: Plain,
  sources: Map<string, string>,
  problems: string[],
): void {
  const getPath = (path: string) =>
    path.split('.').reduce<unknown>((node, part) => (node as Plain | undefined)?.[part], input);
  const migrated = migratedStorageValues(
    (name) => readEnvValue(env, name, problems),
    { source: (path) => sources.get(path), value: getPath },
    problems,
  );
  for (const m of migrated) {
    if (m.secret) registerSecret(m.value);
    setPath(input, m.path, m.value);
    sources.set(m.path, m.from);
  }
}

function readConfigFile(path: string, problems: string[]): Plain {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      problems.push(`config file ${path}: must hold a JSON object`);
      return {};
    }
    return parsed as Plain;
  } catch (error) {
    const reason = error instanceof SyntaxError ? error.message : (error as NodeJS.ErrnoException).code;
    problems.push(`config file ${path}: ${reason}`);
    return {};
  }
}

/** Parses every source into a validated `Config`, or throws `ConfigError` listing every problem. */
export function loadConfig(sources: ConfigSources = {}): Config {
  const env = sources.env ?? process.env;
  const problems: string[] = [];
  const configFile = sources.configFile ?? env.BACKUP_CONFIG;
  const fromFile = configFile ? readConfigFile(configFile, problems) : {};
  for (const problem of unknownKeys(fromFile, ConfigSchema))
    problems.push(`config file ${configFile}: ${problem}`);
  const fromEnv = configFromEnv(env, problems);
  const merged = deepMerge(deepMerge(fromFile, fromEnv.input), (sources.flags ?? {}) as Plain);
  const result = ConfigSchema.safeParse(merged);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = issue.path.join('.') || '(root)';
      const from = fromEnv.sources.get(path);
      problems.push(`${path}${from ? ` (${from})` : ''}: ${issue.message}`);
    }
  }
  if (problems.length > 0 || !result.success) {
    throw new ConfigError(problems, { hint: 'fix the values above; `db-backup --help` lists every option' });
  }
  const config = result.data;
  registerSecret(config.connection.password);
  registerSecret(config.encryption.passphrase);
  for (const identity of config.encryption.identities) registerSecret(identity);
  for (const secret of [config.daemon.apiToken, config.daemon.adminToken, config.notifications.smtpUrl])
    registerSecret(secret);
  for (const url of [config.notifications.webhookUrl, config.notifications.slackWebhookUrl])
    registerSecret(url);
  // Storage secrets may come from the config file too, not only from bound variables.
  for (const secret of [config.s3.accessKeyId, config.s3.secretAccessKey, config.s3.sessionToken])
    registerSecret(secret);
  for (const secret of [config.azure.connectionString, config.azure.key, config.azure.sasToken])
    registerSecret(secret);
  if (config.connection.url) registerPasswordOfUrl(config.connection.url);
  // A scratch URL from the config file carries its password too; env values were registered above.
  if (/^postgres(ql)?:\/\//i.test(config.drill.scratch)) registerPasswordOfUrl(config.drill.scratch);
  return config;
}

/** True when `url` is a connection URL with a password in it (which must not come from a command line). */
export function urlHasPassword(url: string): boolean {
  try {
    return new URL(url).password !== '';
  } catch {
    // Not parseable as a URL: look for `user:secret@` the way libpq would read it.
    return /^[a-z][a-z0-9+.-]*:\/\/[^/@\s]*:[^/@\s]+@/i.test(url);
  }
}

function registerPasswordOfUrl(url: string): void {
  try {
    const parsed = new URL(url);
    if (parsed.password) registerSecret(decodeURIComponent(parsed.password));
  } catch {
    // Malformed URLs are reported by the connection resolver, with the URL redacted.
  }
}

/** Variables read outside the binding table (the config file path, the storage migration names). */
const OTHER_VARIABLES = [
  'BACKUP_CONFIG',
  'BACKUP_PROVIDER',
  'BACKUP_DESTINATION',
  'BACKUP_ACCESS_KEY',
  'BACKUP_SECRET_KEY',
  'BACKUP_REGION',
  'BACKUP_PROGRESS_INTERVAL_MS',
  'BACKUP_STORAGE_TIMEOUT_SECONDS',
];

/** Warnings about the environment that are not errors: `BACKUP_*` variables nothing reads (likely typos). */
export function configWarnings(env: NodeJS.ProcessEnv = process.env): string[] {
  return unknownBackupVariables(env, [...ENV_BINDINGS.flatMap((b) => b.names), ...OTHER_VARIABLES]);
}
