/** The `/healthz` verdict: a pure function of what the daemon knows, with the reasons it is unhealthy. */

export interface HealthInputs {
  now: Date;
  rpoMinutes: number;
  /** Finish time of the newest complete backup, per configured database (null: none yet). */
  newestBackups: { database: string; finishedAt: string | null }[];
  /** The most recent finished job, if any. */
  lastJob: {
    kind: string;
    status: string;
    error: { code: string; message: string } | null;
    finishedAt: string | null;
  } | null;
  storageReachable: boolean;
  /** When the daemon started: a fresh sidecar with no backup yet is not unhealthy until one RPO has passed. */
  startedAt: Date;
  /** The WAL archive, when WAL is archived into this repository (absent: WAL says nothing about health). */
  wal?: { archiveLagSeconds: number | null; gaps: string[] };
}

export interface HealthVerdict {
  healthy: boolean;
  reasons: string[];
}

/**
 * Healthy unless a database's newest backup is older than the RPO, the last job failed, storage is unreachable,
 * or the WAL archive lags more than the RPO or has a gap (point-in-time restore stops at the first gap).
 */
export function healthVerdict(input: HealthInputs): HealthVerdict {
  const reasons: string[] = [];
  if (!input.storageReachable) reasons.push('storage is unreachable');
  if (input.lastJob?.status === 'failed') {
    reasons.push(`the last ${input.lastJob.kind} job failed: ${input.lastJob.error?.code ?? 'error'}`);
  }
  const grace = input.now.getTime() - input.startedAt.getTime() < input.rpoMinutes * 60_000;
  for (const { database, finishedAt } of input.newestBackups) {
    if (finishedAt === null) {
      if (!grace) reasons.push(`${database}: no backup yet`);
      continue;
    }
    const age = (input.now.getTime() - Date.parse(finishedAt)) / 60_000;
    if (age > input.rpoMinutes) {
      reasons.push(`${database}: newest backup is ${Math.round(age)} min old (RPO ${input.rpoMinutes} min)`);
    }
  }
  if (input.wal) {
    const { gaps, archiveLagSeconds } = input.wal;
    if (gaps.length > 0)
      reasons.push(`WAL archive: ${gaps.length} missing segment(s), first ${gaps[0]} (db-backup wal verify)`);
    if (archiveLagSeconds !== null && archiveLagSeconds > input.rpoMinutes * 60) {
      reasons.push(
        `WAL archive: newest segment archived ${Math.round(archiveLagSeconds / 60)} min ago (RPO ${input.rpoMinutes} min)`,
      );
    }
  }
  return { healthy: reasons.length === 0, reasons };
}
