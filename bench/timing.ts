/** Timing helpers shared by the benchmark scenarios. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface Timed {
  ms: number;
  peakRssKiB?: number;
  stdout: string;
}

/** Runs a command, timing it; for `trackRss`, polls the process's VmHWM (its peak resident set). */
export function timed(
  command: string,
  args: string[],
  env: Record<string, string>,
  trackRss = false,
): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let peak = 0;
    child.stdout.on('data', (c) => {
      stdout += c;
    });
    child.stderr.on('data', (c) => {
      stderr += c;
    });
    const poll = trackRss
      ? setInterval(() => {
          try {
            const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
            if (m) peak = Math.max(peak, Number(m[1]));
          } catch {
            // process already gone
          }
        }, 20)
      : undefined;
    child.on('close', (code) => {
      if (poll) clearInterval(poll);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0)
        reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr.slice(-2000)}`));
      else resolve({ ms, stdout, ...(trackRss ? { peakRssKiB: peak } : {}) });
    });
  });
}

/** The median of a non-empty list. */
export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
