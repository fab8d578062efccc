/**
 * Retention as a pure function: (backups, policy, now, timeZone) → which to keep, which to remove, and why.
 * Modelled on restic's ApplyPolicy: every rule selects backups, a backup any rule selects is kept, and the
 * newest complete backup of each group is never removed. No I/O here; `prune.ts` applies the plan.
 */
import type { RetentionConfig } from '../config/schema.ts';
import { parseDuration } from '../duration.ts';
import { RetentionRefusedError } from '../errors.ts';

export type CalendarUnit = 'hourly' | 'daily' | 'weekly' | 'monthly' | 'yearly';
export const CALENDAR_UNITS: CalendarUnit[] = ['hourly', 'daily', 'weekly', 'monthly', 'yearly'];

export interface RetentionPolicy {
  keepLast?: number;
  keepWithinMs?: number;
  /** The text the user wrote for keepWithin (for reasons), e.g. `30d`. */
  keepWithinText?: string;
  hourly?: number;
  daily?: number;
  weekly?: number;
  monthly?: number;
  yearly?: number;
  requireVerified: boolean;
  timeZone: string;
}

export interface RetentionCandidate {
  id: string;
  /** Backups are grouped per database; each group is planned on its own. */
  group: string;
  kind: 'logical' | 'base';
  finishedAt: Date;
  startedAt: Date;
  verified: boolean;
}

export interface RetentionDecision {
  id: string;
  group: string;
  kind: RetentionCandidate['kind'];
  finishedAt: string;
  reasons: string[];
}

export interface RetentionPlan {
  keep: RetentionDecision[];
  remove: RetentionDecision[];
  /** id → reasons (the same strings as in keep/remove). */
  reasons: Record<string, string[]>;
  /** Kept base backups: the WAL they need must be kept too. */
  pinned: string[];
  warnings: string[];
}

/** The policy a RetentionConfig describes; refuses a config whose keepWithin is not a duration. */
export function policyFromConfig(config: RetentionConfig): RetentionPolicy {
  const within = config.keepWithin ? parseDuration(config.keepWithin) : undefined;
  if (within && 'error' in within) throw new RetentionRefusedError(within.error);
  return {
    keepLast: config.keepLast,
    keepWithinMs: within?.ms,
    keepWithinText: config.keepWithin,
    hourly: config.keepHourly,
    daily: config.keepDaily,
    weekly: config.keepWeekly,
    monthly: config.keepMonthly,
    yearly: config.keepYearly,
    requireVerified: config.requireVerified,
    timeZone: config.timeZone,
  };
}

/** True when at least one rule would keep something. */
export function hasRules(policy: RetentionPolicy): boolean {
  return (
    (policy.keepLast ?? 0) > 0 ||
    (policy.keepWithinMs ?? 0) > 0 ||
    CALENDAR_UNITS.some((unit) => (policy[unit] ?? 0) > 0)
  );
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function localParts(
  date: Date,
  timeZone: string,
): { year: number; month: number; day: number; hour: number } {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        hourCycle: 'h23',
      });
    } catch {
      throw new RetentionRefusedError(`unknown time zone ${JSON.stringify(timeZone)}`, {
        hint: 'use an IANA name such as UTC, Europe/Berlin or America/New_York',
      });
    }
    formatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(date).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The ISO week (`2026-W47`) of a calendar date; the week-year can differ from the calendar year. */
function isoWeek(year: number, month: number, day: number): string {
  const date = new Date(Date.UTC(year, month - 1, day));
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const weekYear = date.getUTCFullYear();
  const week = Math.ceil(((date.getTime() - Date.UTC(weekYear, 0, 1)) / 86_400_000 + 1) / 7);
  return `${weekYear}-W${pad(week)}`;
}

/** The calendar bucket of `date` for `unit`, in `timeZone`: `2026-11-20T14`, `2026-11-20`, `2026-W47`, `2026-11`, `2026`. */
export function calendarBucket(date: Date, unit: CalendarUnit, timeZone: string): string {
  const { year, month, day, hour } = localParts(date, timeZone);
  switch (unit) {
    case 'hourly':
      return `${year}-${pad(month)}-${pad(day)}T${pad(hour)}`;
    case 'daily':
      return `${year}-${pad(month)}-${pad(day)}`;
    case 'weekly':
      return isoWeek(year, month, day);
    case 'monthly':
      return `${year}-${pad(month)}`;
    case 'yearly':
      return String(year);
  }
}

