/**
 * The CLI adapter: parse argv with commander, call the core, render, and map errors to exit codes (the
 * table lives in core/errors.ts). `run` never calls process.exit, so tests can call it in-process.
 */

import { Command, CommanderError } from 'commander';
import { ExitCode, exitCodeFor } from '../core/errors.ts';
import { redact } from '../core/redact.ts';
import { TOOL_VERSION } from '../core/version.ts';
import { registerBackupCommand } from './commands/backup.ts';
import { registerDaemonCommands } from './commands/daemon.ts';
import { registerDrillCommand } from './commands/drill.ts';
import { registerKeygenCommand } from './commands/keygen.ts';
import { registerListCommands } from './commands/list.ts';
import { registerPruneCommand } from './commands/prune.ts';
import { registerReportCommand } from './commands/report.ts';
import { registerRestoreCommand } from './commands/restore.ts';
import { registerVerifyCommand } from './commands/verify.ts';
import { registerBaseBackupCommand, registerWalCommands } from './commands/wal.ts';
import { listenForInterrupts } from './interrupt.ts';
import { finishProgress } from './progress.ts';
import { renderError } from './render-error.ts';
import { parseWalArgs, runWalCommand } from './wal-runner.ts';

/**
 * Builds the commander program with every command registered. Registering is cheap: each command imports
 * the core modules it runs (drill, restore, verify, WAL, reports) inside its action, so a command parses
 * only its own code (a backup starts about 9 ms sooner than with every command loaded).
 */
export function buildProgram(): Command {
  const program = new Command('db-backup')
    .description('PostgreSQL backups that are taken on schedule, stored safely and proven restorable')
    .version(TOOL_VERSION)
    .option(
      '--storage <location>',
      'repository: a path, file:///abs/path, s3://bucket/prefix, gs://bucket/prefix or azure://container/prefix (env BACKUP_STORAGE; default ./backups)',
    )
    .option('--config <file>', 'JSON config file (env BACKUP_CONFIG)')
    .option('--json', 'machine-readable output on stdout')
    .option('--log-level <level>', 'debug | info | warn | error | silent (env BACKUP_LOG_LEVEL)')
    .option('-q, --quiet', 'only warnings and errors on stderr')
    .option('-h, --host <host>', 'server host (env PGHOST)')
    .option('-p, --port <port>', 'server port (env PGPORT)')
    .option(
      '-U, --user <role>',
      'role to connect as (env PGUSER); the password comes from PGPASSWORD, *_FILE or ~/.pgpass',
    )
    .option('--pg-bin-dir <dir>', 'directory with pg_dump/pg_restore (env BACKUP_PG_BIN_DIR)')
    .helpOption('--help', 'show help')
    .showSuggestionAfterError()
    // Every command's --help also lists the global options (--storage, --json, -h/-p/-U, …).
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    .configureOutput({ outputError: () => undefined });
  registerBackupCommand(program);
  registerBaseBackupCommand(program);
  registerWalCommands(program);
  registerListCommands(program);
  registerVerifyCommand(program);
  registerRestoreCommand(program);
  registerPruneCommand(program);
  registerDrillCommand(program);
  registerKeygenCommand(program);
  registerReportCommand(program);
  registerDaemonCommands(program);
  return program;
}

/** Runs the CLI for `argv` (process.argv shape) and resolves the exit code. */
export async function run(argv: string[], stderr: NodeJS.WritableStream = process.stderr): Promise<number> {
  forgetEmptyLibpqVariables(process.env);
  // archive_command / restore_command: their own lean path (wal-runner.ts), with PostgreSQL's exit codes.
  const wal = parseWalArgs(argv);
  if (wal) return runWalCommand(wal, process.env, stderr);
  const program = buildProgram();
  // Every command is interrupted through here (the daemon also stops gracefully on its own handlers).
  const interruption = listenForInterrupts(stderr);
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.ok;
  } catch (caught) {
    finishProgress();
    // Whatever failed after an interrupt failed because of it: report the interrupt.
    const error = interruption.signal.aborted ? interruption.signal.reason : caught;
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return ExitCode.ok;
      // No command given: commander printed the help already; say nothing more, and exit as a usage error.
      if (error.code === 'commander.help') return ExitCode.usage;
      stderr.write(`${renderUsageError(error, commandPath(program, argv))}\n`);
      return ExitCode.usage;
    }
    stderr.write(`${renderError(error, debugRequested(argv))}\n`);
    return exitCodeFor(error);
  } finally {
    interruption.dispose();
  }
}

/**
 * A commander parse error (unknown option, missing argument, …) in the shape of every other failure:
 * `error [USAGE]: …` and a hint naming the command's help (commander's own suggestion kept).
 */
export function renderUsageError(error: CommanderError, command: string[]): string {
  const [message = '', ...suggestions] = error.message.replace(/^error:\s*/i, '').split('\n');
  const suggestion = suggestions
    .join(' ')
    .replace(/^\((.*)\)$/, '$1')
    .trim();
  const help = `\`db-backup ${[...command, '--help'].join(' ')}\` shows what it takes`;
  return redact(`error [USAGE]: ${message}\nhint: ${suggestion ? `${suggestion} ` : ''}${help}`);
}

/** The (sub)command names `argv` selects, e.g. ['drill', 'history']; empty for the program itself. */
function commandPath(program: Command, argv: string[]): string[] {
  const path: string[] = [];
  let current = program;
  for (const arg of argv.slice(2)) {
    const next = current.commands.find((c) => c.name() === arg || c.aliases().includes(arg));
    if (!next) continue;
    path.push(next.name());
    current = next;
  }
  return path;
}

/**
 * libpq treats an empty PGHOST, PGUSER, … as unset; node-postgres and the children would use the empty
 * value (a host of "", a role of ""). Drop them so every part of the tool sees what libpq would.
 */
export function forgetEmptyLibpqVariables(env: NodeJS.ProcessEnv): void {
  for (const name of Object.keys(env)) if (/^PG[A-Z]+$/.test(name) && env[name] === '') delete env[name];
}

function debugRequested(argv: string[]): boolean {
  const i = argv.indexOf('--log-level');
  return (
    (i >= 0 && argv[i + 1] === 'debug') ||
    argv.includes('--log-level=debug') ||
    process.env.BACKUP_LOG_LEVEL === 'debug'
  );
}

export { renderError } from './render-error.ts';
