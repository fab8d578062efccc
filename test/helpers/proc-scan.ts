/**
 * Watches every process's command line (`/proc/<pid>/cmdline`) while a CLI run lasts, collecting any that holds a
 * secret: passwords must reach child programs through the environment only, never their arguments.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { CliResult } from './cli.ts';

export interface CmdlineScan {
  result: CliResult;
  /** Command lines that contained a secret (should be empty). */
  leaks: string[];
  /** How many full passes over /proc were made while the run lasted. */
  scans: number;
  /** Which of the `programs` asked for were seen running (proves the scan covered the interesting part). */
  seen: Set<string>;
}

/** Scans /proc until `run` settles; `secrets` are checked as given and URL-encoded. */
export async function scanCmdlinesDuring(
  run: Promise<CliResult>,
  secrets: string[],
  programs: string[],
): Promise<CmdlineScan> {
  let finished = false;
  void run.then(() => {
    finished = true;
  });
  const needles = [...new Set(secrets.flatMap((s) => [s, encodeURIComponent(s)]))];
  const leaks: string[] = [];
  const seen = new Set<string>();
  let scans = 0;
  while (!finished) {
    for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
      let cmdline: string;
      try {
        cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      } catch {
        continue;
      }
      for (const program of programs) if (cmdline.includes(program)) seen.add(program);
      if (needles.some((n) => cmdline.includes(n))) leaks.push(cmdline);
    }
    scans++;
    await new Promise((r) => setTimeout(r, 5));
  }
  return { result: await run, leaks, scans, seen };
}

/** The pids whose parent is `pid` now. */
export function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return Number(/PPid:\s+(\d+)/.exec(readFileSync(`/proc/${d}/status`, 'utf8'))?.[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** True while `pid` runs (a zombie has finished). */
export function alive(pid: number): boolean {
  try {
    return !/State:\s+Z/.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}
