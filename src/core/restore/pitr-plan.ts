/**
 * Pure decisions of a point-in-time restore: which base backup serves a target, whether the archive reaches
 * it, and the recovery settings PostgreSQL gets. A target the repository cannot reach is an error here,
 * before anything is written: a restore never silently recovers to a different point.
 */
import { PitrTargetError, UsageError } from '../errors.ts';
import type { BackupManifest } from '../repository/manifest.ts';
import { formatLsn, parseLsn, parseWalFileName } from '../wal/wal-names.ts';

export type PitrTarget =
  | { kind: 'time'; time: Date }
  | { kind: 'lsn'; lsn: bigint }
  | { kind: 'xid'; xid: string }
  | { kind: 'name'; name: string }
  | { kind: 'immediate' }
  /** No recovery target: replay every archived WAL file, then promote. */
  | { kind: 'latest' };

export type RecoveryAction = 'promote' | 'pause' | 'shutdown';

/** The newest archived segment: its end LSN (per segment size) and when it was stored. */
export interface WalHead {
  name: string;
  endLsn: bigint;
  storedAt: Date;
}

/** Exactly one target from the CLI's flags; UsageError for none, several, or a malformed value. */
export function parsePitrTarget(flags: {
  time?: string;
  lsn?: string;
  xid?: string;
  name?: string;
  immediate?: boolean;
}): PitrTarget {
  const given = Object.entries(flags).filter(([, v]) => v !== undefined && v !== false);
  if (given.length !== 1) {
    throw new UsageError(`give exactly one recovery target (got ${given.length})`, {
      hint: 'use one of --target-time, --target-lsn, --target-xid, --target-name or --target immediate',
    });
  }
  if (flags.time !== undefined) {
    const time = new Date(flags.time);
    if (Number.isNaN(time.getTime()) || !/\d{4}-\d{2}-\d{2}/.test(flags.time)) {
      throw new UsageError(`--target-time ${JSON.stringify(flags.time)} is not a time`, {
        hint: 'use ISO 8601 with a zone, e.g. 2026-11-22T14:05:00Z or "2026-11-22 15:05:00+01"',
      });
    }
    return { kind: 'time', time };
  }
  if (flags.lsn !== undefined) {
    const lsn = parseLsn(flags.lsn);
    if (lsn === undefined)
      throw new UsageError(`--target-lsn ${JSON.stringify(flags.lsn)} is not an LSN`, {
        hint: 'e.g. 0/3000060',
      });
    return { kind: 'lsn', lsn };
  }
  if (flags.xid !== undefined) {
    if (!/^\d+$/.test(flags.xid))
      throw new UsageError(`--target-xid ${JSON.stringify(flags.xid)} is not a transaction id`);
    return { kind: 'xid', xid: flags.xid };
  }
  if (flags.name !== undefined) {
    if (!flags.name) throw new UsageError('--target-name is empty');
    return { kind: 'name', name: flags.name };
  }
  return { kind: 'immediate' };
}

const isBase = (m: BackupManifest): m is BackupManifest & { base: NonNullable<BackupManifest['base']> } =>
  m.kind === 'base' && m.base !== undefined;

/**
 * The base backup to restore for `target`: the newest one that is consistent before it (finished before a
 * time target, stopped before an LSN target; simply the newest for xid, name and immediate targets).
 */
