/**
 * The sidecar: named schedules (croner) feeding one job queue, plus what the HTTP server reports — health,
 * metrics, schedules, storage usage — and the side effects of every job: audit entries, metrics and
 * notifications. The CLI's `db-backup daemon` wraps it with signals and the HTTP server.
 */
import { statfs } from 'node:fs/promises';
import { hostname } from 'node:os';
import { Cron } from 'croner';
import type { Config } from '../core/config/schema.ts';
import { resolveEncryption } from '../core/crypto/encryption.ts';
import { listDrillReports } from '../core/drill/drill-reports.ts';
import { parseDuration } from '../core/duration.ts';
import { DbBackupError, ExitCode } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import { resolveConnection } from '../core/postgres/connection.ts';
import { type AuditEntry, appendAudit } from '../core/repository/audit-log.ts';
import { listBackupReports } from '../core/repository/catalog.ts';
import { REPOSITORY_CONFIG_KEY } from '../core/repository/keys.ts';
import { openRepository } from '../core/repository/repository-config.ts';
import { readScheduleState, setScheduleEnabled } from '../core/repository/schedule-state.ts';
import { LocalStorage } from '../core/storage/local.ts';
import type { Storage } from '../core/storage/types.ts';
import { CatalogCache } from './catalog-cache.ts';
import { type HealthVerdict, healthVerdict } from './health.ts';
import { pitrDrillTarget, runJob } from './job-runners.ts';
import { type Job, type JobKind, JobQueue } from './jobs.ts';
import { DaemonMetrics } from './metrics.ts';
import { Notifier } from './notify.ts';
import { buildSchedules, missedRun, type NamedSchedule, nextRuns } from './schedules.ts';
import { WalShipper } from './wal-shipper.ts';
import { WalState, type WalStatus } from './wal-state.ts';

/** `schedule enable/disable NAME` (CLI or API) named a schedule that does not exist. */
export class ScheduleNotFoundError extends DbBackupError {
  override readonly code = 'SCHEDULE_NOT_FOUND';
  override readonly exitCode = ExitCode.notFound;
}

export interface ScheduleView {
  name: string;
  kind: NamedSchedule['kind'];
  cron: string;
  timeZone: string;
  enabled: boolean;
  nextRuns: string[];
  source: string;
}

const AUDIT_OPERATION: Record<JobKind, AuditEntry['operation']> = {
  backup: 'backup',
  'base-backup': 'backup',
  verify: 'verify',
  drill: 'drill',
  'pitr-drill': 'drill',
  cleanup: 'prune',
  restore: 'restore',
  delete: 'delete',
};

export interface DaemonOptions {
  config: Config;
  storage: Storage;
  log: Logger;
  /** Delays between notification attempts (tests shorten them). */
  notifyBackoffMs?: number[];
  /** How often the spool is polled besides its watch (tests shorten it). */
  walSpoolPollMs?: number;
}

/** One running sidecar; `start` validates the schedules (throws ConfigError naming a bad one) and arms them. */
export class Daemon {
  readonly config: Config;
  readonly storage: Storage;
  readonly log: Logger;
  readonly jobs: JobQueue;
  readonly metrics = new DaemonMetrics();
  readonly catalog: CatalogCache;
  readonly notifier: Notifier;
  readonly startedAt = new Date();
  readonly rpoMinutes: number;
  readonly schedules: NamedSchedule[];
  private crons: Cron[] = [];
  private storageReachable = true;
  private lastFinished: Job | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  private walTimer: NodeJS.Timeout | undefined;
  /** The WAL archive as `wal verify` sees it, cached (see wal-state.ts). */
  readonly wal: WalState;
  /** Ships the WAL spool when WAL_SPOOL_DIR is set. */
  readonly walShipper: WalShipper | undefined;

