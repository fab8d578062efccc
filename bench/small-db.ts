/**
 * The fixed-overhead scenario: a database of many small tables, where a backup is mostly start-up, catalog
 * queries and bookkeeping. db-backup against `pg_dump -Fc -Z0 | zstd -3 > file`, paired run by run with the
 * order alternating; the figure that matters is the median of the per-run differences, in milliseconds.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { median, type Timed } from './timing.ts';

export const SMALL_DB_TABLES = 300;
/** The target: at most this much slower than the shell pipeline on a small database. */
export const SMALL_DB_TARGET_MS = 150;

export interface SmallDbResult {
  tables: number;
  runs: number;
  medianMs: { dbBackup: number; shell: number };
  /** Median of (db-backup − shell) over paired runs. */
  medianDifferenceMs: number;
  /** Median of db-backup / shell over paired runs. */
  medianRatio: number;
  samplesMs: { dbBackup: number[]; shell: number[] };
}

/** SQL for the fixture: `tables` tables of a few rows, each with a primary key and a secondary index. */
export function smallDatabaseSql(tables = SMALL_DB_TABLES): string {
  const statements: string[] = [];
  for (let i = 0; i < tables; i++) {
    statements.push(
      `CREATE TABLE t${i} (id int PRIMARY KEY, name text NOT NULL, amount numeric(12,2), created_at timestamptz NOT NULL DEFAULT now());`,
      `CREATE INDEX t${i}_name ON t${i} (name);`,
      `INSERT INTO t${i} (id, name, amount) SELECT g, 'row ' || g, g * 1.5 FROM generate_series(1, ${1 + (i % 8)}) g;`,
    );
  }
  return `${statements.join('\n')}\n`;
}

/** Creates the small database, then times `runs` paired backups of it. */
export async function benchSmallDatabase(options: {
  work: string;
  runs: number;
  psqlFile: (db: string, file: string) => Promise<unknown>;
  createDatabase: (db: string) => Promise<unknown>;
  cli: (args: string[]) => Promise<Timed>;
  sh: (script: string, db: string) => Promise<Timed>;
}): Promise<SmallDbResult> {
  const db = 'bench_small';
  const sqlFile = join(options.work, 'small-db.sql');
  writeFileSync(sqlFile, smallDatabaseSql());
  await options.createDatabase(db);
  await options.psqlFile(db, sqlFile);
  const out = join(options.work, 'small.dump.zst');
  const sides = [
    async () => (await options.cli(['backup', '-d', db])).ms,
    async () => (await options.sh(`pg_dump -Fc -Z0 | zstd -q -3 > ${out}`, db)).ms,
  ];
  // One unmeasured round first: the compile cache, the page cache and the server's catalog caches warm up.
  for (const side of sides) await side();
  const samples = { dbBackup: [] as number[], shell: [] as number[] };
  for (let run = 0; run < options.runs; run++) {
    const order = run % 2 === 0 ? [0, 1] : [1, 0];
    const ms: number[] = [];
    for (const i of order) ms[i] = await sides[i]!();
    samples.dbBackup.push(ms[0]!);
    samples.shell.push(ms[1]!);
  }
  const pairs = samples.dbBackup.map((ours, i) => [ours, samples.shell[i]!] as const);
  return {
    tables: SMALL_DB_TABLES,
    runs: options.runs,
    medianMs: { dbBackup: median(samples.dbBackup), shell: median(samples.shell) },
    medianDifferenceMs: median(pairs.map(([ours, shell]) => ours - shell)),
    medianRatio: median(pairs.map(([ours, shell]) => ours / shell)),
    samplesMs: samples,
  };
}
