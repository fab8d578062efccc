/**
 * The sidecar's packaging, checked on a host without a Docker engine: the compose file validates with
 * Debian's docker-compose and names only files that exist, the Dockerfile passes dockerfilelint, the shell
 * entries pass shellcheck, and scripts/backup-manager.sh works in local-CLI mode against a real cluster.
 * (Building the image and running the stack happen in .github/workflows/sidecar.yml.)
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type LocalCluster, startLocalCluster } from '../src/core/postgres/local-cluster.ts';
import { createDatabase, databaseExists } from '../src/core/postgres/server.ts';
import { loadSampleData } from '../src/demo/load-sample-data.ts';
import { cliEnvFor, runCli } from './helpers/cli.ts';
import { archiveEverything, postgresOwnedDir, startArchivingCluster } from './helpers/wal-cluster.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const has = (program: string) => spawnSync('sh', ['-c', `command -v ${program}`]).status === 0;
const compose = parse(readFileSync(join(ROOT, 'docker-compose.backup.yml'), 'utf8'), { merge: true });
const dockerfile = readFileSync(join(ROOT, 'sidecar/Dockerfile'), 'utf8');
if (!has('docker-compose'))
  console.warn('sidecar-packaging: docker-compose (Debian package) missing: compose validation skipped');
if (!has('shellcheck')) console.warn('sidecar-packaging: shellcheck missing: shell lint skipped');

describe('docker-compose.backup.yml', () => {
  it.skipIf(!has('docker-compose'))('validates with docker-compose config', () => {
    const result = spawnSync(
      'docker-compose',
      ['-f', 'docker-compose.backup.yml', '--profile', 'backup', 'config', '-q'],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    expect(result.status, result.stderr).toBe(0);
  });

  it('puts every service under the backup profile and names only files that exist', () => {
    expect(Object.keys(compose.services).sort()).toEqual([
      'db-backup',
      'minio',
      'minio-bucket',
      'postgres',
      'restore-drill',
      'wal-spool-init',
    ]);
    for (const [name, service] of Object.entries<any>(compose.services)) {
      expect(service.profiles, name).toEqual(['backup']);
      if (service.build) {
        expect(existsSync(join(ROOT, service.build.context))).toBe(true);
        expect(existsSync(join(ROOT, service.build.context, service.build.dockerfile))).toBe(true);
      }
    }
    // The drill's entry script is copied into the image from the repository.
    expect(compose.services['restore-drill'].entrypoint).toEqual(['/app/restore-drill.sh']);
    expect(dockerfile).toContain('COPY sidecar/restore-drill.sh /app/restore-drill.sh');
    expect(compose.services['db-backup'].environment.BACKUP_STORAGE).toMatch(/^s3:\/\//);
    // The one-shot drill runs the image the sidecar service builds.
    expect(compose.services['restore-drill'].image).toBe(compose.services['db-backup'].image);
  });
});

describe('WAL spool shipping in the compose stack', () => {
  const postgres = compose.services.postgres;
  const sidecar = compose.services['db-backup'];
  const setting = (name: string) =>
    (postgres.command as string[]).find((arg) => arg.startsWith(`${name}=`))?.slice(name.length + 1);

  it('archives WAL through the spool script into a volume both services mount', () => {
    expect(setting('wal_level')).toBe('replica');
    expect(setting('archive_mode')).toBe('on');
    expect(setting('archive_command')).toBe('/usr/local/bin/wal-spool-archive.sh %p %f');
    const mounts = (service: { volumes: string[] }) => service.volumes;
    expect(mounts(postgres)).toContain(
      './sidecar/wal-spool-archive.sh:/usr/local/bin/wal-spool-archive.sh:ro',
    );
    for (const m of mounts(postgres).filter((v) => v.startsWith('./')))
      expect(existsSync(join(ROOT, m.split(':')[0]!)), m).toBe(true);
    // The same named volume at the same path, which both services are told is the spool.
    expect(mounts(postgres)).toContain('walspool:/wal-spool');
    expect(mounts(sidecar)).toContain('walspool:/wal-spool');
    expect(postgres.environment.WAL_SPOOL_DIR).toBe('/wal-spool');
    expect(sidecar.environment.WAL_SPOOL_DIR).toBe('/wal-spool');
    // Base backups and WAL are drilled too: a monthly point-in-time drill to a random time in the window.
    expect(sidecar.environment.PITR_DRILL_SCHEDULE).toMatch(/^\$\{PITR_DRILL_SCHEDULE-0 5 \* \* 0#1\}$/);
    expect(sidecar.environment.PITR_DRILL_TARGET).toMatch(/random/);
    expect(Object.keys(compose.volumes)).toContain('walspool');
    expect(postgres.depends_on['wal-spool-init'].condition).toBe('service_completed_successfully');
    expect(sidecar.environment.BACKUP_BASE_BACKUP_SCHEDULE).toMatch(/\S/);
    expect(dockerfile).toContain('COPY sidecar/wal-spool-archive.sh /app/wal-spool-archive.sh');
  });

  it('the script fails (PostgreSQL retries) without an acknowledgement, and a leftover ack does not count', () => {
    const spool = mkdtempSync(join(tmpdir(), 'dbb-spool-script-'));
    try {
      const segment = join(spool, 'source');
      writeFileSync(segment, 'segment bytes');
      mkdirSync(join(spool, 'acks'));
      // An ack from an earlier attempt: the copy is still waiting, so it is not taken as this attempt's.
      writeFileSync(join(spool, 'acks', '000000010000000000000007'), '{}');
      const run = spawnSync(
        'dash',
        [join(ROOT, 'sidecar/wal-spool-archive.sh'), segment, '000000010000000000000007'],
        {
          encoding: 'utf8',
          env: { PATH: '/usr/bin:/bin', WAL_SPOOL_DIR: spool, WAL_SPOOL_TIMEOUT: '1' },
        },
      );
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('no acknowledgement for 000000010000000000000007');
      // The copy is complete under its real name; no temp file is left behind.
      expect(readFileSync(join(spool, '000000010000000000000007'), 'utf8')).toBe('segment bytes');
      expect(readdirSync(spool).filter((n) => n.startsWith('.'))).toEqual([]);
      const missing = spawnSync('dash', [join(ROOT, 'sidecar/wal-spool-archive.sh'), segment, 'x'], {
        encoding: 'utf8',
        env: { PATH: '/usr/bin:/bin', WAL_SPOOL_DIR: join(spool, 'nope') },
      });
      expect(missing.status).toBe(1);
      expect(missing.stderr).toContain('is missing or not writable');
    } finally {
      rmSync(spool, { recursive: true, force: true });
    }
  });
});

describe('sidecar/Dockerfile', () => {
  it('passes dockerfilelint', () => {
    const bin = join(ROOT, 'node_modules/.bin/dockerfilelint');
    const result = spawnSync(bin, [join(ROOT, 'sidecar/Dockerfile')], { encoding: 'utf8' });
    expect(result.status, result.stdout).toBe(0);
  });

  it('is multi-stage, non-root, health-checked, under an init, and copies only files that exist', () => {
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n\s+CMD .*\/healthz/m);
    expect(dockerfile).toMatch(/ENTRYPOINT \["\/usr\/bin\/tini", "--"/);
    expect(dockerfile).toMatch(/ARG PG_MAJOR=\d+/);
    for (const [, source] of dockerfile.matchAll(/^COPY (?!--from)(\S+)/gm)) {
      expect(existsSync(join(ROOT, source!)), source).toBe(true);
    }
    // The final stage copies the self-contained bundle only: no node_modules.
    const final = dockerfile
      .slice(dockerfile.lastIndexOf('\nFROM '))
      .split('\n')
      .filter((line) => !line.startsWith('#'))
      .join('\n');
    expect(final).not.toMatch(/node_modules|npm (ci|install)/);
  });

  it('has the server programs of its major for point-in-time drills, and creates no cluster', () => {
    // The daemon's pitr-drill job starts the base backup in a throwaway cluster (postgres, pg_ctl).
    expect(dockerfile).toMatch(/apt-get install [^\n]*"postgresql-\$\{PG_MAJOR\}"/);
    expect(dockerfile).toMatch(/create_main_cluster\) \.\*\$\/\\1 = false/);
    expect(dockerfile).toMatch(/BACKUP_PG_BIN_DIR=\/usr\/lib\/postgresql\/\$\{PG_MAJOR\}\/bin/);
  });
});

describe.skipIf(!has('shellcheck'))('shell entries', () => {
  it.each([
    'scripts/backup-manager.sh',
    'sidecar/restore-drill.sh',
    'sidecar/wal-spool-archive.sh',
    'sidecar/initdb-replication.sh',
  ])('%s passes shellcheck', (file) => {
    const result = spawnSync('shellcheck', [join(ROOT, file)], { encoding: 'utf8' });
    expect(result.status, result.stdout).toBe(0);
  });
});

describe('scripts/backup-manager.sh in local-CLI mode', () => {
  const PASSWORD = 'manager-Secret-pw';
  let cluster: LocalCluster;
  let root: string;
  let env: Record<string, string>;
  const manager = (...args: string[]) =>
    spawnSync('bash', [join(ROOT, 'scripts/backup-manager.sh'), ...args], {
      encoding: 'utf8',
      // PATH without docker: compose mode is off, the local CLI is used.
      env: { PATH: `${join(ROOT, 'node_modules/node/bin')}:/usr/bin:/bin`, HOME: root, ...env },
      timeout: 120_000,
    });

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'dbb-manager-'));
    cluster = await startLocalCluster({ password: PASSWORD });
    await createDatabase(cluster.connection, 'app');
    await loadSampleData(cluster.connection, 'app');
    env = {
      ...cliEnvFor(cluster, PASSWORD),
      BACKUP_STORAGE: join(root, 'repo'),
      BACKUP_DATABASES: 'app',
      BACKUP_KEEP_LAST: '5',
    };
  });
  afterAll(async () => {
    await cluster?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('create-backup, list-backups, status, restore, monthly-drill, cleanup, logs, help', async () => {
    const created = manager('create-backup');
    expect(created.status, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/-app-[0-9a-f]{6}/);
    const listed = manager('list-backups');
    expect(listed.status).toBe(0);
    expect(listed.stdout).toContain('app');
    expect(manager('status').status).toBe(0);
    const restored = manager('restore');
    expect(restored.status, restored.stderr).toBe(0);
    expect(await databaseExists(cluster.connection, 'app_restored')).toBe(true);
    const drill = manager('monthly-drill');
    expect(drill.status, drill.stdout + drill.stderr).toBe(0);
    expect(drill.stdout).toMatch(/drill SUCCESS/);
    expect(manager('cleanup', '--dry-run').status).toBe(0);
    expect(manager('logs', 'drill').stdout).toMatch(/1\/1 compliant/);
    expect(manager('help').stdout).toContain('monthly-drill');
    const unknown = manager('explode');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown command explode');
    for (const out of [created, listed, restored, drill])
      expect(out.stdout + out.stderr).not.toContain(PASSWORD);
    // Every state-changing CLI operation is in the repository's audit log, attributed to the CLI.
    const audit = readdirSync(join(root, 'repo', 'audit')).map(
      (f) =>
        JSON.parse(readFileSync(join(root, 'repo', 'audit', f), 'utf8')) as {
          actor: string;
          operation: string;
          outcome: string;
        },
    );
    expect(audit.map((e) => `${e.actor}:${e.operation}:${e.outcome}`)).toEqual(
      expect.arrayContaining(['cli:backup:success', 'cli:restore:success', 'cli:drill:success']),
    );
  });
});

describe('scripts/backup-manager.sh pitr', () => {
  const PASSWORD = 'manager-pitr-pw';
  let cluster: LocalCluster;
  let repo: { path: string; remove(): Promise<void> };
  let work: { path: string; remove(): Promise<void> };

  beforeAll(async () => {
    repo = await postgresOwnedDir('dbb-manager-pitr-repo-');
    work = await postgresOwnedDir('dbb-manager-pitr-work-');
    cluster = await startArchivingCluster(repo.path, PASSWORD);
  }, 120_000);
  afterAll(async () => {
    await cluster?.stop();
    await repo?.remove();
    await work?.remove();
  });

  it('restores the newest base backup before TIME into PGDATA with that recovery target', async () => {
    const env = { ...cliEnvFor(cluster, PASSWORD), BACKUP_STORAGE: repo.path };
    const base = await runCli(['base-backup'], { env });
    expect(base.code, base.stderr).toBe(0);
    await archiveEverything(cluster);
    const target = new Date(Date.now() + 1000).toISOString();
    await new Promise((r) => setTimeout(r, 1500));
    await archiveEverything(cluster);
    const pgdata = join(work.path, 'restored');
    const run = spawnSync('bash', [join(ROOT, 'scripts/backup-manager.sh'), 'pitr', target, pgdata], {
      encoding: 'utf8',
      env: { PATH: `${join(ROOT, 'node_modules/node/bin')}:/usr/bin:/bin`, HOME: work.path, ...env },
      timeout: 120_000,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(existsSync(join(pgdata, 'PG_VERSION'))).toBe(true);
    expect(existsSync(join(pgdata, 'recovery.signal'))).toBe(true);
    const auto = readFileSync(join(pgdata, 'postgresql.auto.conf'), 'utf8');
    expect(auto).toContain(`recovery_target_time = '${target.replace('T', ' ').replace('Z', '+00')}'`);
    expect(auto).toMatch(/restore_command = '.*wal-fetch %f %p/);
    for (const out of [run.stdout, run.stderr]) expect(out).not.toContain(PASSWORD);
    // monthly-drill hands its arguments to `db-backup drill`: the point-in-time drill is reachable too.
    const drill = spawnSync(
      'bash',
      [join(ROOT, 'scripts/backup-manager.sh'), 'monthly-drill', '--pitr', '--target-time', 'random'],
      {
        encoding: 'utf8',
        // /usr/sbin: as root the throwaway server is started through runuser.
        env: {
          PATH: `${join(ROOT, 'node_modules/node/bin')}:/usr/sbin:/usr/bin:/bin`,
          HOME: work.path,
          ...env,
        },
        timeout: 120_000,
      },
    );
    expect(drill.status, drill.stdout + drill.stderr).toBe(0);
    expect(drill.stdout).toMatch(/drill SUCCESS/);
    const usage = spawnSync('bash', [join(ROOT, 'scripts/backup-manager.sh'), 'pitr'], { encoding: 'utf8' });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('pitr needs a target time');
    expect(
      spawnSync('bash', [join(ROOT, 'scripts/backup-manager.sh'), 'help'], { encoding: 'utf8' }).stdout,
    ).toContain('pitr TIME [PGDATA]');
    expect(
      spawnSync('bash', [join(ROOT, 'scripts/backup-manager.sh'), 'help'], { encoding: 'utf8' }).stdout,
    ).toContain('monthly-drill --pitr');
  }, 180_000);
});
