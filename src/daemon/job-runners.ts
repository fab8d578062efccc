/**
 * What each daemon job does: the same core calls as the CLI commands, with the job's AbortSignal and a
 * logger that also records progress on the job. Results are small JSON summaries for `/api/v1/jobs/{id}`.
 */

import { statfs } from 'node:fs/promises';
import { runBaseBackup } from '../core/backup/base-backup.ts';
import { runBackup } from '../core/backup/run-backup.ts';
import type { Config } from '../core/config/schema.ts';
import { resolveEncryption } from '../core/crypto/encryption.ts';
import { saveDrillReport } from '../core/drill/drill-reports.ts';
import { runRestoreDrill } from '../core/drill/run-drill.ts';
import { runPitrDrill } from '../core/drill/run-pitr-drill.ts';
import { DrillNotCompliantError, StorageError, VerificationFailedError } from '../core/errors.ts';
import { progressNotes } from '../core/events.ts';
import type { Logger } from '../core/logger.ts';
import { resolveConnection } from '../core/postgres/connection.ts';
import type { DrillReport } from '../core/report/drill-report.ts';
import { deleteBackup, listBackups, readManifest } from '../core/repository/catalog.ts';
import { resolveBackup, restoreBackup } from '../core/restore/restore-backup.ts';
import { applyPrune, planPrune } from '../core/retention/prune.ts';
import { LocalStorage } from '../core/storage/local.ts';
import type { Storage } from '../core/storage/types.ts';
import { verifyBackup } from '../core/verify/verify-backup.ts';
import { type WalEntry, walEntryCommand } from '../core/wal/wal-entry.ts';
import type { Job, JobContext } from './jobs.ts';

export interface RunnerDeps {
  config: Config;
  storage: Storage;
  log: Logger;
  /** Called for a finished backup whose size looks wrong (see `suspiciousSize`). */
  onSuspicious?: (database: string, reason: string, backupId: string) => void;
  /** Called for a drill that ran but is not compliant, or a verification that failed. */
  onFinding?: (
    kind: 'drill_not_compliant' | 'verification_failed',
    message: string,
    details: Record<string, unknown>,
  ) => void;
  /** How PostgreSQL runs wal-fetch in a point-in-time drill (default: the WAL entry beside this bundle). */
  walCommand?: WalEntry;
}

/** Restore targets travel as `<backup id>=><target database>` in the job's target. */
export const restoreTarget = (backupId: string, database: string) => `${backupId}=>${database}`;

/**
 * A point-in-time drill travels as `<latest | random | ISO time>[=><database>]` in the job's target (never `@`:
 * the daemon strips `@<schedule>`).
 */
export const pitrDrillTarget = (targetTime: string, database?: string) =>
  database ? `${targetTime}=>${database}` : targetTime;

function parsePitrDrillTarget(target: string): { targetTime?: string; database?: string } {
  const [time, database] = target.split('=>');
  return {
    ...(time && time !== 'latest' ? { targetTime: time } : {}),
    ...(database ? { database } : {}),
  };
}

const jobLogger = (log: Logger, ctx: JobContext): Logger => ({
  debug: (m) => log.debug(m),
  info: (m) => {
    ctx.progress(m);
    log.info(m);
  },
  warn: (m) => {
    ctx.progress(m);
    log.warn(m);
  },
});

/** Tells the notifier about a drill that did not succeed: `what` it was, its verdict and why. */
function notifyDrillFinding(
  deps: RunnerDeps,
  report: DrillReport,
  what: string,
  extra: Record<string, unknown> = {},
): void {
  if (report.status === 'success') return;
  deps.onFinding?.('drill_not_compliant', `${what} is ${report.status}`, {
    drillId: report.drill_id,
    ...extra,
    rpoCompliant: report.rpo_compliant,
    rtoCompliant: report.rto_compliant,
    error: report.error,
  });
}

/** The databases a job covers: an explicit comma list in its target, or the configured ones. */
function databasesOf(job: Job, config: Config): string[] {
  return job.target === 'configured' ? config.databases : job.target.split(',').filter(Boolean);
}

