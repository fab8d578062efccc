import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CALENDAR_UNITS,
  calendarBucket,
  planRetention,
  type RetentionCandidate,
  type RetentionPolicy,
} from './policy.ts';

const NOW = new Date('2026-11-22T12:00:00Z').getTime();
const YEAR = 366 * 86_400_000;

const candidateArb = fc.record({
  offsetMs: fc.integer({ min: -2 * 86_400_000, max: 3 * YEAR }),
  group: fc.constantFrom('app', 'crm', '*all*'),
  kind: fc.constantFrom('logical' as const, 'base' as const),
  verified: fc.boolean(),
});

const historyArb = fc.array(candidateArb, { maxLength: 60 }).map((items) =>
  items.map(
    (c, i): RetentionCandidate => ({
      id: `id${String(i).padStart(3, '0')}`,
      group: c.group,
      kind: c.kind,
      finishedAt: new Date(NOW - c.offsetMs),
      startedAt: new Date(NOW - c.offsetMs - 1000),
      verified: c.verified,
    }),
  ),
);

const RULES = ['keepLast', 'keepWithinDays', 'hourly', 'daily', 'weekly', 'monthly', 'yearly'] as const;
type Rule = (typeof RULES)[number];

/**
 * Policies as users write them: mostly one rule alone or two or three together, sometimes any mix. With every rule
 * on at once, one rule's bug hides behind the others (a backup keep-last drops is still kept as a daily).
 */
const rulesArb: fc.Arbitrary<Rule[]> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...RULES).map((rule) => [rule]) },
  { weight: 2, arbitrary: fc.subarray([...RULES], { minLength: 2, maxLength: 3 }) },
  { weight: 1, arbitrary: fc.subarray([...RULES], { minLength: 1 }) },
);

const policyArb = fc
  .record({
    rules: rulesArb,
    keepLast: fc.integer({ min: 1, max: 10 }),
    keepWithinDays: fc.integer({ min: 1, max: 90 }),
    hourly: fc.integer({ min: 1, max: 48 }),
    daily: fc.integer({ min: 1, max: 30 }),
    weekly: fc.integer({ min: 1, max: 12 }),
    monthly: fc.integer({ min: 1, max: 24 }),
    yearly: fc.integer({ min: 1, max: 5 }),
    requireVerified: fc.boolean(),
    timeZone: fc.constantFrom(
      'UTC',
      'Europe/Berlin',
      'America/New_York',
      'Australia/Lord_Howe',
      'Asia/Kolkata',
    ),
  })
  .map((p): RetentionPolicy => {
    const on = (rule: Rule) => (p.rules.includes(rule) ? p[rule] : undefined);
    const days = on('keepWithinDays');
    return {
      keepLast: on('keepLast'),
      keepWithinMs: days === undefined ? undefined : days * 86_400_000,
      keepWithinText: days === undefined ? undefined : `${days}d`,
      hourly: on('hourly'),
      daily: on('daily'),
      weekly: on('weekly'),
      monthly: on('monthly'),
      yearly: on('yearly'),
      requireVerified: p.requireVerified,
      timeZone: p.timeZone,
    };
  });

const now = new Date(NOW);
const byNewest = (a: RetentionCandidate, b: RetentionCandidate) =>
  b.finishedAt.getTime() - a.finishedAt.getTime() ||
  b.startedAt.getTime() - a.startedAt.getTime() ||
  (a.id < b.id ? 1 : -1);

/** An independent model of the policy: the ids it keeps, with the keep-last reason of each (restic's semantics). */
function oracle(
  history: RetentionCandidate[],
  policy: RetentionPolicy,
): { kept: Set<string>; last: Map<string, string> } {
  const kept = new Set<string>();
  const last = new Map<string, string>();
  for (const group of new Set(history.map((c) => c.group))) {
    const mine = history.filter((c) => c.group === group);
    for (const c of mine) if (c.finishedAt > now) kept.add(c.id);
    const present = mine.filter((c) => c.finishedAt <= now).sort(byNewest);
    if (present[0]) kept.add(present[0].id);
    const newestVerified = present.find((c) => c.verified);
    if (policy.requireVerified) {
      for (const c of present)
        if (!c.verified && (!newestVerified || c.finishedAt > newestVerified.finishedAt)) kept.add(c.id);
    }
    const counted = present.filter((c) => !policy.requireVerified || c.verified);
    counted.slice(0, policy.keepLast ?? 0).forEach((c, i) => {
      kept.add(c.id);
      last.set(c.id, `keep: last ${i + 1}/${policy.keepLast}`);
    });
    for (const c of counted) {
      if (policy.keepWithinMs !== undefined && NOW - c.finishedAt.getTime() <= policy.keepWithinMs)
        kept.add(c.id);
    }
    for (const unit of CALENDAR_UNITS) {
      const seen = new Set<string>();
      for (const c of counted) {
        const bucket = calendarBucket(c.finishedAt, unit, policy.timeZone);
        if (seen.has(bucket) || seen.size >= (policy[unit] ?? 0)) continue;
        seen.add(bucket);
        kept.add(c.id);
      }
    }
  }
  return { kept, last };
}

