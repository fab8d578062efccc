import { describe, expect, it } from 'vitest';
import { planWalRetention } from './wal-retention.ts';

const MB16 = 16 * 1024 * 1024;
const files = [
  '00000001.history',
  '000000010000000000000001',
  '000000010000000000000002',
  '000000010000000000000002.00000028.backup',
  '000000010000000000000003',
  '000000010000000000000004.partial',
  '00000002.history',
  '000000020000000000000004',
  '000000020000000000000005',
];

describe('planWalRetention', () => {
  it.each([
    ['no kept base backup: nothing goes', [], null, []],
    [
      'the oldest kept start bounds every timeline',
      ['000000010000000000000003', '000000020000000000000005'],
      '000000010000000000000003',
      ['000000010000000000000001', '000000010000000000000002', '000000010000000000000002.00000028.backup'],
    ],
    [
      'a start on a later timeline removes older segments of earlier timelines, never history files',
      ['000000020000000000000005'],
      '000000020000000000000005',
      [
        '000000010000000000000001',
        '000000010000000000000002',
        '000000010000000000000002.00000028.backup',
        '000000010000000000000003',
        '000000010000000000000004.partial',
        '000000020000000000000004',
      ],
    ],
    ['the first segment kept is never removed', ['000000010000000000000001'], '000000010000000000000001', []],
  ])('%s', (_name, starts, keepFrom, remove) => {
    expect(planWalRetention(files, starts, MB16)).toEqual({ keepFrom, remove });
  });
});
