/**
 * Loads the sample database full of awkward objects (quoted identifiers, unicode, large objects, partitions,
 * enums, domains, generated columns, materialized views, roles and grants) with psql. The demo shows a round trip
 * on it and the tests use it as their fixture.
 */
import { fileURLToPath } from 'node:url';
import { DbBackupError } from '../core/errors.ts';
import { runChild } from '../core/pipeline/child.ts';
import { findPgBinaries, pgTool } from '../core/postgres/binaries.ts';
import { childEnv, type PgConnection } from '../core/postgres/connection.ts';

export const SAMPLE_DATA = fileURLToPath(new URL('./sample-data.sql', import.meta.url));

/** Runs sample-data.sql against `database`; throws with psql's message on any error. */
export async function loadSampleData(conn: PgConnection, database: string): Promise<void> {
  const [install] = await findPgBinaries();
  if (!install) throw new DbBackupError('psql not found');
  const result = await runChild(
    pgTool(install, 'psql'),
    ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', SAMPLE_DATA],
    {
      env: childEnv(conn, database),
    },
  );
  if (result.code !== 0) throw new DbBackupError(`loading the sample data failed: ${result.stderr}`);
}