describe('retention properties', () => {
  it('keeps exactly what the rules select, no more and no fewer (an independent model)', () => {
    fc.assert(
      fc.property(historyArb, policyArb, (history, policy) => {
        const plan = planRetention(history, policy, now);
        const expected = oracle(history, policy);
        expect(plan.keep.map((d) => d.id).sort()).toEqual([...expected.kept].sort());
        for (const [id, reason] of expected.last) expect(plan.reasons[id]).toContain(reason);
      }),
      { numRuns: 1000 },
    );
  });

  it('the generator makes single-rule and sparse policies, not only all rules at once', () => {
    const rulesOf = (p: RetentionPolicy) =>
      [p.keepLast, p.keepWithinMs, p.hourly, p.daily, p.weekly, p.monthly, p.yearly].filter(
        (v) => v !== undefined,
      ).length;
    const counts = fc.sample(policyArb, { numRuns: 500, seed: 7 }).map(rulesOf);
    expect(counts.every((n) => n >= 1)).toBe(true);
    expect(counts.filter((n) => n === 1).length).toBeGreaterThan(150);
    expect(counts.filter((n) => n === 7).length).toBeGreaterThan(0);
  });

  it('every backup is either kept or removed, exactly once, with reasons', () => {
    fc.assert(
      fc.property(historyArb, policyArb, (history, policy) => {
        const plan = planRetention(history, policy, now);
        const ids = [...plan.keep, ...plan.remove].map((d) => d.id).sort();
        expect(ids).toEqual(history.map((c) => c.id).sort());
        for (const d of [...plan.keep, ...plan.remove]) expect(d.reasons.length).toBeGreaterThan(0);
      }),
      { numRuns: 1000 },
    );
  });

  it('the newest complete backup of every group is always kept', () => {
    fc.assert(
      fc.property(historyArb, policyArb, (history, policy) => {
        const kept = new Set(planRetention(history, policy, now).keep.map((d) => d.id));
        for (const group of new Set(history.map((c) => c.group))) {
          const newest = history.filter((c) => c.group === group && c.finishedAt <= now).sort(byNewest)[0];
          if (newest) expect(kept.has(newest.id)).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('every backup a rule selects is kept (checked against an independent oracle)', () => {
    fc.assert(
      fc.property(historyArb, policyArb, (history, policy) => {
        const kept = new Set(planRetention(history, policy, now).keep.map((d) => d.id));
        for (const group of new Set(history.map((c) => c.group))) {
          const counted = history
            .filter(
              (c) => c.group === group && c.finishedAt <= now && (!policy.requireVerified || c.verified),
            )
            .sort(byNewest);
          for (const c of counted.slice(0, policy.keepLast ?? 0)) expect(kept.has(c.id)).toBe(true);
          if (policy.keepWithinMs !== undefined) {
            for (const c of counted)
              if (NOW - c.finishedAt.getTime() <= policy.keepWithinMs) expect(kept.has(c.id)).toBe(true);
          }
          for (const unit of CALENDAR_UNITS) {
            const buckets = new Map<string, RetentionCandidate>();
            for (const c of counted) {
              const b = calendarBucket(c.finishedAt, unit, policy.timeZone);
              if (!buckets.has(b)) buckets.set(b, c);
            }
            for (const c of [...buckets.values()].slice(0, policy[unit] ?? 0))
              expect(kept.has(c.id)).toBe(true);
          }
          for (const c of history.filter((h) => h.group === group && h.finishedAt > now))
            expect(kept.has(c.id)).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('pruning twice removes nothing more', () => {
    fc.assert(
      fc.property(historyArb, policyArb, (history, policy) => {
        const first = planRetention(history, policy, now);
        const kept = new Set(first.keep.map((d) => d.id));
        const second = planRetention(
          history.filter((c) => kept.has(c.id)),
          policy,
          now,
        );
        expect(second.remove).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });
});
