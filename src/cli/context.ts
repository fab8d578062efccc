/**
 * Turns global options and a command's flags into the core's inputs: one validated Config, the storage,
 * the connection and an Output. Commands never read process.env themselves.
 */

import { configWarnings, loadConfig } from '../core/config/load-config.ts';
import type { Config, ConfigInput } from '../core/config/schema.ts';
import { type PgConnection, resolveConnection } from '../core/postgres/connection.ts';
import { openConfiguredStorage } from '../core/storage/open-storage.ts';
import type { Storage } from '../core/storage/types.ts';
import { commandSignal } from './interrupt.ts';
import { createOutput, type Output } from './output.ts';
import { createProgressRenderer, type ProgressRenderer } from './progress.ts';

export interface GlobalOptions {
  storage?: string;
  config?: string;
  json?: boolean;
  logLevel?: string;
  host?: string;
  port?: string;
  user?: string;
  pgBinDir?: string;
  quiet?: boolean;
}

export interface CommandContext {
  /** Renders core progress events on stderr (pass `progress.listener` as `onEvent`). */
  progress: ProgressRenderer;
  /** Aborted on Ctrl-C / SIGTERM (see interrupt.ts): pass it to every long core call. */
  signal: AbortSignal;
  config: Config;
  storage: Storage;
  out: Output;
  connection(): PgConnection;
}

/**
 * A numeric flag as a number when it is all digits, else the text unchanged, so the config schema reports a
 * bad value with every other problem instead of commander failing on the first.
 */
export function intFlag(value: string): number | string {
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** Deep-partial config from the global flags (only the ones given). */
export function globalFlagsToConfig(options: GlobalOptions): ConfigInput {
  const connection: Record<string, unknown> = {};
  if (options.host) connection.host = options.host;
  if (options.port) connection.port = intFlag(options.port);
  if (options.user) connection.user = options.user;
  const input: Record<string, unknown> = {};
  if (options.storage) input.storage = options.storage;
  if (Object.keys(connection).length > 0) input.connection = connection;
  if (options.pgBinDir) input.pgBinDir = options.pgBinDir;
  if (options.logLevel) input.logLevel = options.logLevel;
  if (options.quiet) input.logLevel = 'warn';
  return input as ConfigInput;
}

function mergeInputs(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] =
      v && typeof v === 'object' && !Array.isArray(v) && prev && typeof prev === 'object'
        ? mergeInputs(prev as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
}

/** Builds the context for one command run; `flags` are the command's own options shaped like the config. */
export function createContext(
  globals: GlobalOptions,
  flags: ConfigInput = {},
  env: NodeJS.ProcessEnv = process.env,
): CommandContext {
  const config = loadConfig({
    env,
    flags: mergeInputs(
      globalFlagsToConfig(globals) as Record<string, unknown>,
      flags as Record<string, unknown>,
    ) as ConfigInput,
    ...(globals.config ? { configFile: globals.config } : {}),
  });
  const out = createOutput({ json: globals.json === true, logLevel: config.logLevel });
  for (const warning of configWarnings(env)) out.logger.warn(`warning: ${warning}`);
  const interval = Number(env.BACKUP_PROGRESS_INTERVAL_MS);
  const progress = createProgressRenderer({
    stream: process.stderr,
    enabled: config.logLevel === 'info' || config.logLevel === 'debug',
    ...(Number.isFinite(interval) && interval >= 0 ? { intervalMs: interval } : {}),
  });
  return {
    progress,
    signal: commandSignal(),
    config,
    storage: openConfiguredStorage(config),
    out,
    connection: () => resolveConnection(config.connection),
  };
}
