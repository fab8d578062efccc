import { describe, expect, it } from 'vitest';
import { parseZstdByteCounts } from './compression.ts';

describe('parseZstdByteCounts', () => {
  it.each([
    [
      'zstd 1.5 (-vv)',
      '/*stdin*\\            : 29.48%   (490700000 B => 144639040 B, /*stdout*\\)',
      490700000,
      144639040,
    ],
    [
      'zstd 1.4',
      '/*stdin*\\            : 29.48%   (490700000 bytes => 144639040 bytes, /*stdout*\\)',
      490700000,
      144639040,
    ],
    [
      'empty input',
      'Note: 2 physical core(s) detected\n/*stdin*\\ :  0.00%   (     0 B =>     13 B, /*stdout*\\)',
      0,
      13,
    ],
  ])('%s', (_name, stderr, raw, compressed) => {
    expect(parseZstdByteCounts(stderr)).toEqual({ raw, compressed });
  });

  it('returns undefined for human-readable sizes, which are rounded', () => {
    expect(
      parseZstdByteCounts('/*stdin*\\ : 29.48%   (   468 MiB =>    138 MiB, /*stdout*\\)'),
    ).toBeUndefined();
    expect(parseZstdByteCounts('')).toBeUndefined();
  });
});
