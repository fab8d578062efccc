/** Runs the real CLI (`node src/cli/index.ts`) in a child process, as a user would, with a bounded time. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI_ENTRY = fileURLToPath(new URL('../../src/cli/index.ts', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: Record<string, string>;
  cwd?: string;
  /** Run as this OS user (through runuser; needs root). */
  user?: string;
}

/** Starts the CLI; `env` replaces the inherited PG and BACKUP variables so tests are hermetic. */
export function startCli(args: string[], options: CliOptions = {}) {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(PG|BACKUP_|DATABASE_URL|POSTGRES_)/.test(k)),
  );
  // `user`: run as that OS user (we are root in CI), e.g. to meet a repository it may not read.
  const [command, commandArgs] = options.user
    ? ['runuser', ['-u', options.user, '--', process.execPath, CLI_ENTRY, ...args]]
    : [process.execPath, [CLI_ENTRY, ...args]];
  const child = spawn(command, commandArgs, {
    env: { ...base, ...options.env },
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => {
    stdout += c;
  });
  child.stderr.setEncoding('utf8').on('data', (c: string) => {
    stderr += c;
  });
  const done = new Promise<CliResult>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, done };
}

/** Runs the CLI to completion. */
export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return startCli(args, options).done;
}

/** The environment a user would set to point the CLI at `cluster` (password via PGPASSWORD, never argv). */
export function cliEnvFor(
  cluster: { connection: { port?: number }; binDir: string },
  password: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    PGHOST: '127.0.0.1',
    PGPORT: String(cluster.connection.port),
    PGUSER: 'postgres',
    PGPASSWORD: password,
    BACKUP_PG_BIN_DIR: cluster.binDir,
    BACKUP_LOG_LEVEL: 'warn',
    ...extra,
  };
}
