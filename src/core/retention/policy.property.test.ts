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

const policyArb = fc
  .record({
    keepLast: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
    keepWithinDays: fc.option(fc.integer({ min: 1, max: 90 }), { nil: undefined }),
    hourly: fc.option(fc.integer({ min: 1, max: 48 }), { nil: undefined }),
    daily: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
    weekly: fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }),
    monthly: fc.option(fc.integer({ min: 1, max: 24 }), { nil: undefined }),
    yearly: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
    requireVerified: fc.boolean(),
    timeZone: fc.constantFrom(
      'UTC',
      'Europe/Berlin',
      'America/New_York',
      'Australia/Lord_Howe',
      'Asia/Kolkata',
    ),
  })
  .filter((p) =>
    [p.keepLast, p.keepWithinDays, p.hourly, p.daily, p.weekly, p.monthly, p.yearly].some(
      (v) => v !== undefined,
    ),
  )
  .map(
    (p): RetentionPolicy => ({
      keepLast: p.keepLast,
      keepWithinMs: p.keepWithinDays === undefined ? undefined : p.keepWithinDays * 86_400_000,
      hourly: p.hourly,
      daily: p.daily,
      weekly: p.weekly,
      monthly: p.monthly,
      yearly: p.yearly,
      requireVerified: p.requireVerified,
      timeZone: p.timeZone,
    }),
  );

const now = new Date(NOW);
const byNewest = (a: RetentionCandidate, b: RetentionCandidate) =>
  b.finishedAt.getTime() - a.finishedAt.getTime() ||
  b.startedAt.getTime() - a.startedAt.getTime() ||
  (a.id < b.id ? 1 : -1);

describe('retention properties', () => {
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
