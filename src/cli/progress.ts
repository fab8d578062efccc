/**
 * The CLI's rendering of core progress events: on a terminal one live line on stderr (phase, bytes, rate,
 * elapsed, current table) rewritten in place and cleared at the end; elsewhere (pipes, cron, CI) a log line
 * every 10 s. Never on stdout, so `--json` output stays one document; nothing below log level info.
 */
import type { CoreEvent, EventListener } from '../core/events.ts';
import { redact } from '../core/redact.ts';
import { formatBytes } from './output.ts';

export interface ProgressOptions {
  stream: NodeJS.WritableStream & { isTTY?: boolean };
  /** Minimum time between two non-TTY log lines (ms); BACKUP_PROGRESS_INTERVAL_MS overrides the 10 s. */
  intervalMs?: number;
  /** Whether to render at all (off with --quiet or a log level above info). */
  enabled: boolean;
  now?: () => number;
}

export interface ProgressRenderer {
  listener: EventListener;
  /** Clears the live line (call before printing results or errors). */
  finish(): void;
}

let active: ProgressRenderer | undefined;

/** Clears the live progress line of the running command, if any (before an error is printed). */
export function finishProgress(): void {
  active?.finish();
}

/** A renderer for one command run. */
export function createProgressRenderer(options: ProgressOptions): ProgressRenderer {
  const now = options.now ?? Date.now;
  const started = now();
  const tty = options.stream.isTTY === true;
  const interval = options.intervalMs ?? (tty ? 250 : 10_000);
  let phase = '';
  let phaseStarted = started;
  let bytes = 0;
  let total: number | undefined;
  let table = '';
  let lastDraw = 0;
  let drawn = false;

  const describe = (): string => {
    const seconds = (now() - phaseStarted) / 1000;
    const rate = seconds > 0.5 && bytes > 0 ? `, ${formatBytes(bytes / seconds)}/s` : '';
    const amount =
      bytes > 0 ? ` ${formatBytes(bytes)}${total ? ` of ${formatBytes(total)}` : ''}${rate}` : '';
    const current = table ? `, table ${table}` : '';
    return redact(`${phase}${amount}${current} (${Math.round((now() - started) / 1000)}s)`);
  };

  const draw = (force = false) => {
    if (!options.enabled || !phase) return;
    const t = now();
    if (!force && t - lastDraw < interval) return;
    lastDraw = t;
    if (tty) {
      options.stream.write(`\r\x1b[K${describe().slice(0, 200)}`);
      drawn = true;
    } else {
      options.stream.write(`progress: ${describe()}\n`);
    }
  };

  const listener = (event: CoreEvent) => {
    if (event.type === 'phase') {
      phase = event.phase;
      phaseStarted = now();
      bytes = 0;
      total = undefined;
      table = '';
      // A new phase shows at once on a terminal; log lines stay on their interval.
      draw(tty);
    } else if (event.type === 'bytes') {
      bytes = event.bytes;
      total = event.totalBytes;
      draw();
    } else {
      table = event.table;
      draw();
    }
  };

  const renderer: ProgressRenderer = {
    listener,
    finish() {
      if (tty && drawn) options.stream.write('\r\x1b[K');
      drawn = false;
    },
  };
  active = renderer;
  return renderer;
}
