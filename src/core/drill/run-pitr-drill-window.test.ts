import { describe, expect, it } from 'vitest';
import { lastCommitInWaldump, objectsOfNewTimelines, randomTargetTime } from './run-pitr-drill-window.ts';

describe('lastCommitInWaldump', () => {
  it.each([
    ['', undefined],
    [
      'rmgr: Transaction len (rec/tot): 34/34, tx: 735, lsn: 0/03000060, prev 0/03000028, desc: COMMIT 2026-11-22 14:05:00.123456 UTC',
      '2026-11-22T14:05:00.123456Z',
    ],
    [
      'desc: COMMIT 2026-11-22 14:05:01.5 UTC\ndesc: ABORT 2026-11-22 14:06:00.000000 UTC\ndesc: COMMIT 2026-11-22 14:05:00.999999 UTC',
      '2026-11-22T14:05:01.500000Z',
    ],
    ['desc: COMMIT 2026-11-22 14:05:02 UTC; inval msgs: catcache 7', '2026-11-22T14:05:02.000000Z'],
  ])('%j → %s', (text, expected) => {
    expect(lastCommitInWaldump(text)).toBe(expected);
  });
});

describe('randomTargetTime', () => {
  const window = { earliest: new Date('2026-01-01T00:00:00Z'), latest: new Date('2026-01-01T00:00:10Z') };
  it.each([
    [0, '2026-01-01T00:00:00.000Z'],
    [0.5, '2026-01-01T00:00:05.000Z'],
    [0.99999999, '2026-01-01T00:00:10.000Z'],
  ])('random %d → %s', (r, expected) => {
    expect(randomTargetTime(window, () => r).toISOString()).toBe(expected);
  });
  it('refuses a window whose newest commit is before the base backup finished', () => {
    expect(() => randomTargetTime({ earliest: window.latest, latest: window.earliest }, () => 0.5)).toThrow(
      /no recoverable window/,
    );
  });
});

describe('objectsOfNewTimelines', () => {
  const key = (name: string) => `wal/7/${name.slice(0, 8)}/${name}.zst`;
  const before = [key('000000010000000000000001'), key('000000010000000000000002')];
  it.each([
    ['nothing new', before, []],
    ['production keeps archiving on its timeline', [...before, key('000000010000000000000003')], []],
    [
      'a promoted copy archived a new timeline',
      [...before, key('00000002.history'), key('000000020000000000000003')],
      [key('00000002.history'), key('000000020000000000000003')],
    ],
  ])('%s', (_label, after, expected) => {
    expect(objectsOfNewTimelines(before, after)).toEqual(expected);
  });
});
