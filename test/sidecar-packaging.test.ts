/**
 * The sidecar's packaging, checked on a host without a Docker engine: the compose file validates with
 * Debian's docker-compose and names only files that exist, the Dockerfile passes dockerfilelint, the shell
 * entries pass shellcheck, and scripts/backup-manager.sh works in local-CLI mode against a real cluster.
 * (Building the image and running the stack happen in .github/workflows/sidecar.yml.)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type LocalCluster, startLocalCluster } from '../src/core/postgres/local-cluster.ts';
import { createDatabase, databaseExists } from '../src/core/postgres/server.ts';
import { loadSampleData } from '../src/demo/load-sample-data.ts';
import { cliEnvFor } from './helpers/cli.ts';

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
});

describe.skipIf(!has('shellcheck'))('shell entries', () => {
  it.each(['scripts/backup-manager.sh', 'sidecar/restore-drill.sh'])('%s passes shellcheck', (file) => {
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
