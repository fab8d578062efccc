import { describe, expect, it } from 'vitest';
import { RetentionRefusedError } from '../errors.ts';
import {
  calendarBucket,
  planRetention,
  policyFromConfig,
  type RetentionCandidate,
  type RetentionPolicy,
} from './policy.ts';

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

describe('planRetention edges', () => {
  const now = new Date('2026-11-22T12:00:00Z');

  it('a policy without rules is refused with a message and a hint naming the rules', () => {
    let error: RetentionRefusedError | undefined;
    try {
      planRetention(daily('2026-11-22T02:00:00Z', 2), policy({ keepLast: 0 }), now);
    } catch (e) {
      error = e as RetentionRefusedError;
    }
    expect(error).toBeInstanceOf(RetentionRefusedError);
    expect(error?.message).toBe(
      'no retention rule configured: a plan would keep only the newest backup of each database',
    );
    expect(error?.hint).toMatch(/--keep-last, --keep-within, --keep-daily.*BACKUP_RETENTION_DAYS/);
  });

  it('an unknown time zone is refused with a hint', () => {
    let error: RetentionRefusedError | undefined;
    try {
      planRetention(daily('2026-11-22T02:00:00Z', 2), policy({ daily: 1, timeZone: 'Mars/Olympus' }), now);
    } catch (e) {
      error = e as RetentionRefusedError;
    }
    expect(error).toBeInstanceOf(RetentionRefusedError);
    expect(error?.message).toBe('unknown time zone "Mars/Olympus"');
    expect(error?.hint).toMatch(/IANA name such as UTC/);
  });

  it('ties on finish time go to the later start, then to the larger id', () => {
    const finished = '2026-11-22T02:00:00Z';
    const early = backup(finished, { startedAt: new Date('2026-11-22T01:00:00Z') });
    const late = backup(finished, { startedAt: new Date('2026-11-22T01:30:00Z') });
    expect(reasonOf(planRetention([late, early], policy({ keepLast: 1 }), now), late.id)).toContain(
      'keep: newest complete backup',
    );
    expect(reasonOf(planRetention([early, late], policy({ keepLast: 1 }), now), late.id)).toContain(
      'keep: newest complete backup',
    );
    const start = new Date('2026-11-22T01:00:00Z');
    const a = backup(finished, { id: 'id-a', startedAt: start });
    const b = backup(finished, { id: 'id-b', startedAt: start });
    for (const order of [
      [a, b],
      [b, a],
    ]) {
      const plan = planRetention(order, policy({ keepLast: 1 }), now);
      expect(keptIds(plan)).toEqual(['id-b']);
      expect(plan.remove.map((d) => d.id)).toEqual(['id-a']);
    }
  });

  it('a long backup that started first but finished last is the newest', () => {
    const long = backup('2026-11-22T03:00:00Z', { startedAt: new Date('2026-11-22T00:00:00Z') });
    const short = backup('2026-11-22T02:00:00Z', { startedAt: new Date('2026-11-22T01:59:00Z') });
    const plan = planRetention([short, long], policy({ keepLast: 1 }), now);
    expect(keptIds(plan)).toEqual([long.id]);
  });

  it('the plan lists decisions newest first whatever the input order', () => {
    const history = daily('2026-11-22T02:00:00Z', 4);
    const plan = planRetention([...history].reverse(), policy({ keepLast: 2 }), now);
    expect(plan.keep.map((d) => d.id)).toEqual([history[0]!.id, history[1]!.id]);
    expect(plan.remove.map((d) => d.id)).toEqual([history[2]!.id, history[3]!.id]);
    expect(plan.keep[0]).toEqual({
      id: history[0]!.id,
      group: 'app',
      kind: 'logical',
      finishedAt: '2026-11-22T02:00:00.000Z',
      reasons: ['keep: newest complete backup', 'keep: last 1/2'],
    });
  });

  it('a backup finished exactly now is not in the future', () => {
    const exact = backup(now.toISOString());
    const plan = planRetention([exact], policy({ keepLast: 1 }), now);
    expect(plan.warnings).toEqual([]);
    expect(reasonOf(plan, exact.id)).toEqual(['keep: newest complete backup', 'keep: last 1/1']);
  });

  it('warnings come group by group in name order', () => {
    const later = new Date(now.getTime() + 3_600_000).toISOString();
    const plan = planRetention(
      [backup(later, { group: 'zeta', id: 'z1' }), backup(later, { group: 'alpha', id: 'a1' })],
      policy({ keepLast: 1 }),
      now,
    );
    expect(plan.warnings.map((w) => w.split(' ')[0])).toEqual(['a1', 'z1']);
    expect(plan.warnings[0]).toBe(
      `a1 finished at ${later}, after now (${now.toISOString()}): check the clocks; kept`,
    );
  });

  it('keep-within includes a backup exactly as old as the duration; reasons quote the text or the milliseconds', () => {
    const edge = backup(new Date(now.getTime() - 86_400_000).toISOString());
    const older = backup(new Date(now.getTime() - 86_400_001).toISOString());
    const newest = backup('2026-11-22T11:00:00Z');
    const withText = planRetention(
      [newest, edge, older],
      policy({ keepWithinMs: 86_400_000, keepWithinText: '1d' }),
      now,
    );
    expect(reasonOf(withText, edge.id)).toEqual(['keep: within 1d']);
    expect(reasonOf(withText, older.id)).toEqual(['remove: outside every rule']);
    const withoutText = planRetention([newest, edge], policy({ keepWithinMs: 86_400_000 }), now);
    expect(reasonOf(withoutText, edge.id)).toEqual(['keep: within 86400000ms']);
  });

  it('with requireVerified, an unverified backup finished at the same time as the newest verified one is removed', () => {
    const at = '2026-11-22T02:00:00Z';
    const verified = backup(at, { id: 'v', verified: true, startedAt: new Date('2026-11-22T01:00:00Z') });
    const unverified = backup(at, { id: 'u', verified: false, startedAt: new Date('2026-11-22T00:00:00Z') });
    const plan = planRetention([verified, unverified], policy({ keepLast: 1, requireVerified: true }), now);
    expect(reasonOf(plan, 'u')).toEqual(['remove: unverified (--require-verified)']);
  });

  it('removal reasons say "unverified" only under requireVerified', () => {
    const history = daily('2026-11-22T02:00:00Z', 3, { verified: false });
    expect(reasonOf(planRetention(history, policy({ keepLast: 1 }), now), history[2]!.id)).toEqual([
      'remove: outside every rule',
    ]);
    const verified = daily('2026-11-22T02:00:00Z', 3, { verified: true });
    expect(
      reasonOf(planRetention(verified, policy({ keepLast: 1, requireVerified: true }), now), verified[2]!.id),
    ).toEqual(['remove: outside every rule']);
  });

  it('only kept base backups are pinned', () => {
    const base = backup('2026-11-22T02:00:00Z', { kind: 'base' });
    const logical = backup('2026-11-22T01:00:00Z', { kind: 'logical' });
    const oldBase = backup('2026-11-20T01:00:00Z', { kind: 'base' });
    const plan = planRetention([base, logical, oldBase], policy({ keepLast: 2 }), now);
    expect(plan.pinned).toEqual([base.id]);
  });
});

describe('policyFromConfig', () => {
  const config = {
    requireVerified: true,
    timeZone: 'Europe/Berlin',
    incompleteGrace: '24h',
  };

  it('maps every rule of the config and parses keep-within', () => {
    expect(
      policyFromConfig({
        ...config,
        keepLast: 2,
        keepWithin: '30d',
        keepHourly: 1,
        keepDaily: 3,
        keepWeekly: 4,
        keepMonthly: 5,
        keepYearly: 6,
      }),
    ).toEqual({
      keepLast: 2,
      keepWithinMs: 30 * 86_400_000,
      keepWithinText: '30d',
      hourly: 1,
      daily: 3,
      weekly: 4,
      monthly: 5,
      yearly: 6,
      requireVerified: true,
      timeZone: 'Europe/Berlin',
    });
  });

  it('without keep-within there is no duration; a bad one is refused', () => {
    expect(policyFromConfig({ ...config, keepDaily: 1 })).toMatchObject({
      keepWithinMs: undefined,
      keepWithinText: undefined,
    });
    expect(() => policyFromConfig({ ...config, keepWithin: 'soon' })).toThrow(RetentionRefusedError);
  });
});
