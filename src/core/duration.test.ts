import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration.ts';

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['60m', 3_600_000],
    ['1h', 3_600_000],
    ['30d', 2_592_000_000],
    ['1h30m', 5_400_000],
    ['0.5m', 30_000],
  ])('%s', (text, ms) => expect(parseDuration(text)).toEqual({ ms }));

  it.each(['', 'abc', '10x', '1h 30q', '-5m'])('rejects %j', (text) => {
    expect(parseDuration(text)).toHaveProperty('error');
  });

  it('refuses a bare number, saying which units to write', () => {
    expect(parseDuration('30')).toEqual({
      error: 'duration "30" has no unit: write 30m for minutes, 30h for hours or 30d for days',
    });
  });
});

describe('formatDuration', () => {
  it('is compact', () => {
    expect(formatDuration(45_000)).toBe('45s');
    expect(formatDuration(723_000)).toBe('12m 3s');
    expect(formatDuration(7_500_000)).toBe('2h 5m');
  });
});
