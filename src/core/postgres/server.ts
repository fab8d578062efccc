/** Server-side facts and database lifecycle, all through `withClient` and quoted identifiers. */
import type pg from 'pg';
import type { TableCount } from '../repository/manifest.ts';
import { type PgConnection, withClient } from './connection.ts';
import { quoteIdent } from './quote.ts';

export interface ServerInfo {
  version: string;
  versionNum: number;
  major: number;
}

/** Version of the server (connecting to `database`, default postgres). */
export async function serverInfo(conn: PgConnection, database = 'postgres'): Promise<ServerInfo> {
  return withClient(conn, database, serverInfoOf);
}

/** Version of the server `client` is connected to. */
export async function serverInfoOf(client: pg.Client): Promise<ServerInfo> {
  const { rows } = await client.query<{ v: string; n: string }>(
    "SELECT current_setting('server_version') AS v, current_setting('server_version_num') AS n",
  );
  const versionNum = Number(rows[0]!.n);
  // 150014 → 15; 90624 → 9.6 (before 10 the major had two parts).
  const major =
    versionNum >= 100000
      ? Math.floor(versionNum / 10000)
      : Math.floor(versionNum / 10000) + Math.floor((versionNum % 10000) / 100) / 10;
  return { version: rows[0]!.v.split(' ')[0]!, versionNum, major };
}

/** Connectable, non-template databases, sorted by name. */
export async function listDatabases(conn: PgConnection): Promise<string[]> {
  return withClient(conn, 'postgres', listDatabasesOf);
}

/** Like listDatabases, on an open session. */
export async function listDatabasesOf(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ datname: string }>(
    'SELECT datname FROM pg_database WHERE NOT datistemplate AND datallowconn ORDER BY datname',
  );
  return rows.map((r) => r.datname);
}

/** Whether a database of exactly this name exists. */
export async function databaseExists(conn: PgConnection, name: string): Promise<boolean> {
  return withClient(
    conn,
    'postgres',
    async (client) => (await missingDatabases(client, [name])).length === 0,
  );
}

/** The names in `names` that no database on the server has (one query, whatever the count). */
export async function missingDatabases(client: pg.Client, names: string[]): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    'SELECT name FROM unnest($1::text[]) WITH ORDINALITY AS w(name, i) WHERE name NOT IN (SELECT datname FROM pg_database) ORDER BY i',
    [names],
  );
  return rows.map((r) => r.name);
}

/** CREATE DATABASE with a quoted name (template0, so a restore starts from nothing). */
export async function createDatabase(conn: PgConnection, name: string): Promise<void> {
  await withClient(conn, 'postgres', (client) =>
    client.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0`),
  );
}

/** DROP DATABASE IF EXISTS; with `force`, other sessions are terminated first (WITH (FORCE) on 13+). */
export async function dropDatabase(
  conn: PgConnection,
  name: string,
  options: { force?: boolean } = {},
): Promise<void> {
  await withClient(conn, 'postgres', async (client) => {
    const { rows } = await client.query<{ n: string }>("SELECT current_setting('server_version_num') AS n");
    const force = options.force && Number(rows[0]!.n) >= 130000 ? ' WITH (FORCE)' : '';
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}${force}`);
  });
}

/** True when the database holds no user objects (tables, views, sequences, functions, types, extensions besides plpgsql). */
export async function isDatabaseEmpty(conn: PgConnection, name: string): Promise<boolean> {
  return withClient(conn, name, async (client) => {
    const { rows } = await client.query<{ n: string }>(`
      SELECT (
        (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname NOT LIKE 'pg_temp%' AND n.nspname NOT LIKE 'pg_toast_temp%')
      + (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
          WHERE n.nspname NOT IN ('pg_catalog', 'information_schema'))
      + (SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
          WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND t.typtype IN ('e', 'd', 'c', 'r') AND NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.reltype = t.oid))
      + (SELECT count(*) FROM pg_extension WHERE extname <> 'plpgsql')
      + (SELECT count(*) FROM pg_namespace WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast', 'public') AND nspname NOT LIKE 'pg_temp%' AND nspname NOT LIKE 'pg_toast_temp%')
      + (SELECT count(*) FROM pg_largeobject_metadata)
      )::text AS n`);
    return rows[0]!.n === '0';
  });
}

/**
 * Exact row counts of every user table and populated materialized view (ordinary tables and partitions;
 * partitioned parents are skipped so rows are not counted twice; extension-owned relations are skipped
 * because pg_dump skips them; a materialized view created WITH NO DATA has no rows to count, then or after
 * a restore), in the session's snapshot. The counts of up to `batchSize` relations travel as one
 * multi-statement message: one round trip per batch instead of one per table, which on a database of many
 * small tables was most of the counting time.
 */
export async function tableRowCounts(
  client: pg.Client,
  options: { batchSize?: number } = {},
): Promise<TableCount[]> {
  const { rows: tables } = await client.query<{ schema: string; name: string }>(`
    SELECT n.nspname AS schema, c.relname AS name
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE (c.relkind = 'r' OR (c.relkind = 'm' AND c.relispopulated))
      AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
      AND n.nspname NOT LIKE 'pg_temp%'
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
    ORDER BY n.nspname COLLATE "C", c.relname COLLATE "C"`);
  const batchSize = options.batchSize ?? 500;
  const counts: TableCount[] = [];
  for (let start = 0; start < tables.length; start += batchSize) {
    const batch = tables.slice(start, start + batchSize);
    const results = await countBatch(
      client,
      batch.map((t) => `SELECT count(*)::text AS n FROM ONLY ${quoteIdent(t.schema)}.${quoteIdent(t.name)}`),
    );
    batch.forEach((t, i) => {
      counts.push({ schema: t.schema, name: t.name, rows: Number(results[i]) });
    });
  }
  return counts;
}

/** Runs count statements as one simple-protocol message (no parameters); their results, in order. */
async function countBatch(client: pg.Client, statements: string[]): Promise<string[]> {
  // pg resolves a multi-statement text to one result per statement, or to a single result for one statement.
  const outcome = (await client.query(statements.join(';\n'))) as unknown as
    | pg.QueryResult<{ n: string }>
    | pg.QueryResult<{ n: string }>[];
  const results = Array.isArray(outcome) ? outcome : [outcome];
  if (results.length !== statements.length) {
    throw new Error(`expected ${statements.length} row counts, the server returned ${results.length}`);
  }
  return results.map((r) => r.rows[0]!.n);
}
