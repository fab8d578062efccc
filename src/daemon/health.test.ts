import { describe, expect, it } from 'vitest';
import { healthVerdict } from './health.ts';

const now = new Date('2026-11-22T12:00:00Z');
const base = {
  now,
  rpoMinutes: 60,
  newestBackups: [{ database: 'app', finishedAt: '2026-11-22T11:30:00Z' }],
  lastJob: null,
  storageReachable: true,
  startedAt: new Date('2026-11-20T00:00:00Z'),
};

describe('healthVerdict: the WAL archive', () => {
  it.each([
    ['no WAL archiving', undefined, []],
    ['lag within the RPO', { archiveLagSeconds: 3599, gaps: [] }, []],
    ['lag exactly the RPO', { archiveLagSeconds: 3600, gaps: [] }, []],
    ['no segment yet', { archiveLagSeconds: null, gaps: [] }, []],
    [
      'lag past the RPO',
      { archiveLagSeconds: 3700, gaps: [] },
      ['WAL archive: newest segment archived 62 min ago (RPO 60 min)'],
    ],
    [
      'a gap',
      { archiveLagSeconds: 5, gaps: ['000000010000000000000004', '000000010000000000000005'] },
      ['WAL archive: 2 missing segment(s), first 000000010000000000000004 (db-backup wal verify)'],
    ],
  ] as const)('%s', (_name, wal, reasons) => {
    const verdict = healthVerdict({ ...base, ...(wal ? { wal: { ...wal, gaps: [...wal.gaps] } } : {}) });
    expect(verdict.reasons).toEqual(reasons);
    expect(verdict.healthy).toBe(reasons.length === 0);
  });
});
