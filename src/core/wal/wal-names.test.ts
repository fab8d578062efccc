import { describe, expect, it } from 'vitest';
import {
  formatLsn,
  nextSegmentNames,
  parseHistoryFile,
  parseLsn,
  parseWalFileName,
  segmentName,
  segnoBeforeLsn,
  segnoOfLsn,
} from './wal-names.ts';

describe('parseWalFileName', () => {
  it.each([
    ['000000010000000000000002', 'segment', 1, 2n],
    ['0000000A00000001000000FF', 'segment', 10, 0x1ffn],
    ['00000002.history', 'history', 2, undefined],
    ['000000010000000000000002.00000028.backup', 'backup', 1, 2n],
    ['000000010000000000000005.partial', 'partial', 1, 5n],
  ])('%s', (name, kind, timeline, segno) => {
    expect(parseWalFileName(name)).toEqual({
      name,
      kind,
      timeline,
      ...(segno === undefined ? {} : { segno }),
    });
  });
  it.each(['', '00000001', '../00000001000000000000000', '000000010000000000000002.zst', 'x.history'])(
    'rejects %j',
    (name) => expect(parseWalFileName(name)).toBeUndefined(),
  );
  it('honours the segment size (64 MiB: 64 segments per log)', () => {
    expect(parseWalFileName('000000010000000100000003', 64 * 1024 * 1024)?.segno).toBe(67n);
    expect(segmentName(1, 67n, 64 * 1024 * 1024)).toBe('000000010000000100000003');
  });
});

describe('LSN arithmetic', () => {
  it('parses and formats', () => {
    expect(parseLsn('16/B374D848')).toBe(0x16b374d848n);
    expect(formatLsn(0x16b374d848n)).toBe('16/B374D848');
    expect(parseLsn('nope')).toBeUndefined();
  });
  it('maps LSNs to segments, with a boundary stop LSN ending in the previous one', () => {
    expect(segmentName(1, segnoOfLsn(parseLsn('0/2000028')!))).toBe('000000010000000000000002');
    expect(segmentName(1, segnoBeforeLsn(parseLsn('0/3000000')!))).toBe('000000010000000000000002');
    expect(segmentName(3, segnoOfLsn(parseLsn('1/0')!))).toBe('000000030000000100000000');
  });
  it('names the next segments across a log boundary', () => {
    expect(nextSegmentNames('0000000100000000000000FE', 3)).toEqual([
      '0000000100000000000000FF',
      '000000010000000100000000',
      '000000010000000100000001',
    ]);
    expect(nextSegmentNames('00000002.history', 3)).toEqual([]);
  });
  it('reads a timeline history file', () => {
    expect(parseHistoryFile('1\t0/5000000\tbefore 2026-01-01\n\n2\t0/9000098\tno recovery target\n')).toEqual(
      [
        { parentTimeline: 1, switchLsn: 0x5000000n },
        { parentTimeline: 2, switchLsn: 0x9000098n },
      ],
    );
  });
});
