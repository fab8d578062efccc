/**
 * Everything the CLI prints goes through here, redacted: human text on stdout, logs and errors on stderr,
 * or one JSON document on stdout with `--json`.
 */
import type { Logger } from '../core/logger.ts';
import { redact } from '../core/redact.ts';

export interface Output {
  json: boolean;
  /** Human output (suppressed with --json). */
  line(text?: string): void;
  /** The machine result (printed only with --json). */
  result(value: unknown): void;
  error(text: string): void;
  logger: Logger;
}

const LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;

/** An Output writing to the given streams; `logLevel` filters log lines on stderr. */
export function createOutput(options: {
  json: boolean;
  logLevel: string;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
}): Output {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const threshold = LEVELS.indexOf(options.logLevel as (typeof LEVELS)[number]);
  const log = (level: (typeof LEVELS)[number]) => (message: string) => {
    if (LEVELS.indexOf(level) >= threshold) stderr.write(`${redact(message)}\n`);
  };
  return {
    json: options.json,
    line(text = '') {
      if (!options.json) stdout.write(`${redact(text)}\n`);
    },
    result(value) {
      if (options.json) stdout.write(`${redact(JSON.stringify(value, null, 2))}\n`);
    },
    error(text) {
      stderr.write(`${redact(text)}\n`);
    },
    logger: { debug: log('debug'), info: log('info'), warn: log('warn') },
  };
}

/** Bytes for humans: `1.2 MiB`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** Renders rows as a left-aligned text table. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const render = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [render(headers), ...rows.map(render)].join('\n');
}

/** Minutes for humans: at most two decimals, no trailing zeros (`0.17`, `60`, `1.5`); `n/a` for none. */
export function formatMinutes(minutes: number | null | undefined): string {
  if (minutes === null || minutes === undefined) return 'n/a';
  return String(Math.round(minutes * 100) / 100);
}