export function chooseBaseBackup(
  manifests: BackupManifest[],
  target: PitrTarget,
  head: WalHead | undefined,
  backupId?: string,
): BackupManifest & { base: NonNullable<BackupManifest['base']> } {
  const bases = manifests.filter(isBase).sort((a, b) => Date.parse(a.finishedAt) - Date.parse(b.finishedAt));
  if (bases.length === 0) {
    throw new PitrTargetError('the repository has no base backups', {
      hint: 'take one with `db-backup base-backup`',
    });
  }
  if (!head) {
    throw new PitrTargetError('the repository has no archived WAL', {
      hint: "set archive_command = 'db-backup wal-push %p' on the server",
    });
  }
  if (target.kind === 'time' && target.time.getTime() > head.storedAt.getTime()) {
    throw new PitrTargetError(
      `target time ${target.time.toISOString()} is after the newest archived WAL (${head.name}, stored ${head.storedAt.toISOString()})`,
      {
        hint: 'choose an earlier time, or wait until the WAL covering it is archived (see `db-backup wal verify`)',
      },
    );
  }
  if (target.kind === 'lsn' && target.lsn > head.endLsn) {
    throw new PitrTargetError(
      `target LSN ${formatLsn(target.lsn)} is after the newest archived WAL (${head.name} ends at ${formatLsn(head.endLsn)})`,
      { hint: 'choose an earlier LSN, or wait until the WAL covering it is archived' },
    );
  }
  if (backupId) {
    const chosen = bases.find((b) => b.id === backupId);
    if (!chosen)
      throw new PitrTargetError(`${backupId} is not a base backup in this repository`, {
        hint: 'run `db-backup list`',
      });
    return chosen;
  }
  const eligible = bases.filter((b) =>
    target.kind === 'time'
      ? Date.parse(b.finishedAt) <= target.time.getTime()
      : target.kind === 'lsn'
        ? parseLsn(b.base.stopLsn)! <= target.lsn
        : true,
  );
  const chosen = eligible.at(-1);
  if (!chosen) {
    const oldest = bases[0]!;
    const what =
      target.kind === 'time'
        ? `time ${target.time.toISOString()}`
        : `LSN ${formatLsn((target as { lsn: bigint }).lsn)}`;
    throw new PitrTargetError(
      `target ${what} is before the oldest base backup can be restored to (${oldest.id}: consistent at ${oldest.base.stopLsn}, finished ${oldest.finishedAt})`,
      { hint: 'a point in time needs a base backup that finished before it; choose a later target' },
    );
  }
  return chosen;
}

/** The newest archived segment of `names` (with its storage time), or undefined when there is none. */
export function walHeadOf(
  objects: { name: string; storedAt: Date }[],
  segmentSize: number,
): WalHead | undefined {
  let head: WalHead | undefined;
  let best = -1n;
  for (const o of objects) {
    const parsed = parseWalFileName(o.name, segmentSize);
    if (parsed?.kind !== 'segment') continue;
    if (parsed.segno! > best || (parsed.segno === best && o.name > head!.name)) {
      best = parsed.segno!;
      head = { name: o.name, endLsn: (parsed.segno! + 1n) * BigInt(segmentSize), storedAt: o.storedAt };
    }
  }
  return head;
}

const confValue = (v: string) => `'${v.replace(/'/g, "''")}'`;

/** The lines appended to postgresql.auto.conf for recovery to `target`. */
export function recoverySettings(options: {
  restoreCommand: string;
  target: PitrTarget;
  action: RecoveryAction;
  timeline: string;
  extra?: Record<string, string>;
}): string {
  const t = options.target;
  const settings: Record<string, string> = {
    restore_command: options.restoreCommand,
    // PostgreSQL's timestamptz input takes neither the ISO `T` with a zone `Z` in every version: spell it out.
    ...(t.kind === 'time'
      ? { recovery_target_time: t.time.toISOString().replace('T', ' ').replace('Z', '+00') }
      : {}),
    ...(t.kind === 'lsn' ? { recovery_target_lsn: formatLsn(t.lsn) } : {}),
    ...(t.kind === 'xid' ? { recovery_target_xid: t.xid } : {}),
    ...(t.kind === 'name' ? { recovery_target_name: t.name } : {}),
    ...(t.kind === 'immediate' ? { recovery_target: 'immediate' } : {}),
    recovery_target_timeline: options.timeline,
    recovery_target_action: options.action,
    ...options.extra,
  };
  return `\n# point-in-time restore written by db-backup\n${Object.entries(settings)
    .map(([k, v]) => `${k} = ${confValue(v)}`)
    .join('\n')}\n`;
}
