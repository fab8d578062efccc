/**
 * Ctrl-C and SIGTERM for the CLI: the first signal aborts the command's AbortSignal (the one cancellation path
 * the core honours: children stopped, partial objects removed, locks released, scratch databases dropped) and
 * the command ends with `error [INTERRUPTED]` and exit 130 / 143; a second signal exits at once.
 */
import { InterruptedError } from '../core/errors.ts';

export interface Interruption {
  signal: AbortSignal;
  dispose(): void;
}

let current: AbortSignal | undefined;

/** The signal of the running CLI command (a never-aborting one outside `run`). */
export function commandSignal(): AbortSignal {
  return current ?? new AbortController().signal;
}

/** Installs the handlers for one CLI run. */
export function listenForInterrupts(stderr: NodeJS.WritableStream = process.stderr): Interruption {
  const controller = new AbortController();
  const handler = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      stderr.write(`${signal} again: exiting without waiting for cleanup\n`);
      process.exit(signal === 'SIGINT' ? 130 : 143);
    }
    stderr.write(`${signal}: stopping, cleaning up (send it again to exit at once)\n`);
    controller.abort(new InterruptedError(`interrupted by ${signal}; nothing partial was kept`, { signal }));
  };
  const onInt = () => handler('SIGINT');
  const onTerm = () => handler('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  current = controller.signal;
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      current = undefined;
    },
  };
}