  private constructor(options: DaemonOptions) {
    this.config = options.config;
    this.storage = options.storage;
    this.log = options.log;
    this.catalog = new CatalogCache(options.storage);
    this.wal = new WalState({
      storage: options.storage,
      log: options.log,
      manifests: () => this.catalog.get().then((s) => s.manifests),
    });
    this.metrics.observeWal(() => this.wal.status());
    if (options.config.daemon.walSpoolDir) {
      this.walShipper = new WalShipper({
        spoolDir: options.config.daemon.walSpoolDir,
        storage: options.storage,
        conn: resolveConnection(options.config.connection),
        log: options.log,
        encryption: resolveEncryption(options.config),
        ...(options.walSpoolPollMs ? { pollMs: options.walSpoolPollMs } : {}),
        onShipped: (file) => {
          this.wal.noteArchived(file.name, file.storedSize, file.ackedAt);
          this.metrics.walFileShipped(file.status, file.rawSize);
        },
        onFailed: () => this.metrics.walShipFailed(),
        onQueue: (depth) => this.metrics.walQueue(depth),
      });
    }
    this.schedules = buildSchedules(options.config);
    const rpo = parseDuration(options.config.drill.rpo);
    this.rpoMinutes = 'ms' in rpo ? rpo.ms / 60_000 : 60;
    this.notifier = new Notifier({
      config: options.config.notifications,
      log: options.log,
      hostname: hostname(),
      ...(options.notifyBackoffMs ? { backoffMs: options.notifyBackoffMs } : {}),
    });
    const retentionBySchedule = new Map(
      this.schedules.filter((s) => s.retention).map((s) => [s.name, s.retention!]),
    );
    this.jobs = new JobQueue({
      ...(options.config.daemon.timeoutSeconds
        ? { timeoutMs: options.config.daemon.timeoutSeconds * 1000 }
        : {}),
      run: (job, ctx) => {
        this.metrics.jobStarted(job.kind);
        const slow = setTimeout(
          () =>
            this.notify(
              'job_slow',
              'warning',
              `${job.kind} job running long`,
              `${job.id} has run for more than ${this.config.daemon.warnJobMinutes} minutes`,
              { jobId: job.id },
            ),
          this.config.daemon.warnJobMinutes * 60_000,
        );
        slow.unref();
        const [, scheduleName] = job.target.split('@');
        const config =
          scheduleName && retentionBySchedule.has(scheduleName)
            ? {
                ...this.config,
                retention: { ...this.config.retention, ...retentionBySchedule.get(scheduleName) },
              }
            : this.config;
        return runJob({ ...job, target: job.target.split('@')[0]! }, ctx, {
          config,
          storage: this.storage,
          log: this.log,
          onSuspicious: (database, reason, backupId) => {
            this.metrics.suspicious(database);
            this.log.warn(`suspicious backup ${backupId} of ${database}: ${reason}`);
            this.notify('suspicious_backup', 'warning', `suspicious backup of ${database}`, reason, {
              backupId,
              database,
            });
          },
          onFinding: (kind, message, details) => this.notify(kind, 'critical', message, message, details),
        }).finally(() => clearTimeout(slow));
      },
      onSettling: (job, status) => this.audit(job, status === 'succeeded' ? 'success' : 'failure'),
      onFinished: (job) => this.afterJob(job),
    });
  }

  /** Opens the repository, arms the schedules, reports missed runs, and runs the start-up backup if asked. */
  static async start(options: DaemonOptions): Promise<Daemon> {
    const daemon = new Daemon(options);
    await openRepository(daemon.storage, { create: true });
    for (const schedule of daemon.schedules) {
      daemon.crons.push(
        new Cron(schedule.cron, { timezone: schedule.timeZone, protect: true, catch: true }, () =>
          daemon.fire(schedule),
        ),
      );
    }
    await daemon.walShipper?.start();
    await daemon.refresh();
    await daemon.wal.refresh(true);
    daemon.refreshTimer = setInterval(() => void daemon.refresh(), 60_000);
    daemon.refreshTimer.unref();
    daemon.walTimer = setInterval(() => void daemon.wal.refresh(), 30_000);
    daemon.walTimer.unref();
    await daemon.detectMissedRuns();
    if (daemon.config.daemon.backupOnStart) daemon.submit('backup', 'configured', 'schedule:on-start');
    daemon.log.info(
      `daemon started: ${daemon.schedules.map((s) => `${s.name} (${s.cron})`).join(', ')}; repository ${daemon.storage.location}${daemon.config.daemon.walSpoolDir ? `; shipping WAL from ${daemon.config.daemon.walSpoolDir}` : ''}`,
    );
    return daemon;
  }

  /** Queues a job (or returns the identical queued/running one) and records it in the audit log. */
  submit(kind: JobKind, target: string, actor: string): { job: Job; created: boolean } {
    const submitted = this.jobs.submit(kind, target, actor);
    if (submitted.created) void this.audit(submitted.job, 'started');
    return submitted;
  }

