/**
 * `wal-push` and `wal-fetch`, the commands PostgreSQL runs once per WAL file. They skip commander and the
 * other commands' modules: a small import graph keeps each call's Node start short (see bench/wal-push.ts).
 * PostgreSQL's contracts shape the exit codes: wal-fetch exits 1 for "not archived", 2..125 for any other
 * failure (above 125, or death by a signal, would abort recovery), and is never killed by a catchable signal.
 */
import { resolve } from 'node:path';
import { ExitCode, exitCodeFor, WalNotArchivedError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import { redact } from '../core/redact.ts';
import { localRootOf } from '../core/storage/local-location.ts';
import { renderError } from './render-error.ts';

export const WAL_COMMANDS = ['wal-push', 'wal-fetch'] as const;
type WalCommand = (typeof WAL_COMMANDS)[number];

const VALUE_OPTIONS = new Set([
  '--storage',
  '--config',
  '--log-level',
  '--pgdata',
  '--prefetch',
  '--parallel',
  '-h',
  '--host',
  '-p',
  '--port',
  '-U',
  '--user',
  '--pg-bin-dir',
]);

interface ParsedWalArgs {
  command: WalCommand;
  positional: string[];
  options: Map<string, string>;
  flags: Set<string>;
}

/** The WAL command `argv` (process.argv shape) runs, or undefined for every other command. */
export function parseWalArgs(argv: string[]): ParsedWalArgs | undefined {
  const positional: string[] = [];
  const options = new Map<string, string>();
  const flags = new Set<string>();
  const args = argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    if (eq > 0) options.set(arg.slice(0, eq), arg.slice(eq + 1));
    else if (VALUE_OPTIONS.has(arg)) options.set(arg, args[++i] ?? '');
    else if (arg.startsWith('-') && arg.length > 1) flags.add(arg);
    else positional.push(arg);
  }
  const command = positional.shift();
  if (!WAL_COMMANDS.includes(command as WalCommand)) return undefined;
  return { command: command as WalCommand, positional, options, flags };
}

