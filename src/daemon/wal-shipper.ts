/**
 * The daemon's WAL shipper: watches the spool directory (fs.watch for promptness, a poll because watches on
 * shared volumes miss events) and runs single-flight passes of the core's `shipSpool`. It runs beside the job
 * queue, never in it: a base backup waits for its last segment to be archived, which this loop does. On start
 * it ships whatever a previous run left in the spool.
 */
import { type FSWatcher, watch } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ResolvedEncryption } from '../core/crypto/encryption.ts';
import type { Logger } from '../core/logger.ts';
import type { PgConnection } from '../core/postgres/connection.ts';
import type { Storage } from '../core/storage/types.ts';
import type { ClusterIdentity } from '../core/wal/cluster-identity.ts';
import { clusterIdentityOf, type ShippedFile, SPOOL_ACK_DIR, shipSpool } from '../core/wal/spool.ts';

export interface WalShipperOptions {
  spoolDir: string;
  storage: Storage;
  conn: PgConnection;
  log: Logger;
  /** The configured keys (resolveEncryption): an encrypted repository gets encrypted WAL. */
  encryption?: Pick<ResolvedEncryption, 'encryptor' | 'keys'>;
  /** Poll interval; the watch usually triggers a pass sooner. */
  pollMs?: number;
  onShipped?: (file: ShippedFile) => void;
  onFailed?: (name: string, error: Error) => void;
  onQueue?: (depth: number) => void;
}

/** Ships the spool until `stop()`. */
export class WalShipper {
  private readonly options: WalShipperOptions;
  private identity: ClusterIdentity | undefined;
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private lastError = '';

  constructor(options: WalShipperOptions) {
    this.options = options;
  }

  /** Creates the ack directory, starts watching, and starts the first pass (not awaited). */
  async start(): Promise<void> {
    await mkdir(join(this.options.spoolDir, SPOOL_ACK_DIR), { recursive: true });
    try {
      this.watcher = watch(this.options.spoolDir, () => this.trigger());
      this.watcher.on('error', () => undefined);
    } catch {
      // No watch support: the poll alone ships.
    }
    this.timer = setInterval(() => this.trigger(), this.options.pollMs ?? 1000);
    this.timer.unref();
    this.trigger();
  }

  /** Runs a pass now, or right after the running one. */
  trigger(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.pass().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.trigger();
      }
    });
  }

  /** Stops watching and waits for the running pass (a stored file still gets its ack). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.watcher?.close();
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  private async pass(): Promise<void> {
    const { log } = this.options;
    try {
      // Asked once per process: the server behind the connection does not change while we run.
      this.identity ??= await clusterIdentityOf(this.options.conn);
      const result = await shipSpool({
        spoolDir: this.options.spoolDir,
        storage: this.options.storage,
        identity: this.identity,
        log,
        ...(this.options.encryption ? { encryption: this.options.encryption } : {}),
      });
      for (const file of result.shipped) {
        this.options.onShipped?.(file);
        log.debug(`WAL ${file.name} ${file.status} and acknowledged`);
      }
      for (const { name, error } of result.failed) {
        this.options.onFailed?.(name, error);
        this.warnOnce(`WAL ${name} not stored (left in the spool, not acknowledged): ${error.message}`);
      }
      this.options.onQueue?.(result.queued - result.shipped.length);
      if (result.failed.length === 0) this.lastError = '';
    } catch (error) {
      this.warnOnce(`WAL spool ${this.options.spoolDir}: ${(error as Error).message}`);
    }
  }

  /** Logs a problem once until it changes, not on every poll. */
  private warnOnce(message: string): void {
    if (message === this.lastError) return;
    this.lastError = message;
    this.options.log.warn(message);
  }
}
