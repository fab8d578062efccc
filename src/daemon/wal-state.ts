/**
 * The daemon's view of the WAL archive for `/healthz`, `/metrics` and `/api/v1/status`, summarized by the same
 * pure function as `db-backup wal verify`. Scrapes never list storage: the file list lives in memory, filled by
 * a full listing at start and every `fullListMs` (prune removes WAL), by a cheap listing of only the newest
 * log's prefix (and the next timeline's) every `headListMs`, and by the shipper as it stores files.
 */
import type { Logger } from '../core/logger.ts';
import { walClusterPrefix, walFileNameOfKey } from '../core/repository/keys.ts';
import type { BackupManifest } from '../core/repository/manifest.ts';
import type { Storage } from '../core/storage/types.ts';
import { summarizeArchive, type WalArchiveSummary } from '../core/wal/verify-archive.ts';
import { readWalArea, type WalArea } from '../core/wal/wal-area.ts';
import { parseWalFileName } from '../core/wal/wal-names.ts';

export interface WalStateOptions {
  storage: Storage;
  log: Logger;
  /** The complete backups (the daemon's catalog cache), for the base backups the window starts at. */
  manifests: () => Promise<BackupManifest[]>;
  fullListMs?: number;
  headListMs?: number;
}

export interface WalStatus extends WalArchiveSummary {
  /** False while nothing was ever archived into this repository: WAL state then says nothing about health. */
  archiving: boolean;
  /** When the archive was last read from storage. */
  listedAt: string | null;
  storedBytes: number;
}

interface FileFact {
  storedAt: Date;
  size: number;
}

/** Cached WAL archive state; `status()` is cheap (no storage call). */
export class WalState {
  private readonly options: WalStateOptions;
  private area: WalArea | undefined;
  private files = new Map<string, FileFact>();
  private listedAt: Date | undefined;
  private lastFull = 0;
  private inflight: Promise<void> | undefined;
  private manifests: BackupManifest[] = [];
  /** Bumped on every change, so `status` recomputes only when something changed (or a second passed). */
  private version = 0;
  private memo: { version: number; second: number; status: WalStatus } | undefined;

  constructor(options: WalStateOptions) {
    this.options = options;
  }

  /** Re-reads what is due: the whole WAL area when `full` or its interval passed, else the newest log only. */
  refresh(full = false): Promise<void> {
    // A full listing asked for during a head listing runs after it: prune's deletions must show.
    if (this.inflight && full) return this.inflight.then(() => this.refresh(true));
    this.inflight ??= this.load(full).finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /** Records a file the shipper just stored (no listing needed to see it). */
  noteArchived(name: string, storedSize: number, at: Date): void {
    if (!this.area) return void this.refresh(true);
    this.files.set(name, { storedAt: at, size: storedSize });
    this.version++;
  }

  /** The summary at `now`, from memory. */
  status(now = new Date()): WalStatus {
    const second = Math.floor(now.getTime() / 1000);
    if (this.memo?.version === this.version && this.memo.second === second) return this.memo.status;
    const files = [...this.files.entries()].map(([name, f]) => ({ name, storedAt: f.storedAt }));
    const summary = summarizeArchive(
      files,
      this.manifests,
      this.area?.walSegmentSize ?? 16 * 1024 * 1024,
      now,
      this.area?.systemIdentifier ?? null,
    );
    let storedBytes = 0;
    for (const f of this.files.values()) storedBytes += f.size;
    const status = {
      ...summary,
      archiving: this.area !== undefined,
      listedAt: this.listedAt?.toISOString() ?? null,
      storedBytes,
    };
    this.memo = { version: this.version, second, status };
    return status;
  }

  private async load(full: boolean): Promise<void> {
    const { storage } = this.options;
    try {
      this.manifests = await this.options.manifests();
      this.area ??= await readWalArea(storage);
      if (!this.area) return;
      const prefix = walClusterPrefix(this.area.systemIdentifier);
      const due = full || Date.now() - this.lastFull >= (this.options.fullListMs ?? 10 * 60_000);
      if (due) {
        const fresh = new Map<string, FileFact>();
        for (const o of await storage.list(prefix)) {
          const name = walFileNameOfKey(o.key);
          if (name) fresh.set(name, { storedAt: o.modified, size: o.size });
        }
        this.files = fresh;
        this.lastFull = Date.now();
      } else {
        for (const head of this.headPrefixes(prefix)) {
          for (const o of await storage.list(head)) {
            const name = walFileNameOfKey(o.key);
            if (name) this.files.set(name, { storedAt: o.modified, size: o.size });
          }
        }
      }
      this.listedAt = new Date();
      this.version++;
    } catch (error) {
      this.options.log.warn(`cannot read the WAL archive: ${(error as Error).message}`);
    }
  }

  /**
   * Prefixes that hold whatever was archived since the last listing: the newest segment's log (256 segments of
   * 16 MB) and the next one on its timeline, and the next timeline's directory.
   */
  private headPrefixes(prefix: string): string[] {
    let newest: string | undefined;
    for (const name of this.files.keys())
      if (parseWalFileName(name)?.kind === 'segment' && (!newest || name > newest)) newest = name;
    if (!newest) return [prefix];
    const timeline = newest.slice(0, 8);
    const log = Number.parseInt(newest.slice(8, 16), 16);
    const hex8 = (n: number) => n.toString(16).toUpperCase().padStart(8, '0');
    const nextTimeline = hex8(Number.parseInt(timeline, 16) + 1);
    return [
      `${prefix}${timeline}/${timeline}${hex8(log)}`,
      `${prefix}${timeline}/${timeline}${hex8(log + 1)}`,
      `${prefix}${nextTimeline}/`,
    ];
  }
}
