/**
 * The checks of a point-in-time drill on the recovered copy. Row counts recorded by a base backup would
 * describe another moment than the target, so every table of each database is read in full instead (a
 * damaged page fails the count); recovery must have stopped where it was asked; the production WAL area
 * must not have gained a timeline.
 */
import { type PgConnection, withClient } from '../postgres/connection.ts';
import { tableRowCounts } from '../postgres/server.ts';
import { redact } from '../redact.ts';
import type { DrillCheck } from '../report/drill-report.ts';
import type { PitrTarget } from '../restore/pitr-plan.ts';
import type { Storage } from '../storage/types.ts';
import { objectsOfNewTimelines } from './run-pitr-drill-window.ts';

/** Counts the rows of every table in each database (one check per database); totals for the report. */
export async function readEveryTable(
  conn: PgConnection,
  databases: string[],
): Promise<{ checks: DrillCheck[]; tables: number; rows: number }> {
  const out = { checks: [] as DrillCheck[], tables: 0, rows: 0 };
  for (const database of databases) {
    try {
      const counts = await withClient(conn, database, (client) => tableRowCounts(client));
      const rows = counts.reduce((n, t) => n + t.rows, 0);
      out.tables += counts.length;
      out.rows += rows;
      out.checks.push({
        name: `tables readable ${database}`,
        status: 'pass',
        details: `${counts.length} table(s), ${rows} row(s) read at the recovered point`,
      });
    } catch (error) {
      out.checks.push({
        name: `tables readable ${database}`,
        status: 'fail',
        details: redact(`cannot read ${database}: ${(error as Error).message}`),
      });
    }
  }
  return out;
}

/** Did recovery stop where it was asked: not after a time target, exactly at the newest commit for `latest`? */
export async function recoveryTargetCheck(
  target: PitrTarget,
  recoveredTo: string | null,
  newestCommit: () => Promise<string | undefined>,
): Promise<DrillCheck> {
  const name = 'recovery target';
  if (target.kind === 'time') {
    const wanted = target.time.toISOString();
    if (recoveredTo === null)
      return { name, status: 'pass', details: `no transaction replayed before ${wanted}` };
    const ok = Date.parse(recoveredTo) <= target.time.getTime();
    return {
      name,
      status: ok ? 'pass' : 'fail',
      details: `last replayed commit at ${recoveredTo}, ${ok ? 'not after' : 'AFTER'} the target ${wanted}`,
    };
  }
  const newest = await newestCommit().catch(() => undefined);
  if (!newest) return { name, status: 'skip', details: 'no commit found in the newest archived segments' };
  const ok = recoveredTo === newest;
  return {
    name,
    status: ok ? 'pass' : 'fail',
    details: `last replayed commit at ${recoveredTo ?? 'none'}; newest archived commit at ${newest}`,
  };
}

export function failedRestoreCheck(caught: unknown): DrillCheck {
  return { name: 'point-in-time recovery', status: 'fail', details: redact((caught as Error).message) };
}

/** Fails when the drill's copy archived anything (a new timeline in the production WAL area). */
export async function productionWalCheck(
  storage: Storage,
  before: string[],
  walKeys: (storage: Storage) => Promise<string[]>,
): Promise<DrillCheck> {
  const added = objectsOfNewTimelines(before, await walKeys(storage).catch(() => before));
  return added.length === 0
    ? {
        name: 'production WAL area untouched',
        status: 'pass',
        details: 'the throwaway copy ran with archive_mode=off: no new timeline was archived',
      }
    : {
        name: 'production WAL area untouched',
        status: 'fail',
        details: `the drill's copy archived ${added.length} file(s): ${added.slice(0, 3).join(', ')}`,
      };
}
