import { describe, expect, it } from 'vitest';
import { RetentionRefusedError } from '../errors.ts';
import { calendarBucket, planRetention, type RetentionCandidate, type RetentionPolicy } from './policy.ts';

const policy = (rules: Partial<RetentionPolicy>): RetentionPolicy => ({
  requireVerified: false,
  timeZone: 'UTC',
  ...rules,
});

let seq = 0;
function backup(finishedAt: string, extra: Partial<RetentionCandidate> = {}): RetentionCandidate {
  seq++;
  const at = new Date(finishedAt);
  return {
    id: `b${String(seq).padStart(4, '0')}`,
    group: 'app',
    kind: 'logical',
    finishedAt: at,
    startedAt: new Date(at.getTime() - 60_000),
    verified: true,
    ...extra,
  };
}

/** One backup a day at 02:00 UTC for `days` days ending on `end`. */
function daily(end: string, days: number, extra: Partial<RetentionCandidate> = {}): RetentionCandidate[] {
  const last = new Date(end).getTime();
  return Array.from({ length: days }, (_, i) => backup(new Date(last - i * 86_400_000).toISOString(), extra));
}

const keptIds = (plan: ReturnType<typeof planRetention>) => plan.keep.map((d) => d.id).sort();
const reasonOf = (plan: ReturnType<typeof planRetention>, id: string) => plan.reasons[id];

describe('calendarBucket', () => {
  it.each([
    ['2026-11-20T14:30:00Z', 'hourly', 'UTC', '2026-11-20T14'],
    ['2026-11-20T23:30:00Z', 'daily', 'UTC', '2026-11-20'],
    ['2026-11-20T23:30:00Z', 'daily', 'Europe/Berlin', '2026-11-21'],
    ['2026-11-21T03:30:00Z', 'daily', 'America/New_York', '2026-11-20'],
    ['2026-12-31T12:00:00Z', 'weekly', 'UTC', '2026-W53'],
    ['2027-01-01T12:00:00Z', 'weekly', 'UTC', '2026-W53'],
    ['2027-01-04T12:00:00Z', 'weekly', 'UTC', '2027-W01'],
    ['2024-12-30T12:00:00Z', 'weekly', 'UTC', '2025-W01'],
    ['2026-01-31T23:30:00Z', 'monthly', 'UTC', '2026-01'],
    ['2026-01-31T23:30:00Z', 'monthly', 'Asia/Tokyo', '2026-02'],
    ['2026-12-31T23:30:00Z', 'yearly', 'UTC', '2026'],
    ['2026-12-31T23:30:00Z', 'yearly', 'Europe/Berlin', '2027'],
  ] as const)('%s %s in %s is %s', (at, unit, tz, expected) => {
    expect(calendarBucket(new Date(at), unit, tz)).toBe(expected);
  });

  it('DST fall-back: the repeated 01:xx hour in New York is one local hour bucket', () => {
    // 2026-11-01 01:30 EDT = 05:30Z and 01:30 EST = 06:30Z.
    expect(calendarBucket(new Date('2026-11-01T05:30:00Z'), 'hourly', 'America/New_York')).toBe(
      '2026-11-01T01',
    );
    expect(calendarBucket(new Date('2026-11-01T06:30:00Z'), 'hourly', 'America/New_York')).toBe(
      '2026-11-01T01',
    );
  });

  it('DST spring-forward: 23-hour days still map each instant to its local date', () => {
    expect(calendarBucket(new Date('2026-03-08T06:59:00Z'), 'daily', 'America/New_York')).toBe('2026-03-08');
    expect(calendarBucket(new Date('2026-03-08T04:59:00Z'), 'daily', 'America/New_York')).toBe('2026-03-07');
    expect(calendarBucket(new Date('2026-03-29T00:59:00Z'), 'hourly', 'Europe/Berlin')).toBe('2026-03-29T01');
    expect(calendarBucket(new Date('2026-03-29T01:00:00Z'), 'hourly', 'Europe/Berlin')).toBe('2026-03-29T03');
  });
});

