import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  withClient
} from "./chunk-MFNMZBWJ.js";
import {
  UsageError
} from "./chunk-HSU6VSP5.js";

// src/core/postgres/quote.ts
function assertNoNul(text) {
  if (text.includes("\0")) throw new UsageError("names and values may not contain NUL characters");
}
function quoteIdent(name) {
  assertNoNul(name);
  return `"${name.replace(/"/g, '""')}"`;
}

// src/core/postgres/server.ts
async function serverInfo(conn, database = "postgres") {
  return withClient(conn, database, serverInfoOf);
}
async function serverInfoOf(client) {
  const { rows } = await client.query(
    "SELECT current_setting('server_version') AS v, current_setting('server_version_num') AS n"
  );
  const versionNum = Number(rows[0].n);
  const major = versionNum >= 1e5 ? Math.floor(versionNum / 1e4) : Math.floor(versionNum / 1e4) + Math.floor(versionNum % 1e4 / 100) / 10;
  return { version: rows[0].v.split(" ")[0], versionNum, major };
}
async function listDatabasesOf(client) {
  const { rows } = await client.query(
    "SELECT datname FROM pg_database WHERE NOT datistemplate AND datallowconn ORDER BY datname"
  );
  return rows.map((r) => r.datname);
}
async function databaseExists(conn, name) {
  return withClient(
    conn,
    "postgres",
    async (client) => (await missingDatabases(client, [name])).length === 0
  );
}
async function missingDatabases(client, names) {
  const { rows } = await client.query(
    "SELECT name FROM unnest($1::text[]) WITH ORDINALITY AS w(name, i) WHERE name NOT IN (SELECT datname FROM pg_database) ORDER BY i",
    [names]
  );
  return rows.map((r) => r.name);
}
async function createDatabase(conn, name) {
  await withClient(
    conn,
    "postgres",
    (client) => client.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0`)
  );
}
async function dropDatabase(conn, name, options = {}) {
  await withClient(conn, "postgres", async (client) => {
    const { rows } = await client.query("SELECT current_setting('server_version_num') AS n");
    const force = options.force && Number(rows[0].n) >= 13e4 ? " WITH (FORCE)" : "";
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}${force}`);
  });
}
async function isDatabaseEmpty(conn, name) {
  return withClient(conn, name, async (client) => {
    const { rows } = await client.query(`
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
    return rows[0].n === "0";
  });
}
async function tableRowCounts(client, options = {}) {
  const { rows: tables } = await client.query(`
    SELECT n.nspname AS schema, c.relname AS name
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE (c.relkind = 'r' OR (c.relkind = 'm' AND c.relispopulated))
      AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
      AND n.nspname NOT LIKE 'pg_temp%'
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
    ORDER BY n.nspname COLLATE "C", c.relname COLLATE "C"`);
  const batchSize = options.batchSize ?? 500;
  const counts = [];
  for (let start = 0; start < tables.length; start += batchSize) {
    const batch = tables.slice(start, start + batchSize);
    const results = await countBatch(
      client,
      batch.map((t) => `SELECT count(*)::text AS n FROM ONLY ${quoteIdent(t.schema)}.${quoteIdent(t.name)}`)
    );
    batch.forEach((t, i) => {
      counts.push({ schema: t.schema, name: t.name, rows: Number(results[i]) });
    });
  }
  return counts;
}
async function countBatch(client, statements) {
  const outcome = await client.query(statements.join(";\n"));
  const results = Array.isArray(outcome) ? outcome : [outcome];
  if (results.length !== statements.length) {
    throw new Error(`expected ${statements.length} row counts, the server returned ${results.length}`);
  }
  return results.map((r) => r.rows[0].n);
}

export {
  quoteIdent,
  serverInfo,
  serverInfoOf,
  listDatabasesOf,
  databaseExists,
  missingDatabases,
  createDatabase,
  dropDatabase,
  isDatabaseEmpty,
  tableRowCounts
};