function newestFirst(a: RetentionCandidate, b: RetentionCandidate): number {
  return (
    b.finishedAt.getTime() - a.finishedAt.getTime() ||
    b.startedAt.getTime() - a.startedAt.getTime() ||
    (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)
  );
}

/** Plans one group; `reasons` receives every reason of every backup of the group. */
function planGroup(
  group: RetentionCandidate[],
  policy: RetentionPolicy,
  now: Date,
  timeZone: string,
  reasons: Map<string, string[]>,
  warnings: string[],
): void {
  const add = (c: RetentionCandidate, reason: string) => reasons.get(c.id)!.push(reason);
  const sorted = [...group].sort(newestFirst);
  for (const c of sorted) reasons.set(c.id, []);

  const future = sorted.filter((c) => c.finishedAt.getTime() > now.getTime());
  for (const c of future) {
    add(c, 'keep: dated in the future (clock skew)');
    warnings.push(
      `${c.id} finished at ${c.finishedAt.toISOString()}, after now (${now.toISOString()}): check the clocks; kept`,
    );
  }
  const present = sorted.filter((c) => c.finishedAt.getTime() <= now.getTime());
  const newestVerified = present.find((c) => c.verified);
  const counted = present.filter((c) => !policy.requireVerified || c.verified);
  if (policy.requireVerified) {
    for (const c of present.filter((p) => !p.verified)) {
      // Removing last night's backup because nobody verified it yet would be the wrong kind of safe.
      if (!newestVerified || c.finishedAt > newestVerified.finishedAt)
        add(c, 'keep: awaiting verification (--require-verified)');
    }
  }

  const newest = present[0];
  if (newest) add(newest, 'keep: newest complete backup');

  for (const [i, c] of counted.slice(0, policy.keepLast ?? 0).entries())
    add(c, `keep: last ${i + 1}/${policy.keepLast}`);
  if (policy.keepWithinMs !== undefined) {
    for (const c of counted) {
      if (now.getTime() - c.finishedAt.getTime() <= policy.keepWithinMs)
        add(c, `keep: within ${policy.keepWithinText ?? `${policy.keepWithinMs}ms`}`);
    }
  }
  for (const unit of CALENDAR_UNITS) {
    const limit = policy[unit] ?? 0;
    const taken = new Set<string>();
    for (const c of counted) {
      if (taken.size >= limit) break;
      const bucket = calendarBucket(c.finishedAt, unit, timeZone);
      if (taken.has(bucket)) continue;
      taken.add(bucket);
      add(c, `keep: ${unit} ${bucket}`);
    }
  }
  for (const c of present) {
    const r = reasons.get(c.id)!;
    if (r.length === 0)
      r.push(
        policy.requireVerified && !c.verified
          ? 'remove: unverified (--require-verified)'
          : 'remove: outside every rule',
      );
  }
}

/** Plans retention for every group of `candidates` at `now`; throws RetentionRefusedError for a policy with no rules. */
export function planRetention(
  candidates: RetentionCandidate[],
  policy: RetentionPolicy,
  now: Date,
  timeZone: string = policy.timeZone,
): RetentionPlan {
  if (!hasRules(policy)) {
    throw new RetentionRefusedError(
      'no retention rule configured: a plan would keep only the newest backup of each database',
      {
        hint: 'set at least one of --keep-last, --keep-within, --keep-daily/weekly/monthly/yearly (or BACKUP_KEEP_* / BACKUP_RETENTION_DAYS)',
      },
    );
  }
  const reasons = new Map<string, string[]>();
  const warnings: string[] = [];
  const groups = new Map<string, RetentionCandidate[]>();
  for (const c of candidates) groups.set(c.group, [...(groups.get(c.group) ?? []), c]);
  for (const group of [...groups.keys()].sort())
    planGroup(groups.get(group)!, policy, now, timeZone, reasons, warnings);

  const keep: RetentionDecision[] = [];
  const remove: RetentionDecision[] = [];
  for (const c of [...candidates].sort(newestFirst)) {
    const r = reasons.get(c.id)!;
    const decision = {
      id: c.id,
      group: c.group,
      kind: c.kind,
      finishedAt: c.finishedAt.toISOString(),
      reasons: r,
    };
    (r.some((reason) => reason.startsWith('keep:')) ? keep : remove).push(decision);
  }
  return {
    keep,
    remove,
    reasons: Object.fromEntries(reasons),
    pinned: keep.filter((d) => d.kind === 'base').map((d) => d.id),
    warnings,
  };
}
