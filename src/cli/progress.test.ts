import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgressRenderer } from './progress.ts';

function capture(isTTY: boolean) {
  let text = '';
  const stream = Object.assign(
    new Writable({
      write(chunk, _e, cb) {
        text += chunk.toString();
        cb();
      },
    }),
    { isTTY },
  );
  return { stream, text: () => text };
}

describe('progress rendering', () => {
  it('without a terminal: one log line per interval, with phase, bytes, rate and elapsed time', () => {
    let t = 0;
    const out = capture(false);
    const r = createProgressRenderer({ stream: out.stream, enabled: true, intervalMs: 10_000, now: () => t });
    r.listener({ type: 'phase', operation: 'backup', phase: 'dumping "shop"' });
    t = 5_000;
    r.listener({ type: 'bytes', operation: 'backup', bytes: 50 * 1024 * 1024 });
    expect(out.text()).toBe('');
    t = 10_000;
    r.listener({ type: 'bytes', operation: 'backup', bytes: 100 * 1024 * 1024 });
    expect(out.text()).toBe('progress: dumping "shop" 100.0 MiB, 10.0 MiB/s (10s)\n');
    t = 12_000;
    r.listener({ type: 'bytes', operation: 'backup', bytes: 120 * 1024 * 1024 });
    expect(out.text().split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('on a terminal: a live line rewritten in place, naming the table, cleared at the end', () => {
    let t = 0;
    const out = capture(true);
    const r = createProgressRenderer({ stream: out.stream, enabled: true, now: () => t });
    r.listener({ type: 'phase', operation: 'restore', phase: 'restoring into "copy"' });
    t = 1_000;
    r.listener({ type: 'table', operation: 'restore', table: 'public.orders' });
    r.finish();
    expect(out.text()).toContain('\r\x1b[Krestoring into "copy" (0s)');
    expect(out.text()).toContain('restoring into "copy", table public.orders (1s)');
    expect(out.text().endsWith('\r\x1b[K')).toBe(true);
  });

  it('prints nothing when disabled (--quiet, --log-level warn)', () => {
    const out = capture(false);
    const r = createProgressRenderer({ stream: out.stream, enabled: false, intervalMs: 0 });
    r.listener({ type: 'phase', operation: 'backup', phase: 'dumping "shop"' });
    r.listener({ type: 'bytes', operation: 'backup', bytes: 1 });
    expect(out.text()).toBe('');
  });
});
