/**
 * The daemon's job queue: every piece of work (scheduled or requested through the API) is a job with an id to
 * poll. Jobs run one at a time (they would contend for the same server and repository lock anyway); a job
 * identical to one queued or running (same kind and target) is not queued twice, so overlapping triggers run
 * once. A timeout or a shutdown aborts the running job through its AbortSignal, the one cancellation path
 * the core honours.
 */
import { randomBytes } from 'node:crypto';
import { DbBackupError } from '../core/errors.ts';
import { redact } from '../core/redact.ts';

export type JobKind =
  | 'backup'
  | 'base-backup'
  | 'verify'
  | 'drill'
  | 'pitr-drill'
  | 'cleanup'
  | 'restore'
  | 'delete';
export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface Job {
  id: string;
  kind: JobKind;
  /** What it works on: a database list, a backup id, `all`. */
  target: string;
  actor: string;
  status: JobStatus;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** The latest progress note (phase, bytes), for `/api/v1/jobs/{id}`. */
  progress: string | null;
  result: unknown;
  error: { code: string; message: string } | null;
}

export interface JobContext {
  signal: AbortSignal;
  progress(note: string): void;
}

export type JobRunner = (job: Job, ctx: JobContext) => Promise<unknown>;

export interface JobQueueOptions {
  run: JobRunner;
  /** Abort a running job after this long (BACKUP_TIMEOUT_SECONDS). */
  timeoutMs?: number;
  /**
   * Called when a job's outcome is known but before it is published (the job still reads `running`), so a
   * client that sees a job finished also finds what this records (the audit verdict).
   */
  onSettling?: (job: Job, status: Exclude<JobStatus, 'queued' | 'running'>) => void | Promise<void>;
  /** Called when a job ends, whatever its outcome (metrics, notifications). */
  onFinished?: (job: Job) => void | Promise<void>;
  /** How many finished jobs to remember for polling. */
  keep?: number;
}

export class JobTimeoutError extends DbBackupError {
  override readonly code = 'JOB_TIMEOUT';
}

/** A serial queue of jobs; see the module comment. */
export class JobQueue {
  private readonly jobs = new Map<string, Job>();
  private readonly pending: Job[] = [];
  private current: { job: Job; controller: AbortController } | undefined;
  private idle: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly options: JobQueueOptions;

  constructor(options: JobQueueOptions) {
    this.options = options;
  }

  /** Queues a job, or returns the identical one already queued or running. */
  submit(kind: JobKind, target: string, actor: string): { job: Job; created: boolean } {
    const same = [...this.pending, ...(this.current ? [this.current.job] : [])].find(
      (j) => j.kind === kind && j.target === target,
    );
    if (same) return { job: same, created: false };
    const job: Job = {
      id: `job-${new Date().toISOString().replace(/[-:.]/g, '').slice(0, 15)}-${randomBytes(3).toString('hex')}`,
      kind,
      target,
      actor,
      status: 'queued',
      createdAt: new Date().toISOString(),
      startedAt: null,
      finishedAt: null,
      progress: null,
      result: null,
      error: null,
    };
    if (this.stopped) {
      job.status = 'cancelled';
      job.error = { code: 'SHUTTING_DOWN', message: 'the daemon is shutting down' };
    } else {
      this.pending.push(job);
    }
    this.remember(job);
    this.idle = this.idle.then(() => this.runNext());
    return { job, created: true };
  }

  get(id: string): Job | undefined {
    return this.jobs.get(id);
  }

  list(): Job[] {
    return [...this.jobs.values()].reverse();
  }

  running(): Job | undefined {
    return this.current?.job;
  }

  /** Resolves when nothing is queued or running. */
  async drain(): Promise<void> {
    let seen: Promise<void>;
    do {
      seen = this.idle;
      await seen;
    } while (seen !== this.idle);
  }

  /**
   * Stops taking work: queued jobs are cancelled, the running one may finish within `graceMs`, then it is
   * aborted (its cleanup still runs) and awaited.
   */
  async shutdown(graceMs: number): Promise<void> {
    this.stopped = true;
    for (const job of this.pending.splice(0)) {
      job.status = 'cancelled';
      job.error = { code: 'SHUTTING_DOWN', message: 'cancelled: the daemon is shutting down' };
      job.finishedAt = new Date().toISOString();
    }
    const running = this.current;
    if (running) {
      const timer = setTimeout(
        () => running.controller.abort(new Error('the daemon is shutting down')),
        graceMs,
      );
      await this.drain();
      clearTimeout(timer);
    }
  }

  private remember(job: Job): void {
    this.jobs.set(job.id, job);
    const keep = this.options.keep ?? 200;
    for (const id of this.jobs.keys()) {
      if (this.jobs.size <= keep) break;
      const old = this.jobs.get(id)!;
      if (old.status !== 'queued' && old.status !== 'running') this.jobs.delete(id);
    }
  }

  private async runNext(): Promise<void> {
    const job = this.pending.shift();
    if (!job) return;
    const controller = new AbortController();
    this.current = { job, controller };
    job.status = 'running';
    job.startedAt = new Date().toISOString();
    const timer = this.options.timeoutMs
      ? setTimeout(
          () =>
            controller.abort(
              new JobTimeoutError(
                `${job.kind} job ran past BACKUP_TIMEOUT_SECONDS (${this.options.timeoutMs! / 1000}s) and was aborted`,
              ),
            ),
          this.options.timeoutMs,
        )
      : undefined;
    let status: Exclude<JobStatus, 'queued' | 'running'>;
    try {
      job.result = await this.options.run(job, {
        signal: controller.signal,
        progress: (note) => {
          job.progress = redact(note);
        },
      });
      status = controller.signal.aborted ? 'cancelled' : 'succeeded';
    } catch (error) {
      const reason = controller.signal.aborted ? controller.signal.reason : undefined;
      const shown = reason instanceof DbBackupError ? reason : error;
      status = controller.signal.aborted && !(reason instanceof JobTimeoutError) ? 'cancelled' : 'failed';
      job.error = {
        code: shown instanceof DbBackupError ? shown.code : 'INTERNAL',
        message: redact(shown instanceof Error ? shown.message : String(shown)),
      };
    } finally {
      if (timer) clearTimeout(timer);
    }
    job.finishedAt = new Date().toISOString();
    // A hook that throws (even synchronously) must never leave a job `running` or stall the queue.
    await Promise.resolve()
      .then(() => this.options.onSettling?.(job, status))
      .catch(() => undefined);
    job.status = status;
    this.current = undefined;
    await Promise.resolve()
      .then(() => this.options.onFinished?.(job))
      .catch(() => undefined);
  }
}