describe('planRetention', () => {
  const now = new Date('2026-11-22T12:00:00Z');

  it('refuses a policy without rules instead of removing everything', () => {
    expect(() => planRetention(daily('2026-11-22T02:00:00Z', 3), policy({}), now)).toThrow(
      RetentionRefusedError,
    );
  });

  it('keep-last keeps the N newest', () => {
    const history = daily('2026-11-22T02:00:00Z', 10);
    const plan = planRetention(history, policy({ keepLast: 3 }), now);
    expect(keptIds(plan)).toEqual(
      history
        .slice(0, 3)
        .map((b) => b.id)
        .sort(),
    );
    expect(reasonOf(plan, history[0]!.id)).toEqual(['keep: newest complete backup', 'keep: last 1/3']);
    expect(reasonOf(plan, history[9]!.id)).toEqual(['remove: outside every rule']);
  });

  it('keep-within keeps everything younger than the duration', () => {
    const history = daily('2026-11-22T02:00:00Z', 10);
    const plan = planRetention(
      history,
      policy({ keepWithinMs: 3 * 86_400_000 + 1, keepWithinText: '3d' }),
      now,
    );
    expect(plan.keep).toHaveLength(3);
    expect(reasonOf(plan, history[2]!.id)).toContain('keep: within 3d');
  });

  it('keep-daily keeps the newest backup of each of the last N days', () => {
    const history = [
      backup('2026-11-22T10:00:00Z'),
      backup('2026-11-22T02:00:00Z'),
      backup('2026-11-21T22:00:00Z'),
      backup('2026-11-21T02:00:00Z'),
      backup('2026-11-20T02:00:00Z'),
    ];
    const plan = planRetention(history, policy({ daily: 2 }), now);
    expect(keptIds(plan)).toEqual([history[0]!.id, history[2]!.id].sort());
    expect(reasonOf(plan, history[2]!.id)).toEqual(['keep: daily 2026-11-21']);
    expect(reasonOf(plan, history[4]!.id)).toEqual(['remove: outside every rule']);
  });

  it('keep-daily in a time zone follows local days', () => {
    // 23:30Z on the 21st is already the 22nd in Berlin, so it shares a bucket with the 10:00Z backup.
    const history = [
      backup('2026-11-22T10:00:00Z'),
      backup('2026-11-21T23:30:00Z'),
      backup('2026-11-21T12:00:00Z'),
    ];
    const utc = planRetention(history, policy({ daily: 2 }), now);
    const berlin = planRetention(history, policy({ daily: 2, timeZone: 'Europe/Berlin' }), now);
    expect(keptIds(utc)).toEqual([history[0]!.id, history[1]!.id].sort());
    expect(keptIds(berlin)).toEqual([history[0]!.id, history[2]!.id].sort());
  });

  it('keep-hourly across the New York fall-back keeps one backup for the repeated hour', () => {
    const history = [
      backup('2026-11-01T06:30:00Z'),
      backup('2026-11-01T05:30:00Z'),
      backup('2026-11-01T04:30:00Z'),
    ];
    const plan = planRetention(
      history,
      policy({ hourly: 5, timeZone: 'America/New_York' }),
      new Date('2026-11-01T07:00:00Z'),
    );
    expect(keptIds(plan)).toEqual([history[0]!.id, history[2]!.id].sort());
    expect(reasonOf(plan, history[2]!.id)).toEqual(['keep: hourly 2026-11-01T00']);
  });

  it('keep-weekly uses ISO weeks, across a year boundary', () => {
    const history = [
      backup('2027-01-05T02:00:00Z'), // 2027-W01
      backup('2027-01-02T02:00:00Z'), // 2026-W53
      backup('2026-12-29T02:00:00Z'), // 2026-W53
      backup('2026-12-27T02:00:00Z'), // 2026-W52
    ];
    const plan = planRetention(history, policy({ weekly: 3 }), new Date('2027-01-06T00:00:00Z'));
    expect(keptIds(plan)).toEqual([history[0]!.id, history[1]!.id, history[3]!.id].sort());
    expect(reasonOf(plan, history[1]!.id)).toEqual(['keep: weekly 2026-W53']);
  });

  it('keep-monthly and keep-yearly take the newest of each month and year', () => {
    const history = [
      backup('2026-11-15T02:00:00Z'),
      backup('2026-11-01T02:00:00Z'),
      backup('2026-10-31T23:59:00Z'),
      backup('2026-01-31T02:00:00Z'),
      backup('2025-12-31T23:00:00Z'),
      backup('2025-06-01T02:00:00Z'),
      backup('2024-02-29T02:00:00Z'),
    ];
    const plan = planRetention(history, policy({ monthly: 2, yearly: 3 }), now);
    expect(reasonOf(plan, history[0]!.id)).toEqual([
      'keep: newest complete backup',
      'keep: monthly 2026-11',
      'keep: yearly 2026',
    ]);
    expect(reasonOf(plan, history[2]!.id)).toEqual(['keep: monthly 2026-10']);
    expect(reasonOf(plan, history[4]!.id)).toEqual(['keep: yearly 2025']);
    expect(reasonOf(plan, history[6]!.id)).toEqual(['keep: yearly 2024']);
    expect(plan.remove.map((d) => d.id).sort()).toEqual(
      [history[1]!.id, history[3]!.id, history[5]!.id].sort(),
    );
  });

  it('rules combine: a backup any rule selects is kept', () => {
    const history = daily('2026-11-22T02:00:00Z', 40);
    const plan = planRetention(history, policy({ keepLast: 2, daily: 7, weekly: 4, monthly: 2 }), now);
    for (const d of plan.keep) expect(d.reasons.every((r) => r.startsWith('keep:'))).toBe(true);
    expect(plan.keep.length).toBeGreaterThanOrEqual(7);
    expect(plan.keep.length).toBeLessThanOrEqual(13);
  });

  it('groups are planned independently; the newest of each group is kept', () => {
    const app = daily('2026-11-22T02:00:00Z', 3);
    const crm = daily('2026-10-01T02:00:00Z', 3, { group: 'crm' });
    const plan = planRetention([...app, ...crm], policy({ keepWithinMs: 86_400_000 }), now);
    expect(reasonOf(plan, crm[0]!.id)).toEqual(['keep: newest complete backup']);
    expect(plan.remove.map((d) => d.id)).toContain(crm[1]!.id);
  });

  it('orders by recorded time, never by id', () => {
    const older = backup('2026-11-20T02:00:00Z', { id: 'zzz-sorts-last-by-name' });
    const newer = backup('2026-11-21T02:00:00Z', { id: 'aaa-sorts-first-by-name' });
    const plan = planRetention([older, newer], policy({ keepLast: 1 }), now);
    expect(keptIds(plan)).toEqual(['aaa-sorts-first-by-name']);
  });

  it('keeps and reports a backup dated in the future, without counting it', () => {
    const future = backup('2026-11-23T02:00:00Z');
    const history = [future, ...daily('2026-11-22T02:00:00Z', 3)];
    const plan = planRetention(history, policy({ keepLast: 1 }), now);
    expect(reasonOf(plan, future.id)).toEqual(['keep: dated in the future (clock skew)']);
    expect(plan.warnings[0]).toMatch(/after now/);
    expect(reasonOf(plan, history[1]!.id)).toContain('keep: last 1/1');
  });

  it('with requireVerified, unverified backups do not count; newer ones await verification, older ones go', () => {
    const history = [
      backup('2026-11-22T02:00:00Z', { verified: false }),
      backup('2026-11-21T02:00:00Z', { verified: true }),
      backup('2026-11-20T02:00:00Z', { verified: false }),
      backup('2026-11-19T02:00:00Z', { verified: true }),
    ];
    const plan = planRetention(history, policy({ keepLast: 2, requireVerified: true }), now);
    expect(reasonOf(plan, history[0]!.id)).toEqual([
      'keep: awaiting verification (--require-verified)',
      'keep: newest complete backup',
    ]);
    expect(reasonOf(plan, history[1]!.id)).toEqual(['keep: last 1/2']);
    expect(reasonOf(plan, history[2]!.id)).toEqual(['remove: unverified (--require-verified)']);
    expect(reasonOf(plan, history[3]!.id)).toEqual(['keep: last 2/2']);
  });

  it('pins kept base backups for WAL retention', () => {
    const history = [
      backup('2026-11-22T02:00:00Z', { kind: 'base' }),
      backup('2026-11-21T02:00:00Z', { kind: 'base' }),
    ];
    const plan = planRetention(history, policy({ keepLast: 1 }), now);
    expect(plan.pinned).toEqual([history[0]!.id]);
  });
});
