/**
 * The daemon's read model of the repository for the API: manifests are immutable, so each is read once; one
 * listing per refresh finds new and deleted backups and new verification records. Refreshes are
 * single-flight and at most every `maxAgeMs`, and the `/backups` JSON is rendered once per refresh, so 50
 * concurrent clients cost one listing, not 50 times 1,000 manifest reads. The manifests stay the truth: a
 * refresh after any job (or within `maxAgeMs` of a CLI change) shows it.
 */
import { text } from 'node:stream/consumers';
import { mapLimited } from '../core/map-limited.ts';
import { redact } from '../core/redact.ts';
import { BACKUPS_PREFIX, backupIdOfKey, manifestKey } from '../core/repository/keys.ts';
import {
  type BackupManifest,
  BackupManifestSchema,
  type VerificationRecord,
  VerificationRecordSchema,
} from '../core/repository/manifest.ts';
import { toBackupRow } from '../core/status/summarize.ts';
import type { Storage } from '../core/storage/types.ts';
import { DEFAULT_PAGE_SIZE, type RenderedRow, renderBackupPage } from './http/backup-pages.ts';

const READ_CONCURRENCY = 16;

export interface CatalogSnapshot {
  at: number;
  manifests: BackupManifest[];
  /** The backup rows rendered as the JSON the API sends (redacted), for `/backups` pages. */
  rendered: RenderedRow[];
  /** The default `/backups` page, rendered once: most requests ask for it. */
  firstPage: { body: Buffer; headers: Record<string, string> };
}

/**
 * A manifest without its per-table row counts: the list, status and metrics views never read them, and at
 * thousands of backups they are most of the memory. `/backups/{id}` reads the full manifest from storage.
 */
function slim(manifest: BackupManifest): BackupManifest {
  return { ...manifest, databases: manifest.databases.map((d) => ({ ...d, tables: [] })) };
}

/** Cached, periodically refreshed view of the repository's complete backups. */
export class CatalogCache {
  private readonly storage: Storage;
  private readonly maxAgeMs: number;
  private snapshot: CatalogSnapshot | undefined;
  private inflight: Promise<CatalogSnapshot> | undefined;
  private readonly verifications = new Map<string, { key: string; record: VerificationRecord }>();
  private readonly manifests = new Map<string, BackupManifest>();

  constructor(storage: Storage, maxAgeMs = 5000) {
    this.storage = storage;
    this.maxAgeMs = maxAgeMs;
  }

  /** The current snapshot, refreshed first when older than `maxAgeMs`. */
  async get(): Promise<CatalogSnapshot> {
    if (this.snapshot && Date.now() - this.snapshot.at < this.maxAgeMs) return this.snapshot;
    return this.refresh();
  }

  /** Forces the next `get` to re-read (after a job changed the repository). */
  invalidate(): void {
    this.snapshot = undefined;
  }

  private refresh(): Promise<CatalogSnapshot> {
    this.inflight ??= this.load().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async load(): Promise<CatalogSnapshot> {
    const [backupObjects, verificationObjects] = await Promise.all([
      this.storage.list(BACKUPS_PREFIX),
      this.storage.list('verifications/'),
    ]);
    const manifestKeys = backupObjects
      .map((o) => o.key)
      .filter((key) => {
        const id = backupIdOfKey(key);
        return id !== undefined && key === manifestKey(id);
      });
    const present = new Set(manifestKeys);
    for (const key of this.manifests.keys()) if (!present.has(key)) this.manifests.delete(key);
    // A bounded number of reads at once: 1,000 parallel reads and parses raise the peak heap, and V8 keeps
    // that memory long after the refresh.
    await mapLimited(
      manifestKeys.filter((key) => !this.manifests.has(key)),
      READ_CONCURRENCY,
      async (key) => {
        try {
          this.manifests.set(
            key,
            slim(BackupManifestSchema.parse(JSON.parse(await text(await this.storage.get(key))))),
          );
        } catch {
          // Damaged manifests are skipped, as `listBackups` does.
        }
      },
    );
    // Ordered as `listBackups` orders them: by recorded finish time, then start time, then id.
    const manifests = [...this.manifests.values()].sort(
      (a, b) =>
        Date.parse(a.finishedAt) - Date.parse(b.finishedAt) ||
        Date.parse(a.startedAt) - Date.parse(b.startedAt) ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
    // The newest record per backup: keys sort by time within a backup's prefix.
    const newest = new Map<string, string>();
    for (const o of verificationObjects) newest.set(o.key.split('/')[1]!, o.key);
    await mapLimited([...newest.entries()], READ_CONCURRENCY, async ([id, key]) => {
      if (this.verifications.get(id)?.key === key) return;
      try {
        const record = VerificationRecordSchema.parse(JSON.parse(await text(await this.storage.get(key))));
        this.verifications.set(id, { key, record });
      } catch {
        // A damaged record reads as unverified, as in `list`.
      }
    });
    const now = new Date();
    const rows = manifests.map((m) => toBackupRow(m, this.verifications.get(m.id)?.record, now));
    // Rendered and redacted once per refresh; requests send these bytes as they are.
    const rendered = rows.map((row) => ({ databases: row.databases, json: redact(JSON.stringify(row)) }));
    const first = renderBackupPage(rendered, { limit: DEFAULT_PAGE_SIZE, offset: 0 });
    this.snapshot = {
      at: Date.now(),
      manifests,
      rendered,
      firstPage: { body: Buffer.from(first.body), headers: first.headers },
    };
    return this.snapshot;
  }
}
