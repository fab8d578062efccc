/**
 * Row counts and database checks against a real cluster: batched counts must be exact for every table, whatever
 * its name, whatever the batch boundaries, and must describe the session's snapshot, not the live tables.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientConfig, withClient } from '../src/core/postgres/connection.ts';
import { type LocalCluster, startLocalCluster } from '../src/core/postgres/local-cluster.ts';
import { quoteIdent } from '../src/core/postgres/quote.ts';
import { createDatabase, missingDatabases, tableRowCounts } from '../src/core/postgres/server.ts';

let cluster: LocalCluster;
const DB = 'counts';
// Names that break naive SQL building: quotes, a semicolon (statements are joined into one message), unicode.
const TABLES: [schema: string, name: string, rows: number][] = [
  ['public', 'plain', 3],
  ['public', 'empty', 0],
  ['public', 'with "quotes"', 2],
  ['public', 'semi; SELECT 1', 5],
  ['Schéma ünïcode', 'Täble', 7],
  ['Schéma ünïcode', 'x', 1],
  ['public', 'zz_last', 11],
];

const sqlOn = (database: string) => async (text: string) => {
  const client = new pg.Client(clientConfig(cluster.connection, database));
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
};

beforeAll(async () => {
  cluster = await startLocalCluster();
  await createDatabase(cluster.connection, DB);
  const sql = sqlOn(DB);
  await sql(`CREATE SCHEMA ${quoteIdent('Schéma ünïcode')}`);
  for (const [schema, name, rows] of TABLES) {
    const table = `${quoteIdent(schema)}.${quoteIdent(name)}`;
    await sql(`CREATE TABLE ${table} (id int); INSERT INTO ${table} SELECT generate_series(1, ${rows})`);
  }
  // A partitioned parent is not counted (its rows are its partitions').
  await sql(`CREATE TABLE parted (id int) PARTITION BY RANGE (id);
    CREATE TABLE parted_low PARTITION OF parted FOR VALUES FROM (0) TO (100);
    CREATE TABLE parted_high PARTITION OF parted FOR VALUES FROM (100) TO (1000);
    INSERT INTO parted SELECT generate_series(1, 150)`);
}, 120_000);

afterAll(async () => {
  await cluster?.stop();
});

const expected = [
  ...TABLES.map(([schema, name, rows]) => ({ schema, name, rows })),
  { schema: 'public', name: 'parted_high', rows: 51 },
  { schema: 'public', name: 'parted_low', rows: 99 },
].sort((a, b) =>
  Buffer.compare(Buffer.from(`${a.schema}\0${a.name}`), Buffer.from(`${b.schema}\0${b.name}`)),
);

describe('tableRowCounts', () => {
  it.each([1, 2, 3, 500])('is exact for every table with batches of %i', async (batchSize) => {
    const counts = await withClient(cluster.connection, DB, (client) =>
      tableRowCounts(client, { batchSize }),
    );
    expect(counts).toEqual(expected);
  });

  it("counts the session's snapshot, not rows committed after it", async () => {
    const counts = await withClient(cluster.connection, DB, async (client) => {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      await client.query('SELECT pg_export_snapshot()');
      await sqlOn(DB)(
        `INSERT INTO plain SELECT generate_series(1, 40); DELETE FROM ${quoteIdent('semi; SELECT 1')}`,
      );
      const inSnapshot = await tableRowCounts(client, { batchSize: 2 });
      await client.query('COMMIT');
      return { inSnapshot, after: await tableRowCounts(client) };
    });
    expect(counts.inSnapshot).toEqual(expected);
    const rowsOf = (name: string) => counts.after.find((t) => t.name === name)?.rows;
    expect(rowsOf('plain')).toBe(43);
    expect(rowsOf('semi; SELECT 1')).toBe(0);
  });
});

describe('missingDatabases', () => {
  it('names exactly the databases that do not exist, in the order given', async () => {
    const missing = await withClient(cluster.connection, 'postgres', (client) =>
      missingDatabases(client, ['nope_b', DB, 'postgres', 'Counts', 'nope_a']),
    );
    expect(missing).toEqual(['nope_b', 'Counts', 'nope_a']);
  });
});