function stderrLogger(stderr: NodeJS.WritableStream, level: string): Logger {
  const order = ['debug', 'info', 'warn', 'error', 'silent'];
  const at = (l: string) => (message: string) => {
    if (order.indexOf(l) >= order.indexOf(level)) stderr.write(`db-backup: ${redact(message)}\n`);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn') };
}

/** Runs a parsed WAL command and resolves its exit code; never throws. */
export async function runWalCommand(
  parsed: ParsedWalArgs,
  env: NodeJS.ProcessEnv = process.env,
  stderr: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  try {
    if (parsed.command === 'wal-push' && parsed.positional.length === 1 && !parsed.options.has('--config')) {
      // Most calls on a busy server are for files an earlier call already pushed ahead: answer those before
      // loading the configuration (a third of the call's time) when the repository is a plain local path.
      const root = localRepositoryRoot(parsed.options.get('--storage'), env);
      if (root) {
        const { confirmPushedAheadLocally } = await import('../core/wal/pushed-ahead.ts');
        const pgdata = parsed.options.get('--pgdata') ?? env.PGDATA ?? process.cwd();
        if (await confirmPushedAheadLocally(pgdata, parsed.positional[0]!, root)) return ExitCode.ok;
      }
    }
    if (parsed.command === 'wal-fetch' && parsed.positional.length === 2) {
      // During recovery most calls are for segments an earlier call prefetched: a rename, before any loading.
      const { takePrefetched } = await import('../core/wal/prefetch-cache.ts');
      const pgdata = parsed.options.get('--pgdata') ?? env.PGDATA ?? process.cwd();
      if (await takePrefetched(pgdata, parsed.positional[0]!, parsed.positional[1]!)) return ExitCode.ok;
    }
    // Not before the fast paths above, which build no schema: loading zod costs them about 13 ms.
    (await import('../core/schema-runtime.ts')).useInterpretedSchemas();
    const { loadConfig } = await import('../core/config/load-config.ts');
    const { openConfiguredStorage } = await import('../core/storage/open-storage.ts');
    const { resolveEncryption } = await import('../core/crypto/encryption.ts');
    const o = parsed.options;
    const flags: Record<string, unknown> = {};
    if (o.has('--storage')) flags.storage = o.get('--storage');
    if (o.has('--log-level')) flags.logLevel = o.get('--log-level');
    if (parsed.flags.has('-q') || parsed.flags.has('--quiet')) flags.logLevel = 'warn';
    const config = loadConfig({
      env,
      flags,
      ...(o.has('--config') ? { configFile: o.get('--config')! } : {}),
    });
    const log = stderrLogger(stderr, config.logLevel);
    const storage = openConfiguredStorage(config);
    // Recipients seal pushed WAL (an archiving server needs only the public key); identities open fetched WAL.
    const encryption = resolveEncryption(config);
    const pgdata = o.get('--pgdata') ?? env.PGDATA ?? process.cwd();
    if (parsed.command === 'wal-push') {
      const [path] = parsed.positional;
      if (!path || parsed.positional.length > 1)
        return usage(stderr, 'wal-push needs exactly one argument: %p');
      const { walPush } = await import('../core/wal/wal-push.ts');
      const outcome = await walPush({
        storage,
        path,
        pgdata,
        log,
        encryption,
        ...(o.has('--parallel') ? { parallel: Number(o.get('--parallel')) } : {}),
      });
      const r = outcome.requested;
      if (r.status === 'already-archived')
        log.info(`${r.name} was already archived (identical copy): nothing to do`);
      else if (r.status === 'stored') log.debug(`${r.name} archived (${r.rawSize} -> ${r.storedSize} bytes)`);
      if (outcome.alsoPushed.length)
        log.debug(`also pushed ${outcome.alsoPushed.length} ready file(s) ahead`);
      for (const f of outcome.earlyFailures)
        log.warn(`could not push ${f.name} ahead (PostgreSQL retries it): ${f.error}`);
      return ExitCode.ok;
    }
    const [name, destination] = parsed.positional;
    if (!name || !destination || parsed.positional.length > 2)
      return usage(stderr, 'wal-fetch needs exactly two arguments: %f %p');
    const { walFetch } = await import('../core/wal/wal-fetch.ts');
    await walFetch({
      storage,
      name,
      destination,
      pgdata,
      log,
      keys: encryption.keys,
      ...(o.has('--prefetch') ? { prefetch: Number(o.get('--prefetch')) } : {}),
    });
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof WalNotArchivedError) {
      // Normal at the end of every recovery: PostgreSQL asks until the archive has nothing more.
      if (!parsed.flags.has('-q')) stderr.write(`db-backup: ${redact(error.message)}\n`);
      return 1;
    }
    stderr.write(
      `${renderError(error, parsed.options.get('--log-level') === 'debug' || env.BACKUP_LOG_LEVEL === 'debug')}\n`,
    );
    const code = exitCodeFor(error);
    // For restore_command 1 means "not archived": any other failure must not look like the end of the archive.
    return parsed.command === 'wal-fetch' ? Math.min(125, Math.max(2, code)) : code;
  }
}

/**
 * The local repository root the configuration would resolve to, when it is certain without loading it: a
 * `--storage` path, or BACKUP_STORAGE as the only storage setting. Undefined for anything else.
 */
function localRepositoryRoot(flag: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  const others = ['BACKUP_STORAGE_FILE', 'BACKUP_PROVIDER', 'BACKUP_DESTINATION'].some((n) => env[n]);
  const location = flag ?? (others ? undefined : env.BACKUP_STORAGE);
  if (!location) return undefined;
  const root = localRootOf(location);
  if (root) return root;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) return undefined;
  return resolve(process.cwd(), location);
}

function usage(stderr: NodeJS.WritableStream, message: string): number {
  stderr.write(`db-backup: ${message}\n`);
  return ExitCode.usage;
}

/** Turns catchable termination signals into exit code 2 (PostgreSQL treats death by a signal as fatal). */
export function exitOnSignals(): void {
  for (const signal of ['SIGINT', 'SIGHUP', 'SIGTERM', 'SIGPIPE'] as const) {
    process.on(signal, () => process.exit(2));
  }
}
