/**
 * `db-backup daemon`: the sidecar process, fit to be PID 1. Starts the daemon and its HTTP server, logs JSON
 * lines (pino) with secrets redacted, and on SIGTERM/SIGINT stops scheduling, lets the running job finish
 * within the grace period or aborts it cleanly (nothing partial stays visible, a drill drops its scratch
 * database), closes the server and resolves.
 */
import pino from 'pino';
import type { Config } from '../core/config/schema.ts';
import type { Logger } from '../core/logger.ts';
import { redact } from '../core/redact.ts';
import type { Storage } from '../core/storage/types.ts';
import { Daemon } from './daemon.ts';
import { daemonRoutes } from './http/routes.ts';
import { startHttpServer } from './http/server.ts';

/** A core Logger writing pino JSON lines (redacted) to `destination` (stdout by default). */
export function jsonLogger(
  level: Config['logLevel'],
  destination: NodeJS.WritableStream = process.stdout,
): Logger {
  const logger = pino(
    { level: level === 'silent' ? 'silent' : level, base: { service: 'db-backup' } },
    destination as never,
  );
  return {
    debug: (m) => logger.debug(redact(m)),
    info: (m) => logger.info(redact(m)),
    warn: (m) => logger.warn(redact(m)),
  };
}

export interface RunningDaemon {
  daemon: Daemon;
  port: number;
  /** Stops everything (graceful); resolves when the process may exit. */
  stop(): Promise<void>;
}

/** Starts the daemon and its HTTP server. */
export async function startDaemon(options: {
  config: Config;
  storage: Storage;
  log: Logger;
  notifyBackoffMs?: number[];
}): Promise<RunningDaemon> {
  const daemon = await Daemon.start(options);
  const http = await startHttpServer({
    routes: daemonRoutes(daemon),
    tokens: { apiToken: options.config.daemon.apiToken, adminToken: options.config.daemon.adminToken },
    listen: options.config.daemon.listen,
    port: options.config.daemon.port,
    log: options.log,
  });
  options.log.info(
    `listening on ${options.config.daemon.listen}:${http.port} (health /healthz, metrics /metrics, API /api/v1 ${daemon.config.daemon.apiToken || daemon.config.daemon.adminToken ? 'on' : 'off: no API_TOKEN'})`,
  );
  let stopping: Promise<void> | undefined;
  return {
    daemon,
    port: http.port,
    stop: () => {
      stopping ??= (async () => {
        await daemon.stop();
        await http.close();
      })();
      return stopping;
    },
  };
}

/** Runs until SIGTERM or SIGINT, then shuts down gracefully; resolves with the exit code (0). */
export async function runDaemonUntilSignalled(options: {
  config: Config;
  storage: Storage;
  log: Logger;
}): Promise<number> {
  const running = await startDaemon(options);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  const job = running.daemon.jobs.running();
  options.log.info(
    `${signal}: stopping${job ? `; ${job.kind} job ${job.id} may finish within ${options.config.daemon.stopGraceSeconds}s, then it is aborted` : ''}`,
  );
  await running.stop();
  options.log.info('stopped');
  return 0;
}
