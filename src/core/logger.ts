/**
 * The logging port of the core. Adapters supply an implementation (CLI: human lines on stderr; daemon: pino JSON);
 * the core never decides where logs go. Implementations must pass text through `redact`.
 */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
}

/** A logger that drops everything (tests, library use). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {} };