  /** What `/healthz` says. */
  async health(): Promise<HealthVerdict> {
    const backups = await this.catalog
      .get()
      .then((s) => s.manifests)
      .catch(() => undefined);
    this.storageReachable = backups !== undefined && (await this.probeStorage());
    const newest = new Map<string, string>();
    for (const m of backups ?? []) for (const d of m.databases) newest.set(d.name, m.finishedAt);
    const databases = this.config.databases.length > 0 ? this.config.databases : [...newest.keys()];
    const wal = this.wal.status();
    return healthVerdict({
      now: new Date(),
      rpoMinutes: this.rpoMinutes,
      newestBackups: databases.map((database) => ({ database, finishedAt: newest.get(database) ?? null })),
      lastJob: this.lastFinished
        ? {
            kind: this.lastFinished.kind,
            status: this.lastFinished.status,
            error: this.lastFinished.error,
            finishedAt: this.lastFinished.finishedAt,
          }
        : null,
      storageReachable: this.storageReachable,
      startedAt: this.startedAt,
      ...(wal.archiving ? { wal } : {}),
    });
  }

  /** The WAL archive's state (window, lag, gaps, spool), from memory. */
  walStatus(): WalStatus {
    return this.wal.status();
  }

  /** Every schedule with its enabled state (from the repository) and next runs. */
  async scheduleViews(): Promise<ScheduleView[]> {
    const { disabled } = await readScheduleState(this.storage);
    const now = new Date();
    return this.schedules.map((s) => ({
      name: s.name,
      kind: s.kind,
      cron: s.cron,
      timeZone: s.timeZone,
      enabled: !disabled.includes(s.name),
      nextRuns: nextRuns(s, 3, now).map((d) => d.toISOString()),
      source: s.source,
    }));
  }

  /** Enables or disables a schedule for every replica; audited. */
  async setScheduleEnabled(name: string, enabled: boolean, actor: string): Promise<ScheduleView[]> {
    if (!this.schedules.some((s) => s.name === name)) {
      throw new ScheduleNotFoundError(`no schedule named ${JSON.stringify(name)}`, {
        hint: `schedules: ${this.schedules.map((s) => s.name).join(', ')}`,
      });
    }
    await setScheduleEnabled(this.storage, name, enabled, actor);
    await appendAudit(this.storage, {
      actor,
      operation: 'schedule',
      target: name,
      outcome: 'success',
      details: enabled ? 'enabled' : 'disabled',
    });
    return this.scheduleViews();
  }

  /** Location, availability and, for local repositories, filesystem usage. */
  async storageUsage(): Promise<Record<string, unknown>> {
    const reachable = await this.probeStorage();
    const base = { location: this.storage.location, reachable };
    if (!(this.storage instanceof LocalStorage)) return base;
    try {
      const fs = await statfs(this.storage.root);
      const total = fs.blocks * fs.bsize;
      const free = fs.bavail * fs.bsize;
      return {
        ...base,
        totalBytes: total,
        freeBytes: free,
        usedPercent: Math.round(((total - free) / total) * 1000) / 10,
      };
    } catch {
      return base;
    }
  }

  /** Stops the schedules and the queue (the running job may finish within the grace period, then is aborted). */
  async stop(graceMs = this.config.daemon.stopGraceSeconds * 1000): Promise<void> {
    for (const cron of this.crons) cron.stop();
    if (this.refreshTimer) clearInterval(this.refreshTimer);
    if (this.walTimer) clearInterval(this.walTimer);
    // Jobs first: a running base backup waits for the shipper to archive its last segment.
    await this.jobs.shutdown(graceMs);
    await this.walShipper?.stop();
  }

  private async fire(schedule: NamedSchedule): Promise<void> {
    const { disabled } = await readScheduleState(this.storage).catch(() => ({ disabled: [] as string[] }));
    if (disabled.includes(schedule.name)) {
      this.log.info(`schedule ${schedule.name} is disabled: skipped`);
      return;
    }
    const target =
      schedule.kind === 'backup'
        ? (schedule.databases?.join(',') ?? 'configured')
        : schedule.kind === 'drill'
          ? (schedule.databases?.[0] ?? 'configured')
          : schedule.kind === 'cleanup'
            ? `apply@${schedule.name}`
            : schedule.kind === 'base-backup'
              ? 'cluster'
              : schedule.kind === 'pitr-drill'
                ? pitrDrillTarget(schedule.targetTime ?? 'latest', schedule.databases?.[0])
                : 'latest';
    this.submit(schedule.kind, target, `schedule:${schedule.name}`);
  }

