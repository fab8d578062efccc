/**
 * Where a point-in-time drill may aim: the newest commit the archive holds (read from the WAL itself with
 * pg_waldump, because recovery to a time after the last archived commit can never reach its target), a
 * random target uniform inside the recoverable window, and the guard that the drill's copy archived nothing
 * into the production WAL area.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { PitrTargetError, RestoreFailedError } from '../errors.ts';
import { runChild } from '../pipeline/child.ts';
import { unsealBuffer } from '../pipeline/seal.ts';
import { walFileNameOfKey, walObjectKey } from '../repository/keys.ts';
import { type PitrTarget, parsePitrTarget } from '../restore/pitr-plan.ts';
import type { Storage } from '../storage/types.ts';
import type { WalArea } from '../wal/wal-area.ts';
import { parseWalFileName } from '../wal/wal-names.ts';

/** How many of the newest segments are searched for the last commit (a quiet server switches empty ones). */
const COMMIT_SEARCH_SEGMENTS = 8;

/** The newest COMMIT time in pg_waldump output (run with TZ=UTC), as an ISO string with microseconds. */
export function lastCommitInWaldump(text: string): string | undefined {
  let last: string | undefined;
  for (const m of text.matchAll(/COMMIT (\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(\.\d+)? UTC/g)) {
    const iso = `${m[1]}T${m[2]}${(m[3] ?? '.').padEnd(7, '0')}Z`;
    if (last === undefined || iso > last) last = iso;
  }
  return last;
}

/** A target time uniform in [earliest, latest] (`random()` in [0, 1)); PitrTargetError for an empty window. */
export function randomTargetTime(window: { earliest: Date; latest: Date }, random: () => number): Date {
  const span = window.latest.getTime() - window.earliest.getTime();
  if (span < 0) {
    throw new PitrTargetError(
      `no recoverable window: the newest archived commit (${window.latest.toISOString()}) is before the base backup finished (${window.earliest.toISOString()})`,
      {
        hint: 'a random target needs a commit archived after a base backup; write something and archive it, or drill without --target-time',
      },
    );
  }
  return new Date(window.earliest.getTime() + Math.floor(random() * (span + 1)));
}

/**
 * Keys the drill must not have added: WAL objects of a timeline newer than every timeline archived before
 * the drill (a promoted copy that archived would start one). Production's own pushes stay on its timeline.
 */
export function objectsOfNewTimelines(before: string[], after: string[]): string[] {
  const timelineOf = (key: string) => {
    const name = walFileNameOfKey(key);
    return name ? (parseWalFileName(name)?.timeline ?? 0) : 0;
  };
  const newestBefore = Math.max(0, ...before.map(timelineOf));
  const known = new Set(before);
  return after.filter((key) => !known.has(key) && timelineOf(key) > newestBefore);
}

/** The time of the newest commit in the archive's newest segments (pg_waldump), or undefined when none has one. */
export async function lastArchivedCommit(options: {
  storage: Storage;
  area: WalArea;
  segmentNames: string[];
  binDir: string;
}): Promise<string | undefined> {
  const waldump = join(options.binDir, 'pg_waldump');
  if (!existsSync(waldump)) {
    throw new PitrTargetError(`pg_waldump is not in ${options.binDir}`, {
      hint: 'install the PostgreSQL server programs (pg_waldump reads the archive to find its newest commit)',
    });
  }
  const newestFirst = options.segmentNames
    .map((name) => ({ name, parsed: parseWalFileName(name, options.area.walSegmentSize) }))
    .filter((s) => s.parsed?.kind === 'segment')
    .sort((a, b) =>
      a.parsed!.segno! === b.parsed!.segno!
        ? b.name.localeCompare(a.name)
        : a.parsed!.segno! < b.parsed!.segno!
          ? 1
          : -1,
    )
    .slice(0, COMMIT_SEARCH_SEGMENTS);
  const dir = await mkdtemp(join(tmpdir(), 'db-backup-waldump-'));
  try {
    for (const { name } of newestFirst) {
      const key = walObjectKey(options.area.systemIdentifier, name);
      await writeFile(join(dir, name), await unsealBuffer(await buffer(await options.storage.get(key)), key));
      // pg_waldump exits non-zero at the end of the valid WAL (a normal end here): its output is what counts.
      const dumped = await runChild(waldump, ['--path', dir, '--rmgr', 'Transaction', name, name], {
        env: { TZ: 'UTC' },
      });
      await rm(join(dir, name), { force: true });
      const last = lastCommitInWaldump(dumped.stdout);
      if (last) return last;
    }
    return undefined;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The recovery target for `--target-time` (undefined = latest, `random`, or a time). */
export async function resolveDrillTarget(
  targetTime: string | undefined,
  window: { earliest: string; latest: string } | null,
  newestCommit: () => Promise<string | undefined>,
  random: () => number = Math.random,
): Promise<PitrTarget> {
  if (targetTime === undefined) return { kind: 'latest' };
  if (targetTime !== 'random') return parsePitrTarget({ time: targetTime });
  if (!window) {
    throw new RestoreFailedError(
      'no recoverable window: the repository needs a base backup and the WAL after it',
      {
        hint: 'run `db-backup wal verify` to see what is missing',
      },
    );
  }
  const commit = await newestCommit();
  if (!commit) {
    throw new RestoreFailedError('no commit found in the newest archived WAL segments', {
      hint: 'a random target needs committed transactions in the archive after the base backup',
    });
  }
  return {
    kind: 'time',
    time: randomTargetTime({ earliest: new Date(window.earliest), latest: new Date(commit) }, random),
  };
}
