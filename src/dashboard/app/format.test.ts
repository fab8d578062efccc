import { describe, expect, it } from 'vitest';
import {
  drillSubject,
  drillVerdict,
  formatBytes,
  formatDuration,
  formatMinutes,
  formatTime,
  jobKindLabel,
  lastDrillPerDatabase,
  rpoLight,
  sortBackups,
} from './format.ts';
import type { BackupRow, DrillReport } from './types.ts';

describe('units', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1.0 KiB'],
    [1536 * 1024, '1.5 MiB'],
    [5 * 1024 ** 3, '5.0 GiB'],
  ])('formatBytes(%d) = %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text));

  it.each([
    [850, '850 ms'],
    [12_340, '12.3 s'],
    [245_000, '4 min 5 s'],
    [3_720_000, '1 h 2 min'],
  ])('formatDuration(%d) = %s', (ms, text) => expect(formatDuration(ms)).toBe(text));

  it.each([
    [0.02, '1 s'],
    [0.5, '30 s'],
    [45, '45 min'],
    [12.34, '12.3 min'],
    [210, '3.5 h'],
    [2880, '2.0 d'],
  ])('formatMinutes(%d) = %s', (minutes, text) => expect(formatMinutes(minutes)).toBe(text));

  it('formatTime shows UTC minutes, and a dash for nothing', () => {
    expect(formatTime('2026-11-23T08:20:31.123Z')).toBe('2026-11-23 08:20 UTC');
    expect(formatTime(null)).toBe('—');
  });
});

describe('rpoLight', () => {
  it.each([
    [{ ageMinutes: 10, rpoMinutes: 60, state: 'ok' }, 'green', 'Within RPO'],
    [{ ageMinutes: 45, rpoMinutes: 60, state: 'ok' }, 'green', 'Within RPO'],
    [{ ageMinutes: 46, rpoMinutes: 60, state: 'ok' }, 'amber', 'Near RPO'],
    [{ ageMinutes: 60, rpoMinutes: 60, state: 'ok' }, 'amber', 'Near RPO'],
    [{ ageMinutes: 61, rpoMinutes: 60, state: 'stale' }, 'red', 'RPO breached'],
    [{ ageMinutes: 1, rpoMinutes: 60, state: 'failing' }, 'red', 'Last backup failed'],
  ] as const)('%o → %s', (db, light, label) => expect(rpoLight(db)).toEqual({ light, label }));

  it('drill verdicts: success green, non-compliant amber, failure red', () => {
    expect(drillVerdict('success').light).toBe('green');
    expect(drillVerdict('non_compliant').light).toBe('amber');
    expect(drillVerdict('failure').light).toBe('red');
  });
});

const row = (id: string, database: string, finishedAt: string, storedBytes: number): BackupRow => ({
  id,
  databases: [database],
  kind: 'logical',
  finishedAt,
  ageMinutes: 0,
  storedBytes,
  rawBytes: storedBytes * 3,
  compressionRatio: 3,
  durationMs: 1000,
  verification: 'unverified',
  verifiedAt: null,
});

describe('sortBackups', () => {
  const rows = [
    row('a', 'shop', '2026-01-01T00:00:00Z', 300),
    row('b', 'crm', '2026-01-02T00:00:00Z', 100),
    row('c', 'shop', '2026-01-03T00:00:00Z', 200),
  ];
  it.each([
    ['finishedAt', 'descending', '', 'c,b,a'],
    ['finishedAt', 'ascending', '', 'a,b,c'],
    ['storedBytes', 'ascending', '', 'b,c,a'],
    ['database', 'ascending', '', 'b,c,a'],
    ['finishedAt', 'descending', 'shop', 'c,a'],
    ['finishedAt', 'descending', 'none', ''],
  ] as const)('by %s %s, database %o → %s', (key, direction, database, ids) => {
    expect(
      sortBackups(rows, key, direction, database)
        .map((r) => r.id)
        .join(','),
    ).toBe(ids);
  });
  it('does not reorder its input', () => {
    sortBackups(rows, 'storedBytes', 'ascending');
    expect(rows.map((r) => r.id).join(',')).toBe('a,b,c');
  });
});

it('lastDrillPerDatabase keeps the newest report of each database, by name', () => {
  const drill = (id: string, database: string | null, at: string) =>
    ({ drill_id: id, database, drill_timestamp: at }) as DrillReport;
  const last = lastDrillPerDatabase([
    drill('1', 'shop', '2026-01-02T00:00:00Z'),
    drill('2', 'shop', '2026-01-03T00:00:00Z'),
    drill('3', 'crm', '2026-01-01T00:00:00Z'),
    drill('4', 'shop', '2026-01-01T00:00:00Z'),
  ]);
  expect(last.map((r) => r.drill_id)).toEqual(['3', '2']);
});

it('point-in-time drills are their own rows, and job kinds read as words', () => {
  const drill = (id: string, database: string | null, at: string, pitr = false) =>
    ({
      drill_id: id,
      database,
      drill_timestamp: at,
      pitr: pitr ? { target: 'latest' } : undefined,
    }) as DrillReport;
  const last = lastDrillPerDatabase([
    drill('1', 'shop', '2026-01-02T00:00:00Z'),
    drill('2', null, '2026-01-03T00:00:00Z', true),
    drill('3', 'shop', '2026-01-04T00:00:00Z', true),
  ]);
  expect(last.map((r) => [r.drill_id, drillSubject(r)])).toEqual([
    ['2', 'all databases (point in time)'],
    ['1', 'shop'],
    ['3', 'shop (point in time)'],
  ]);
  expect(jobKindLabel('pitr-drill')).toBe('point-in-time drill');
  expect(jobKindLabel('backup')).toBe('backup');
});