/**
 * Why a new backup of `size` bytes looks wrong next to the previous one of the same database, or undefined:
 * far smaller than the previous (ratio) or than an absolute floor — the silent 20-byte dump.
 */
export function suspiciousSize(
  size: number,
  previous: number | undefined,
  ratio: number,
  minBytes: number,
): string | undefined {
  if (minBytes > 0 && size < minBytes) return `${size} bytes is below BACKUP_MIN_SIZE_BYTES (${minBytes})`;
  if (previous !== undefined && previous > 0 && size < previous * ratio) {
    return `${size} bytes is less than ${Math.round(ratio * 100)}% of the previous backup (${previous} bytes)`;
  }
  return undefined;
}

/** Runs one job with the core; resolves with its result summary. */
export async function runJob(job: Job, ctx: JobContext, deps: RunnerDeps): Promise<unknown> {
  const { config, storage } = deps;
  const log = jobLogger(deps.log, ctx);
  switch (job.kind) {
    case 'backup': {
      const databases = databasesOf(job, config);
      const before = await listBackups(storage);
      await assertRoomFor(storage, before, databases);
      const outcome = await runBackup({
        config: { ...config, databases },
        storage,
        log,
        signal: ctx.signal,
        onEvent: progressNotes(ctx.progress),
      });
      for (const manifest of outcome.manifests) {
        const size = manifest.objects.reduce((n, o) => n + o.storedSize, 0);
        for (const db of manifest.databases) {
          const previous = before.filter((m) => m.databases.some((d) => d.name === db.name)).at(-1);
          const reason = suspiciousSize(
            size,
            previous?.objects.reduce((n, o) => n + o.storedSize, 0),
            config.daemon.minSizeRatio,
            config.daemon.minSizeBytes,
          );
          if (reason) deps.onSuspicious?.(db.name, reason, manifest.id);
        }
      }
      return { backupIds: outcome.manifests.map((m) => m.id) };
    }
    case 'base-backup': {
      // The same core as `db-backup base-backup`: the whole cluster, for point-in-time restore.
      const manifest = await runBaseBackup({ config, storage, log });
      return { backupId: manifest.id, walStart: manifest.base?.walStart, walStop: manifest.base?.walStop };
    }
    case 'verify': {
      const manifests =
        job.target === 'latest'
          ? latestPerDatabase(await listBackups(storage))
          : [await readManifest(storage, job.target)];
      const results = [];
      for (const manifest of manifests) {
        const outcome = await verifyBackup(storage, manifest, {
          pgBinDir: config.pgBinDir,
          log,
          keys: resolveEncryption(config).keys,
        });
        results.push({
          backupId: outcome.backupId,
          ok: outcome.ok,
          failed: outcome.checks.filter((c) => !c.ok).map((c) => c.name),
        });
        if (!outcome.ok) {
          deps.onFinding?.('verification_failed', `verification of ${outcome.backupId} failed`, {
            backupId: outcome.backupId,
          });
        }
      }
      if (results.some((r) => !r.ok)) {
        throw new VerificationFailedError(
          `verification failed: ${results
            .filter((r) => !r.ok)
            .map((r) => r.backupId)
            .join(', ')}`,
        );
      }
      return { verified: results };
    }
    case 'drill': {
      const databases = job.target === 'configured' ? [...new Set(config.databases)] : [job.target];
      const reports = [];
      for (const database of databases.length > 0 ? databases : [undefined]) {
        const report = await runRestoreDrill({
          config,
          storage,
          log,
          signal: ctx.signal,
          request: database ? { database } : {},
          onEvent: progressNotes(ctx.progress),
        });
        await saveDrillReport(config, storage, report, undefined, log);
        reports.push({
          drillId: report.drill_id,
          database: report.database,
          status: report.status,
          backupId: report.backup_id,
        });
        notifyDrillFinding(deps, report, `restore drill of ${report.database ?? 'the latest backup'}`);
      }
      if (reports.some((r) => r.status === 'failure')) {
        throw new DrillNotCompliantError(
          `drill failed: ${reports
            .filter((r) => r.status === 'failure')
            .map((r) => r.drillId)
            .join(', ')}`,
        );
      }
      return { drills: reports };
    }
    case 'pitr-drill': {
      // The same core as `db-backup drill --pitr`, unaudited: the daemon audits every job itself.
      const request = parsePitrDrillTarget(job.target);
      const report = await runPitrDrill({
        config,
        storage,
        log,
        signal: ctx.signal,
        walCommand: deps.walCommand ?? walEntryCommand(),
        request,
      });
      await saveDrillReport(config, storage, report, undefined, log);
      const summary = {
        drillId: report.drill_id,
        status: report.status,
        baseBackupId: report.backup_id,
        target: report.pitr?.target ?? 'latest',
        targetTime: report.pitr?.target_time ?? null,
        recoveredTo: report.pitr?.recovered_to ?? null,
      };
      notifyDrillFinding(
        deps,
        report,
        `point-in-time drill (${summary.target}${request.database ? ` of ${request.database}` : ''})`,
        { pitr: true },
      );
      if (report.status === 'failure') {
        throw new DrillNotCompliantError(
          `point-in-time drill failed: ${report.drill_id}${report.error ? ` (${report.error.code}: ${report.error.message})` : ''}`,
        );
      }
      return { drills: [summary] };
    }
    case 'cleanup': {
      const plan = await planPrune(storage, config.retention, { now: new Date() });
      if (job.target === 'dry-run')
        return { dryRun: true, keep: plan.keep.length, remove: plan.remove.map((d) => d.id) };
      const applied = await applyPrune(storage, plan);
      return { dryRun: false, removed: applied.removed, garbageRemoved: applied.garbageRemoved };
    }
    case 'restore': {
      const [backupId, targetDatabase] = job.target.split('=>');
      const manifest = await resolveBackup(storage, { backupId });
      const outcome = await restoreBackup({
        storage,
        conn: resolveConnection(config.connection),
        pgBinDir: config.pgBinDir,
        log,
        keys: resolveEncryption(config).keys,
        signal: ctx.signal,
        onEvent: progressNotes(ctx.progress),
        manifest,
        request: {
          backupId,
          targetDatabase,
          ...(manifest.databases.length > 1 ? { database: manifest.databases[0]!.name } : {}),
        },
      });
      return { backupId: outcome.backupId, targetDatabase: outcome.targetDatabase, steps: outcome.steps };
    }
    case 'delete': {
      await readManifest(storage, job.target);
      return { deleted: await deleteBackup(storage, job.target) };
    }
  }
}

