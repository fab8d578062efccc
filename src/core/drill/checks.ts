/** The checks a drill runs against the restored scratch database. */
import type { SqlCheck } from '../config/schema.ts';
import { type PgConnection, withClient } from '../postgres/connection.ts';
import { redact } from '../redact.ts';
import type { DrillCheck } from '../report/drill-report.ts';
import type { TableCount } from '../repository/manifest.ts';

const tableName = (t: { schema: string; name: string }) => `${t.schema}.${t.name}`;

/** One check per table: the restored row count equals the count recorded in the dump's snapshot. */
export function rowCountChecks(
  expected: TableCount[],
  actual: TableCount[],
  schemaOnly: boolean,
): DrillCheck[] {
  if (schemaOnly)
    return [{ name: 'row counts', status: 'skip', details: 'schema-only backup: no rows to compare' }];
  const found = new Map(actual.map((t) => [tableName(t), t.rows]));
  return expected.map((table) => {
    const rows = found.get(tableName(table));
    const ok = rows === table.rows;
    return {
      name: `row count ${tableName(table)}`,
      status: ok ? 'pass' : 'fail',
      details:
        rows === undefined
          ? `table missing after restore (expected ${table.rows} rows)`
          : `expected ${table.rows}, restored ${rows}`,
    };
  });
}

/** Runs the user's SQL checks; each passes when its first value equals `expect` and/or it returns >= `minRows` rows. */
export async function runSqlChecks(
  conn: PgConnection,
  database: string,
  checks: SqlCheck[],
): Promise<DrillCheck[]> {
  if (checks.length === 0) return [];
  return withClient(conn, database, async (client) => {
    const results: DrillCheck[] = [];
    for (const check of checks) {
      try {
        // Read-only so a check can never change the data it inspects.
        await client.query('BEGIN READ ONLY');
        const { rows, fields } = await client.query({ text: check.sql, rowMode: 'array' });
        await client.query('ROLLBACK');
        const first = rows[0]?.[0];
        const value = first === null || first === undefined ? null : String(first);
        const problems: string[] = [];
        if (check.expect !== undefined && value !== check.expect)
          problems.push(`expected ${JSON.stringify(check.expect)}, got ${JSON.stringify(value)}`);
        if (check.minRows !== undefined && rows.length < check.minRows)
          problems.push(`expected at least ${check.minRows} rows, got ${rows.length}`);
        results.push({
          name: `sql: ${check.name}`,
          status: problems.length ? 'fail' : 'pass',
          details: problems.length
            ? problems.join('; ')
            : `${rows.length} row(s)${fields.length && value !== null ? `, first value ${JSON.stringify(value)}` : ''}`,
        });
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        results.push({
          name: `sql: ${check.name}`,
          status: 'fail',
          details: redact(`query failed: ${(error as Error).message}`),
        });
      }
    }
    return results;
  });
}
