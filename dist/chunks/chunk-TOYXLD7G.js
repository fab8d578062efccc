import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);

// src/core/duration.ts
var UNIT_MS = {
  ms: 1,
  s: 1e3,
  m: 6e4,
  h: 36e5,
  d: 864e5,
  w: 6048e5
};
function parseDuration(text) {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    return {
      error: `duration ${JSON.stringify(text)} has no unit: write ${trimmed}m for minutes, ${trimmed}h for hours or ${trimmed}d for days`
    };
  }
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== trimmed) {
    return { error: `invalid duration ${JSON.stringify(text)}: use e.g. 90s, 60m, 1h, 30d, 1h30m` };
  }
  let ms = 0;
  for (const [, value, unit] of parts) ms += Number(value) * UNIT_MS[unit];
  return { ms: Math.round(ms) };
}
function formatDuration(ms) {
  const s = Math.round(ms / 1e3);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

export {
  parseDuration,
  formatDuration
};
