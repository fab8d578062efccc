/**
 * The CLI adapter: parse argv with commander, call the core, render, and map errors to exit codes (the
 * table lives in core/errors.ts). `run` never calls process.exit, so tests can call it in-process.
 */
import { Command, CommanderError } from 'commander';
import { DbBackupError, ExitCode, exitCodeFor } from '../core/errors.ts';
import { redact } from '../core/redact.ts';
import { TOOL_VERSION } from '../core/version.ts';
import { registerBackupCommand } from './commands/backup.ts';
import { registerDaemonCommands } from './commands/daemon.ts';
import { registerDrillCommand } from './commands/drill.ts';
import { registerListCommands } from './commands/list.ts';
import { registerPruneCommand } from './commands/prune.ts';
import { registerReportCommand } from './commands/report.ts';
import { registerRestoreCommand } from './commands/restore.ts';
import { registerVerifyCommand } from './commands/verify.ts';
import { registerBaseBackupCommand, registerWalCommands } from './commands/wal.ts';
import { parseWalArgs, runWalCommand } from './wal-runner.ts';

/** Builds the commander program with every command registered. */
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
  registerReportCommand(program);
  registerDaemonCommands(program);
  return program;
}

/** Runs the CLI for `argv` (process.argv shape) and resolves the exit code. */
export async function run(argv: string[], stderr: NodeJS.WritableStream = process.stderr): Promise<number> {
  // archive_command / restore_command: their own lean path (wal-runner.ts), with PostgreSQL's exit codes.
  const wal = parseWalArgs(argv);
  if (wal) return runWalCommand(wal, process.env, stderr);
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return ExitCode.ok;
      stderr.write(`${redact(error.message)}\n(run \`db-backup --help\` for usage)\n`);
      return ExitCode.usage;
    }
    stderr.write(`${renderError(error)}\n`);
    return exitCodeFor(error);
  }
}

/** The text shown for a failure: message, hint, and for unexpected errors the cause chain (redacted). */
export function renderError(error: unknown): string {
  if (error instanceof DbBackupError) {
    return redact(`error [${error.code}]: ${error.message}${error.hint ? `\nhint: ${error.hint}` : ''}`);
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return redact(`unexpected error: ${message}`);
}