  private async detectMissedRuns(): Promise<void> {
    const reports = await listBackupReports(this.storage).catch(() => []);
    const lastStarted = reports.at(-1) ? new Date(reports.at(-1)!.startedAt) : null;
    for (const schedule of this.schedules.filter((s) => s.kind === 'backup')) {
      const { missed, expectedAt } = missedRun(schedule, lastStarted, new Date());
      if (!missed || !expectedAt) continue;
      // A repository with no backup at all is a new install, not a missed run.
      if (lastStarted === null) continue;
      this.metrics.missed(schedule.name);
      const message = `schedule ${schedule.name} expected a backup at ${expectedAt.toISOString()}; the last backup run started ${lastStarted.toISOString()}`;
      this.log.warn(`missed run: ${message}${this.config.daemon.catchUp ? ' (catching up now)' : ''}`);
      this.notify('missed_schedule', 'warning', `missed backup (${schedule.name})`, message, {
        schedule: schedule.name,
      });
      if (this.config.daemon.catchUp)
        this.submit(
          'backup',
          schedule.databases?.join(',') ?? 'configured',
          `schedule:${schedule.name}:catch-up`,
        );
    }
  }

  private async afterJob(job: Job): Promise<void> {
    this.lastFinished = job;
    this.catalog.invalidate();
    this.metrics.jobFinished(job);
    if (job.status === 'failed') {
      this.log.warn(
        `job ${job.id} (${job.kind} ${job.target}) failed: ${job.error?.code} ${job.error?.message}`,
      );
      await this.notify(
        'job_failed',
        'critical',
        `${job.kind} failed`,
        `${job.id}: ${job.error?.code}: ${job.error?.message}`,
        { jobId: job.id, kind: job.kind, target: job.target },
      );
    } else if (job.status === 'succeeded') {
      this.log.info(`job ${job.id} (${job.kind} ${job.target}) succeeded`);
      await this.notify('job_succeeded', 'info', `${job.kind} succeeded`, `${job.id} finished`, {
        jobId: job.id,
        result: job.result,
      });
    }
    await this.refresh();
    // Prune removes WAL and a base backup moves the window: re-read the whole WAL area after them.
    await this.wal.refresh(job.kind === 'cleanup' || job.kind === 'base-backup');
    const usage = await this.storageUsage();
    if (
      typeof usage.usedPercent === 'number' &&
      usage.usedPercent >= this.config.notifications.storageWarnPercent
    ) {
      await this.notify(
        'storage_nearly_full',
        'warning',
        'backup storage nearly full',
        `${usage.location} is ${usage.usedPercent}% full`,
        usage,
      );
    }
  }

  private async audit(job: Job, outcome: AuditEntry['outcome']): Promise<void> {
    await appendAudit(this.storage, {
      actor: job.actor,
      operation: AUDIT_OPERATION[job.kind],
      target: job.target,
      outcome,
      // The job id in every entry ties a verdict to its start (and to GET /api/v1/jobs/{id}).
      details:
        outcome === 'failure' ? `job ${job.id}: ${job.error?.code}: ${job.error?.message}` : `job ${job.id}`,
    }).catch((error: unknown) => this.log.warn(`audit entry not written: ${(error as Error).message}`));
  }

  private async notify(
    event: Parameters<Notifier['send']>[0]['event'],
    severity: Parameters<Notifier['send']>[0]['severity'],
    title: string,
    message: string,
    details?: Record<string, unknown>,
  ): Promise<void> {
    await this.notifier.send({ event, severity, title, message, ...(details ? { details } : {}) });
  }

  private async probeStorage(): Promise<boolean> {
    try {
      await this.storage.stat(REPOSITORY_CONFIG_KEY);
      this.metrics.storageUp(true);
      return true;
    } catch {
      this.metrics.storageUp(false);
      return false;
    }
  }

  /** Re-reads the repository into the metrics. */
  async refresh(): Promise<void> {
    try {
      const [{ manifests }, drills] = await Promise.all([this.catalog.get(), listDrillReports(this.storage)]);
      const backups = manifests.flatMap((m) =>
        m.databases.map((d) => ({
          database: d.name,
          finishedAt: m.finishedAt,
          durationMs: m.durationMs,
          storedBytes: m.objects.reduce((n, o) => n + o.storedSize, 0),
        })),
      );
      this.metrics.refresh({
        backups,
        totalBytes: manifests.reduce((n, m) => n + m.objects.reduce((k, o) => k + o.storedSize, 0), 0),
        drills: drills.map((d) => ({
          database: d.database,
          rpoCompliant: d.rpo_compliant,
          rtoCompliant: d.rto_compliant,
          restoreMinutes: d.restore_duration_minutes,
          status: d.status,
          pitr: d.pitr != null,
          drillTimestamp: d.drill_timestamp,
        })),
      });
      this.metrics.storageUp(true);
    } catch (error) {
      this.metrics.storageUp(false);
      this.log.warn(`cannot read the repository for metrics: ${(error as Error).message}`);
    }
  }
}
