/**
 * Durations as users write them: `90s`, `60m`, `1h`, `30d`, `2w`, or combined `1h30m`. A bare number is refused:
 * `--keep-within 30` meaning 30 minutes would turn a prune into data loss; only variables whose name carries
 * the unit (BACKUP_RETENTION_DAYS) take one, converted before they get here.
 */
const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** Parses a duration into milliseconds, or returns an error message saying what is wrong. */
export function parseDuration(text: string): { ms: number } | { error: string } {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    return {
      error: `duration ${JSON.stringify(text)} has no unit: write ${trimmed}m for minutes, ${trimmed}h for hours or ${trimmed}d for days`,
    };
  }
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== trimmed) {
    return { error: `invalid duration ${JSON.stringify(text)}: use e.g. 90s, 60m, 1h, 30d, 1h30m` };
  }
  let ms = 0;
  for (const [, value, unit] of parts) ms += Number(value) * UNIT_MS[unit!]!;
  return { ms: Math.round(ms) };
}

/** Renders milliseconds compactly for humans: `45s`, `12m 3s`, `2h 5m`, `3d 4h`. */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}