function latestPerDatabase<T extends { databases: { name: string }[] }>(manifests: T[]): T[] {
  const latest = new Map<string, T>();
  for (const m of manifests) for (const d of m.databases) latest.set(d.name, m);
  return [...new Set(latest.values())];
}

/**
 * Pre-flight for a backup into local storage: refuse to start when the filesystem has less free space than
 * the previous backup of these databases stored (plus a tenth), rather than fail half-way when it fills up.
 */
export async function assertRoomFor(
  storage: Storage,
  manifests: { databases: { name: string }[]; objects: { storedSize: number }[] }[],
  databases: string[],
): Promise<void> {
  if (!(storage instanceof LocalStorage)) return;
  const previous = manifests
    .filter((m) => databases.length === 0 || m.databases.some((d) => databases.includes(d.name)))
    .at(-1);
  if (!previous) return;
  const needed = Math.ceil(previous.objects.reduce((n, o) => n + o.storedSize, 0) * 1.1);
  const fs = await statfs(storage.root).catch(() => undefined);
  if (fs && fs.bavail * fs.bsize < needed) {
    throw new StorageError(
      `not enough free space in ${storage.root}: ${fs.bavail * fs.bsize} bytes free, the previous backup needed about ${needed}`,
      { hint: 'free space or prune old backups (db-backup prune) before the next backup' },
    );
  }
}
