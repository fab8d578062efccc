/**
 * `npm run demo`: the whole promise on embedded defaults. A throwaway PostgreSQL cluster, a database full of
 * awkward objects, a backup into ./backups, verification, a restore into a scratch database, and a fingerprint
 * comparison that proves the restore is identical. The cluster is removed afterwards; the backup stays.
 */
import { resolve } from 'node:path';
import { runBackup } from '../core/backup/run-backup.ts';
import { loadConfig } from '../core/config/load-config.ts';
import { diffFingerprints, fingerprintDatabase } from '../core/drill/fingerprint.ts';
import { DbBackupError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import { startLocalCluster } from '../core/postgres/local-cluster.ts';
import { createDatabase } from '../core/postgres/server.ts';
import { redact } from '../core/redact.ts';
import { restoreBackup } from '../core/restore/restore-backup.ts';
import { openConfiguredStorage } from '../core/storage/open-storage.ts';
import { verifyBackup } from '../core/verify/verify-backup.ts';
import { loadSampleData } from './load-sample-data.ts';

const SOURCE = 'demo shop "awkward"';
const SCRATCH = 'demo_restore_check';

/** Runs the demo end to end and resolves the process exit code. */
export async function run(
  print: (line: string) => void = (l) => process.stdout.write(`${redact(l)}\n`),
): Promise<number> {
  const log: Logger = { debug() {}, info: (m) => print(`  · ${m}`), warn: (m) => print(`  ! ${m}`) };
  const storageLocation = process.env.BACKUP_STORAGE ?? './backups';
  print('db-backup demo: starting a throwaway PostgreSQL cluster…');
  const cluster = await startLocalCluster();
  try {
    print(`cluster up (PostgreSQL ${cluster.major}) on 127.0.0.1:${cluster.connection.port}`);
    await createDatabase(cluster.connection, SOURCE);
    await loadSampleData(cluster.connection, SOURCE);
    print(`loaded sample data into ${JSON.stringify(SOURCE)}`);
    const config = loadConfig({
      env: {},
      flags: {
        storage: storageLocation,
        connection: { ...cluster.connection },
        databases: [SOURCE],
        pgBinDir: cluster.binDir,
        backup: { tags: ['demo'] },
      },
    });
    const storage = openConfiguredStorage(config);
    const { manifests } = await runBackup({ config, storage, log });
    const manifest = manifests[0]!;
    const stored = manifest.objects.reduce((n, o) => n + o.storedSize, 0);
    const raw = manifest.objects.reduce((n, o) => n + o.rawSize, 0);
    print(`backup ${manifest.id}: ${stored} bytes stored (${raw} raw) in ${resolve(config.storage)}`);
    const verified = await verifyBackup(storage, manifest, { pgBinDir: cluster.binDir, log });
    print(`verify: ${verified.ok ? 'ok' : 'FAILED'} (${verified.checks.length} checks)`);
    const restored = await restoreBackup({
      storage,
      conn: cluster.connection,
      pgBinDir: cluster.binDir,
      log,
      request: { backupId: manifest.id, targetDatabase: SCRATCH },
    });
    print(`restore into ${JSON.stringify(SCRATCH)}: ${(restored.durationMs / 1000).toFixed(1)}s`);
    const [before, after] = await Promise.all([
      fingerprintDatabase(cluster.connection, SOURCE),
      fingerprintDatabase(cluster.connection, SCRATCH),
    ]);
    const differences = diffFingerprints(before, after);
    const tables = manifest.databases[0]!.tables;
    print('');
    print(
      differences.length === 0
        ? `PASS: restored database is identical to the source (${tables.length} tables, ${tables.reduce((n, t) => n + t.rows, 0)} rows, sequences and large objects compared)`
        : `FAIL: restored database differs:\n  ${differences.join('\n  ')}`,
    );
    print(
      `next: \`npm run cli -- --storage ${config.storage} list\` shows the backup; \`npm test\` runs the test suite`,
    );
    return differences.length === 0 && verified.ok ? 0 : 1;
  } catch (error) {
    print(
      `demo failed: ${error instanceof DbBackupError ? `${error.message}${error.hint ? `\nhint: ${error.hint}` : ''}` : String((error as Error)?.stack ?? error)}`,
    );
    return 1;
  } finally {
    await cluster.stop();
    print('cluster removed');
  }
}
