// How every CLI entry (the full CLI and the lean WAL entry) prints a failure.
import { DbBackupError, InternalError } from '../core/errors.ts';
import { redact } from '../core/redact.ts';

/**
 * The text shown for a failure: `error [CODE]: message` and a `hint:`. An unexpected error (a bug) is
 * `error [INTERNAL]` with a hint to report it; its stack only with `--log-level debug`. Always redacted.
 */
export function renderError(error: unknown, withStack = false): string {
  if (error instanceof DbBackupError) {
    return redact(`error [${error.code}]: ${error.message}${error.hint ? `\nhint: ${error.hint}` : ''}`);
  }
  const message = error instanceof Error ? error.message : String(error);
  const stack = withStack && error instanceof Error && error.stack ? `\n${error.stack}` : '';
  return redact(`error [INTERNAL]: ${message}\nhint: ${InternalError.defaultHint}${stack}`);
}
