/**
 * Child processes for pipeline stages. Secrets travel in `env`, never in `args`. stderr is kept (bounded) so
 * a failure message can quote what the program said.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import type { Stream } from 'node:stream';
import { redact } from '../redact.ts';
import { findExecutable } from './find-executable.ts';

const STDERR_LIMIT = 64 * 1024;

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

export interface RunningChild {
  process: ChildProcess;
  /** Resolves when the process exits (never rejects; spawn errors become code -1 with the error in stderr). */
  done: Promise<ChildResult>;
}

export interface SpawnOptions {
  env?: Record<string, string>;
  cwd?: string;
  stdin?: 'ignore' | 'pipe' | NodeJS.ReadableStream | number;
  stdout?: 'ignore' | 'pipe' | number | Stream;
  /** Aborting kills the child (SIGTERM). */
  signal?: AbortSignal;
  /** Hears each complete stderr line as it arrives (progress from verbose tools). */
  onStderrLine?: (line: string) => void;
}

/** Starts `command` with `args`, environment = process.env + `env`, keeping the tail of stderr. */
export function startChild(command: string, args: string[], options: SpawnOptions = {}): RunningChild {
  const child = spawn(command, args, {
    env: { ...process.env, ...options.env },
    cwd: options.cwd,
    ...(options.signal ? { signal: options.signal } : {}),
    stdio: [options.stdin ?? 'ignore', options.stdout ?? 'pipe', 'pipe'] as never,
  });
  let stderr = '';
  let partial = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_LIMIT);
    if (options.onStderrLine) {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) options.onStderrLine(line);
    }
  });
  const done = new Promise<ChildResult>((resolve) => {
    let spawnError: Error | undefined;
    child.once('error', (error) => {
      spawnError = error;
    });
    child.once('close', (code, signal) => {
      resolve({
        code: spawnError ? -1 : code,
        signal,
        stderr: spawnError ? String(spawnError.message) : stderr,
      });
    });
  });
  return { process: child, done };
}

/** Runs a command to completion and returns its stdout as text and its result. */
export async function runChild(
  command: string,
  args: string[],
  options: Omit<SpawnOptions, 'stdout'> = {},
): Promise<ChildResult & { stdout: string }> {
  const running = startChild(command, args, { ...options, stdout: 'pipe' });
  let stdout = '';
  running.process.stdout?.setEncoding('utf8');
  running.process.stdout?.on('data', (chunk: string) => {
    stdout += chunk;
  });
  const result = await running.done;
  return { ...result, stdout };
}

/** True when a finished child succeeded: exit 0 and no `error:`/`FATAL:` line from a PostgreSQL tool. */
export function childSucceeded(result: ChildResult): boolean {
  return (
    result.code === 0 && !/^(pg_dump|pg_dumpall|pg_restore|psql)?:?\s*(error|fatal):/im.test(result.stderr)
  );
}

/** A one-paragraph description of a failed child for error messages (redacted, last lines of stderr). */
export function describeFailure(name: string, result: ChildResult): string {
  const how = result.signal ? `was killed by ${result.signal}` : `exited with code ${result.code}`;
  const lines = result.stderr.trim().split('\n');
  // The error lines say what went wrong; the tail says where (pg_restore's "Command was:" follows its error).
  const errors = lines.filter((l) => /\b(error|fatal):/i.test(l)).slice(0, 4);
  const tail = [...new Set([...errors, ...lines.slice(-6)])].join('\n    ');
  return redact(`${name} ${how}${tail ? `:\n    ${tail}` : ''}`);
}

let parentDeath: Promise<string[]> | undefined;

/**
 * A command prefix that makes the child receive SIGTERM when this process dies, even by SIGKILL (Linux's
 * `setpriv --pdeathsig`), or `[]` where that is unavailable. For a child that would otherwise outlive us:
 * one whose output goes to a file, not a pipe we hold.
 */
export function parentDeathPrefix(): Promise<string[]> {
  parentDeath ??= (async () => {
    if (process.platform !== 'linux') return [];
    const setpriv = await findExecutable('setpriv');
    return setpriv ? [setpriv, '--pdeathsig', 'TERM', '--'] : [];
  })();
  return parentDeath;
}
