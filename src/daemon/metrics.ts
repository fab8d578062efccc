/**
 * Prometheus metrics of the daemon (`prom-client`, its own registry). Names follow the `<tool>_backup_*`
 * style of existing backup exporters: last success timestamp, duration and size per database, totals,
 * errors, suspicious sizes, drill compliance. Refreshed from the repository after each job and on a timer,
 * so they describe the repository, not only this process's history.
 */
import { Counter, Gauge, Registry } from 'prom-client';
import type { Job } from './jobs.ts';
import type { WalStatus } from './wal-state.ts';

export interface RepositoryFacts {
  backups: { database: string; finishedAt: string; durationMs: number; storedBytes: number }[];
  drills: {
    database: string | null;
    rpoCompliant: boolean;
    rtoCompliant: boolean;
    restoreMinutes: number | null;
    status: string;
    /** A point-in-time drill (its own gauges: it restores the whole cluster, not one database's dump). */
    pitr?: boolean;
    drillTimestamp?: string;
  }[];
  totalBytes: number;
}

/** The daemon's metric set. */
export class DaemonMetrics {
  readonly registry = new Registry();
  private readonly lastSuccess = this.gauge(
    'db_backup_last_success_timestamp_seconds',
    'Finish time of the newest complete backup',
    ['database'],
  );
  private readonly lastDuration = this.gauge(
    'db_backup_last_duration_seconds',
    'Duration of the newest complete backup',
    ['database'],
  );
  private readonly lastSize = this.gauge(
    'db_backup_last_size_bytes',
    'Stored size of the newest complete backup',
    ['database'],
  );
  private readonly backupsTotal = this.gauge('db_backup_backups', 'Complete backups in the repository', [
    'database',
  ]);
  private readonly repositoryBytes = this.gauge(
    'db_backup_repository_size_bytes',
    'Stored bytes of all complete backups',
    [],
  );
  private readonly drillRpo = this.gauge(
    'db_backup_drill_rpo_compliant',
    '1 when the last drill met the RPO',
    ['database'],
  );
  private readonly drillRto = this.gauge(
    'db_backup_drill_rto_compliant',
    '1 when the last drill met the RTO',
    ['database'],
  );
  private readonly drillSuccess = this.gauge(
    'db_backup_drill_success',
    '1 when the last drill passed every check and target',
    ['database'],
  );
  private readonly drillRestore = this.gauge(
    'db_backup_drill_restore_duration_seconds',
    'RTO measure of the last drill',
    ['database'],
  );
  private readonly pitrSuccess = this.gauge(
    'db_backup_pitr_drill_success',
    '1 when the last point-in-time drill passed every check and target',
    ['database'],
  );
  private readonly pitrRpo = this.gauge(
    'db_backup_pitr_drill_rpo_compliant',
    '1 when the newest archived WAL was within the RPO at the last point-in-time drill',
    ['database'],
  );
  private readonly pitrRto = this.gauge(
    'db_backup_pitr_drill_rto_compliant',
    '1 when the last point-in-time drill restored and recovered within the RTO',
    ['database'],
  );
  private readonly pitrRestore = this.gauge(
    'db_backup_pitr_drill_restore_duration_seconds',
    'RTO measure of the last point-in-time drill (base backup fetch + WAL replay)',
    ['database'],
  );
  private readonly pitrLast = this.gauge(
    'db_backup_pitr_drill_last_timestamp_seconds',
    'Start time of the last point-in-time drill',
    ['database'],
  );
  private readonly jobsTotal = new Counter({
    name: 'db_backup_jobs_total',
    help: 'Jobs finished, by kind and status',
    labelNames: ['kind', 'status'],
    registers: [this.registry],
  });
  private readonly errorsTotal = new Counter({
    name: 'db_backup_errors_total',
    help: 'Failed jobs, by kind',
    labelNames: ['kind'],
    registers: [this.registry],
  });
  private readonly suspiciousTotal = new Counter({
    name: 'db_backup_suspicious_backups_total',
    help: 'Backups far smaller than the previous one or than BACKUP_MIN_SIZE_BYTES',
    labelNames: ['database'],
    registers: [this.registry],
  });
  private readonly missedTotal = new Counter({
    name: 'db_backup_missed_runs_total',
    help: 'Scheduled runs missed while the daemon was down',
    labelNames: ['schedule'],
    registers: [this.registry],
  });
  private readonly running = this.gauge('db_backup_job_running', '1 while a job of this kind runs', ['kind']);
  private readonly up = this.gauge(
    'db_backup_storage_up',
    '1 when the repository answered the last check',
    [],
  );

  private readonly walShipped = new Counter({
    name: 'db_backup_wal_shipped_segments_total',
    help: 'WAL files this daemon stored from the spool and acknowledged, by outcome (stored, already-archived)',
    labelNames: ['status'],
    registers: [this.registry],
  });
  private readonly walShippedBytes = new Counter({
    name: 'db_backup_wal_shipped_bytes_total',
    help: 'Raw bytes of the WAL files this daemon shipped from the spool',
    registers: [this.registry],
  });
  private readonly walShipErrors = new Counter({
    name: 'db_backup_wal_ship_errors_total',
    help: 'Attempts to store a spooled WAL file that failed (the file stays unacknowledged)',
    registers: [this.registry],
  });
  private readonly walSpoolDepth = this.gauge(
    'db_backup_wal_spool_queue_depth',
    'WAL files waiting in the spool after the last pass',
    [],
  );
  private walStatus: (() => WalStatus) | undefined;

