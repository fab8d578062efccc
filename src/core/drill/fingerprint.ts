/**
 * Database fingerprints: what "the restore is identical" means. Per table the row count and an md5 over the
 * rows in a stable order; sequences; large objects; materialized views; extensions; enum and domain types;
 * table grants. Roles are cluster-wide and fingerprinted separately.
 */
import type pg from 'pg';
import { type PgConnection, withClient } from '../postgres/connection.ts';
import { quoteIdent } from '../postgres/quote.ts';

export interface RelationFingerprint {
  schema: string;
  name: string;
  rows: number;
  md5: string;
  acl: string | null;
}

export interface DatabaseFingerprint {
  tables: Record<string, RelationFingerprint>;
  materializedViews: Record<string, RelationFingerprint>;
  sequences: Record<string, { lastValue: string; isCalled: boolean }>;
  largeObjects: { count: number; md5: string };
  extensions: Record<string, string>;
  types: Record<string, string>;
}

async function relationFingerprints(
  client: pg.Client,
  relkind: 'r' | 'm',
): Promise<Record<string, RelationFingerprint>> {
  const { rows } = await client.query<{ schema: string; name: string; acl: string | null }>(
    `SELECT n.nspname AS schema, c.relname AS name, c.relacl::text AS acl
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind = $1 AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
       AND n.nspname NOT LIKE 'pg_temp%'
       AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
     ORDER BY n.nspname COLLATE "C", c.relname COLLATE "C"`,
    [relkind],
  );
  const out: Record<string, RelationFingerprint> = {};
  for (const r of rows) {
    const rel = `${quoteIdent(r.schema)}.${quoteIdent(r.name)}`;
    // md5 of each row's text form, sorted: independent of physical order, sensitive to every value.
    const { rows: fp } = await client.query<{ n: string; md5: string }>(
      `SELECT count(*)::text AS n, md5(coalesce(string_agg(h, '' ORDER BY h COLLATE "C"), '')) AS md5
       FROM (SELECT md5(t::text) AS h FROM ONLY ${rel} t) s`,
    );
    out[`${r.schema}.${r.name}`] = {
      schema: r.schema,
      name: r.name,
      rows: Number(fp[0]!.n),
      md5: fp[0]!.md5,
      acl: r.acl,
    };
  }
  return out;
}

/** Fingerprints one database (read-only, in one snapshot). */
export async function fingerprintDatabase(
  conn: PgConnection,
  database: string,
): Promise<DatabaseFingerprint> {
  return withClient(conn, database, async (client) => {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const tables = await relationFingerprints(client, 'r');
    const materializedViews = await relationFingerprints(client, 'm');
    const { rows: seqs } = await client.query<{ schema: string; name: string }>(
      `SELECT schemaname AS schema, sequencename AS name FROM pg_sequences ORDER BY schemaname COLLATE "C", sequencename COLLATE "C"`,
    );
    const sequences: DatabaseFingerprint['sequences'] = {};
    for (const s of seqs) {
      const { rows } = await client.query<{ last_value: string; is_called: boolean }>(
        `SELECT last_value::text, is_called FROM ${quoteIdent(s.schema)}.${quoteIdent(s.name)}`,
      );
      sequences[`${s.schema}.${s.name}`] = { lastValue: rows[0]!.last_value, isCalled: rows[0]!.is_called };
    }
    const { rows: lo } = await client.query<{ n: string; md5: string }>(
      `SELECT count(*)::text AS n, md5(coalesce(string_agg(oid::text || ':' || md5(lo_get(oid)), ',' ORDER BY oid), '')) AS md5
       FROM pg_largeobject_metadata`,
    );
    const { rows: ext } = await client.query<{ extname: string; extversion: string }>(
      'SELECT extname, extversion FROM pg_extension ORDER BY 1',
    );
    const { rows: types } = await client.query<{ name: string; def: string }>(
      `SELECT n.nspname || '.' || t.typname AS name,
              CASE t.typtype
                WHEN 'e' THEN 'enum(' || (SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum WHERE enumtypid = t.oid) || ')'
                ELSE 'domain ' || format_type(t.typbasetype, t.typtypmod) || coalesce(' ' || (SELECT string_agg(pg_get_constraintdef(c.oid), ' ' ORDER BY c.conname) FROM pg_constraint c WHERE c.contypid = t.oid), '')
              END AS def
       FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
       WHERE t.typtype IN ('e', 'd') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
       ORDER BY n.nspname || '.' || t.typname COLLATE "C"`,
    );
    await client.query('COMMIT');
    return {
      tables,
      materializedViews,
      sequences,
      largeObjects: { count: Number(lo[0]!.n), md5: lo[0]!.md5 },
      extensions: Object.fromEntries(ext.map((e) => [e.extname, e.extversion])),
      types: Object.fromEntries(types.map((t) => [t.name, t.def])),
    };
  });
}

/** Attributes and memberships of the named roles (missing roles appear as null). */
export async function fingerprintRoles(
  conn: PgConnection,
  roleNames: string[],
): Promise<Record<string, unknown>> {
  return withClient(conn, 'postgres', async (client) => {
    const out: Record<string, unknown> = {};
    for (const name of roleNames) {
      const { rows } = await client.query(
        `SELECT rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin, rolreplication, rolconnlimit,
                (SELECT array_agg(g.rolname ORDER BY g.rolname) FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid WHERE m.member = r.oid) AS member_of
         FROM pg_roles r WHERE rolname = $1`,
        [name],
      );
      out[name] = rows[0] ?? null;
    }
    return out;
  });
}

function diffRecord<T>(
  kind: string,
  a: Record<string, T>,
  b: Record<string, T>,
  describe: (x: T) => string,
): string[] {
  const out: string[] = [];
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const left = a[key];
    const right = b[key];
    if (left === undefined) out.push(`${kind} ${key}: only in the second database`);
    else if (right === undefined) out.push(`${kind} ${key}: missing from the second database`);
    else if (JSON.stringify(left) !== JSON.stringify(right))
      out.push(`${kind} ${key}: ${describe(left)} != ${describe(right)}`);
  }
  return out;
}

/** Human-readable differences between two fingerprints; empty when the databases are equal. */
export function diffFingerprints(a: DatabaseFingerprint, b: DatabaseFingerprint): string[] {
  const rel = (r: RelationFingerprint) => `${r.rows} rows md5 ${r.md5.slice(0, 8)} acl ${r.acl ?? '-'}`;
  return [
    ...diffRecord('table', a.tables, b.tables, rel),
    ...diffRecord('materialized view', a.materializedViews, b.materializedViews, rel),
    ...diffRecord(
      'sequence',
      a.sequences,
      b.sequences,
      (s) => `${s.lastValue}${s.isCalled ? '' : ' (not called)'}`,
    ),
    ...(JSON.stringify(a.largeObjects) === JSON.stringify(b.largeObjects)
      ? []
      : [
          `large objects: ${a.largeObjects.count} (${a.largeObjects.md5.slice(0, 8)}) != ${b.largeObjects.count} (${b.largeObjects.md5.slice(0, 8)})`,
        ]),
    ...diffRecord('extension', a.extensions, b.extensions, (v) => v),
    ...diffRecord('type', a.types, b.types, (v) => v),
  ];
}
