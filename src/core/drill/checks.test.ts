/**
 * The drill's checks: row counts compared table by table (an off-by-one fails and names the table), and user SQL
 * checks run read-only against a real PostgreSQL cluster.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalCluster, startLocalCluster } from '../postgres/local-cluster.ts';
import { createDatabase } from '../postgres/server.ts';
import { clearSecrets, registerSecret } from '../redact.ts';
import { rowCountChecks, runSqlChecks } from './checks.ts';

const t = (schema: string, name: string, rows: number) => ({ schema, name, rows });

describe('rowCountChecks', () => {
  const expected = [t('public', 'orders', 5000), t('Sales "EU"', 'orders', 12), t('public', 'empty', 0)];

  it('every table restored with its recorded count passes, one check per table', () => {
    expect(rowCountChecks(expected, [...expected].reverse(), false)).toEqual([
      { name: 'row count public.orders', status: 'pass', details: 'expected 5000, restored 5000' },
      { name: 'row count Sales "EU".orders', status: 'pass', details: 'expected 12, restored 12' },
      { name: 'row count public.empty', status: 'pass', details: 'expected 0, restored 0' },
    ]);
  });

  it.each([
    [1, 'one row more'],
    [-1, 'one row fewer'],
  ])('a count off by %d (%s) fails and names that table only', (delta) => {
    const actual = expected.map((e) =>
      e.name === 'orders' && e.schema !== 'public' ? { ...e, rows: e.rows + delta } : e,
    );
    const checks = rowCountChecks(expected, actual, false);
    expect(checks.filter((c) => c.status === 'fail')).toEqual([
      { name: 'row count Sales "EU".orders', status: 'fail', details: `expected 12, restored ${12 + delta}` },
    ]);
  });

  it('a table missing after the restore fails', () => {
    const checks = rowCountChecks(expected, expected.slice(0, 2), false);
    expect(checks[2]).toEqual({
      name: 'row count public.empty',
      status: 'fail',
      details: 'table missing after restore (expected 0 rows)',
    });
  });

  it('tables with the same name in different schemas are not confused', () => {
    const checks = rowCountChecks([t('a', 'x', 1), t('b', 'x', 2)], [t('b', 'x', 1), t('a', 'x', 2)], false);
    expect(checks.map((c) => c.status)).toEqual(['fail', 'fail']);
    expect(rowCountChecks([t('a', 'x', 1)], [t('a', 'y', 1)], false)[0]?.status).toBe('fail');
    expect(rowCountChecks([t('a', 'b.c', 1)], [t('a.b', 'c', 1)], false)[0]?.status).toBe('pass');
  });

  it('a schema-only backup skips the comparison with one check saying why', () => {
    expect(rowCountChecks(expected, [], true)).toEqual([
      { name: 'row counts', status: 'skip', details: 'schema-only backup: no rows to compare' },
    ]);
  });
});

describe('runSqlChecks', () => {
  let cluster: LocalCluster;
  beforeAll(async () => {
    cluster = await startLocalCluster({ password: 'checks-pw-81' });
    await createDatabase(cluster.connection, 'scratch');
  });
  afterAll(async () => {
    await cluster?.stop();
    clearSecrets();
  });

  it('no checks: no connection, no results', async () => {
    const unreachable = { host: '127.0.0.1', port: 1, user: 'nobody' };
    expect(await runSqlChecks(unreachable, 'scratch', [])).toEqual([]);
  });

  it('passes on the expected first value and on enough rows; fails saying what differed', async () => {
    const results = await runSqlChecks(cluster.connection, 'scratch', [
      { name: 'value', sql: 'SELECT 42', expect: '42' },
      { name: 'rows', sql: 'SELECT g FROM generate_series(1, 3) g', minRows: 3 },
      { name: 'both', sql: 'SELECT g FROM generate_series(7, 8) g', expect: '7', minRows: 2 },
      { name: 'wrong value', sql: 'SELECT 1', expect: '2' },
      { name: 'too few', sql: 'SELECT 1 WHERE false', minRows: 1 },
      { name: 'both wrong', sql: 'SELECT 5', expect: '6', minRows: 2 },
      { name: 'null', sql: 'SELECT NULL', expect: 'null' },
      { name: 'no columns', sql: 'SELECT FROM generate_series(1, 2)', minRows: 2 },
      { name: 'null rows', sql: 'SELECT NULL::int FROM generate_series(1, 2)', minRows: 2 },
      { name: 'no rows', sql: 'SELECT 1 WHERE false', expect: '1' },
    ]);
    expect(results).toEqual([
      { name: 'sql: value', status: 'pass', details: '1 row(s), first value "42"' },
      { name: 'sql: rows', status: 'pass', details: '3 row(s), first value "1"' },
      { name: 'sql: both', status: 'pass', details: '2 row(s), first value "7"' },
      { name: 'sql: wrong value', status: 'fail', details: 'expected "2", got "1"' },
      { name: 'sql: too few', status: 'fail', details: 'expected at least 1 rows, got 0' },
      {
        name: 'sql: both wrong',
        status: 'fail',
        details: 'expected "6", got "5"; expected at least 2 rows, got 1',
      },
      { name: 'sql: null', status: 'fail', details: 'expected "null", got null' },
      { name: 'sql: no columns', status: 'pass', details: '2 row(s)' },
      { name: 'sql: null rows', status: 'pass', details: '2 row(s)' },
      { name: 'sql: no rows', status: 'fail', details: 'expected "1", got null' },
    ]);
  });

  it('each check runs in its own transaction: nothing one check sets is seen by the next', async () => {
    const results = await runSqlChecks(cluster.connection, 'scratch', [
      { name: 'sets', sql: "SELECT set_config('drill.marker', 'leaked', true)", expect: 'leaked' },
      { name: 'reads', sql: "SELECT coalesce(current_setting('drill.marker', true), '')", expect: '' },
    ]);
    expect(results.map((r) => r.status)).toEqual(['pass', 'pass']);
  });

  it('checks run read-only: a check cannot change the data, and the next check still runs', async () => {
    registerSecret('Very-Secret-Token-77');
    const results = await runSqlChecks(cluster.connection, 'scratch', [
      { name: 'writes', sql: 'CREATE TABLE written(x int)', minRows: 0 },
      { name: 'leaks', sql: "SELECT 'Very-Secret-Token-77'::int", expect: '1' },
      { name: 'after', sql: "SELECT count(*) FROM pg_tables WHERE tablename = 'written'", expect: '0' },
    ]);
    expect(results[0]).toMatchObject({ name: 'sql: writes', status: 'fail' });
    expect(results[0]?.details).toMatch(/^query failed: .*read-only transaction/);
    expect(results[1]).toMatchObject({ name: 'sql: leaks', status: 'fail' });
    expect(results[1]?.details).toMatch(/^query failed: invalid input syntax/);
    expect(results[1]?.details).not.toContain('Very-Secret-Token-77');
    expect(results[2]).toEqual({ name: 'sql: after', status: 'pass', details: '1 row(s), first value "0"' });
  });
});