  private gauge(name: string, help: string, labelNames: string[]): Gauge {
    return new Gauge({ name, help, labelNames, registers: [this.registry] });
  }

  /** A gauge computed from the WAL state at each scrape (in memory: no storage call). */
  private walGauge(name: string, help: string, value: (wal: WalStatus) => number | null): void {
    const metrics = this;
    new Gauge({
      name,
      help,
      registers: [this.registry],
      collect() {
        const wal = metrics.walStatus?.();
        const v = wal?.archiving ? value(wal) : null;
        if (v === null) this.reset();
        else this.set(v);
      },
    });
  }

  /** Exposes the WAL archive state (archive lag, PITR window, gaps, archived totals) through `status`. */
  observeWal(status: () => WalStatus): void {
    if (this.walStatus) return;
    this.walStatus = status;
    const seconds = (iso: string | null | undefined) => (iso ? Date.parse(iso) / 1000 : null);
    this.walGauge(
      'db_backup_wal_archive_lag_seconds',
      'Seconds since the newest WAL segment was archived',
      (w) => w.archiveLagSeconds,
    );
    this.walGauge(
      'db_backup_wal_pitr_window_start_timestamp_seconds',
      'Earliest time a point-in-time restore can reach',
      (w) => seconds(w.window?.earliest),
    );
    this.walGauge(
      'db_backup_wal_pitr_window_end_timestamp_seconds',
      'Latest time a point-in-time restore can reach',
      (w) => seconds(w.window?.latest),
    );
    this.walGauge(
      'db_backup_wal_gaps',
      'Missing WAL segments since the oldest base backup',
      (w) => w.gaps.length,
    );
    this.walGauge('db_backup_wal_archived_segments', 'WAL segments in the repository', (w) => w.segments);
    this.walGauge(
      'db_backup_wal_archived_bytes',
      'Stored bytes of the WAL files in the repository',
      (w) => w.storedBytes,
    );
  }

  /** Counts a file shipped from the spool. */
  walFileShipped(status: string, rawBytes: number): void {
    this.walShipped.inc({ status });
    this.walShippedBytes.inc(rawBytes);
  }

  walShipFailed(): void {
    this.walShipErrors.inc();
  }

  walQueue(depth: number): void {
    this.walSpoolDepth.set(depth);
  }

  /** Counts a finished job. */
  jobFinished(job: Job): void {
    this.jobsTotal.inc({ kind: job.kind, status: job.status });
    if (job.status === 'failed') this.errorsTotal.inc({ kind: job.kind });
    this.running.set({ kind: job.kind }, 0);
  }

  jobStarted(kind: string): void {
    this.running.set({ kind }, 1);
  }

  suspicious(database: string): void {
    this.suspiciousTotal.inc({ database });
  }

  missed(schedule: string): void {
    this.missedTotal.inc({ schedule });
  }

  storageUp(ok: boolean): void {
    this.up.set(ok ? 1 : 0);
  }

  /** Replaces the repository-derived gauges. */
  refresh(facts: RepositoryFacts): void {
    for (const g of [this.lastSuccess, this.lastDuration, this.lastSize, this.backupsTotal]) g.reset();
    const counts = new Map<string, number>();
    for (const b of facts.backups) {
      counts.set(b.database, (counts.get(b.database) ?? 0) + 1);
      // Backups arrive oldest first: the last write per database is the newest.
      this.lastSuccess.set({ database: b.database }, Date.parse(b.finishedAt) / 1000);
      this.lastDuration.set({ database: b.database }, b.durationMs / 1000);
      this.lastSize.set({ database: b.database }, b.storedBytes);
    }
    for (const [database, n] of counts) this.backupsTotal.set({ database }, n);
    this.repositoryBytes.set(facts.totalBytes);
    for (const g of [this.pitrSuccess, this.pitrRpo, this.pitrRto, this.pitrRestore, this.pitrLast])
      g.reset();
    for (const d of facts.drills) {
      if (d.pitr) {
        // Reports arrive oldest first: the last one written is the newest drill. `all`: every database checked.
        const labels = { database: d.database ?? 'all' };
        this.pitrSuccess.set(labels, d.status === 'success' ? 1 : 0);
        this.pitrRpo.set(labels, d.rpoCompliant ? 1 : 0);
        this.pitrRto.set(labels, d.rtoCompliant ? 1 : 0);
        if (d.restoreMinutes !== null) this.pitrRestore.set(labels, d.restoreMinutes * 60);
        else this.pitrRestore.remove(labels);
        if (d.drillTimestamp) this.pitrLast.set(labels, Date.parse(d.drillTimestamp) / 1000);
        continue;
      }
      const database = d.database ?? 'unknown';
      this.drillRpo.set({ database }, d.rpoCompliant ? 1 : 0);
      this.drillRto.set({ database }, d.rtoCompliant ? 1 : 0);
      this.drillSuccess.set({ database }, d.status === 'success' ? 1 : 0);
      if (d.restoreMinutes !== null) this.drillRestore.set({ database }, d.restoreMinutes * 60);
    }
  }

  /** The Prometheus text exposition. */
  text(): Promise<string> {
    return this.registry.metrics();
  }
}
