import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempRoot } from '../../../test/helpers/temp-root.ts';
import { ConfigError } from '../errors.ts';
import { clearSecrets, redact } from '../redact.ts';
import { loadConfig, urlHasPassword } from './load-config.ts';

const temp = tempRoot('config');

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  afterEach(() => clearSecrets());

  it('defaults serve a local start', () => {
    const config = loadConfig({ env: {} });
    expect(config.storage).toBe('./backups');
    expect(config.backup.compression).toBe('zstd');
    expect(config.drill.rpo).toBe('60m');
    expect(config.drill.rto).toBe('30m');
    expect(config.retention.timeZone).toBe('UTC');
  });

  it('reads BACKUP_*, PG* and sidecar-peer names', () => {
    const config = loadConfig({
      env: {
        BACKUP_STORAGE: '/srv/backups',
        POSTGRES_HOST: 'db',
        PGPORT: '6543',
        POSTGRES_DB: 'app, analytics',
        BACKUP_KEEP_DAYS: '7',
        BACKUP_RETENTION_DAYS: '30',
        BACKUP_COMPRESSION: 'gzip',
      },
    });
    expect(config.storage).toBe('/srv/backups');
    expect(config.connection).toMatchObject({ host: 'db', port: 6543 });
    expect(config.databases).toEqual(['app', 'analytics']);
    expect(config.retention.keepDaily).toBe(7);
    expect(config.retention.keepWithin).toBe('30d');
    expect(config.backup.compression).toBe('gzip');
  });

  it('flags override env, env overrides the file', () => {
    const dir = temp.dir('cfg');
    const file = join(dir, 'db-backup.json');
    writeFileSync(file, JSON.stringify({ storage: '/from-file', drill: { rpo: '2h' }, backup: { jobs: 3 } }));
    const config = loadConfig({
      env: { BACKUP_CONFIG: file, BACKUP_RPO: '90m' },
      flags: { storage: '/from-flag' },
    });
    expect(config.storage).toBe('/from-flag');
    expect(config.drill.rpo).toBe('90m');
    expect(config.backup.jobs).toBe(3);
  });

  it('reads secrets from *_FILE and registers them for redaction', () => {
    const dir = temp.dir('cfg');
    writeFileSync(join(dir, 'pw'), 'file-secret-pw\n');
    const config = loadConfig({ env: { PGPASSWORD_FILE: join(dir, 'pw') } });
    expect(config.connection.password).toBe('file-secret-pw');
    expect(redact('oops file-secret-pw')).toBe('oops ***');
  });

  it('reports every problem at once, naming the variable', () => {
    const problems = problemsOf(() =>
      loadConfig({
        env: { PGPORT: 'abc', BACKUP_COMPRESSION: 'lz9', BACKUP_RPO: 'soon', BACKUP_JOBS: '0' },
      }),
    );
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/connection\.port \(PGPORT\)/);
    expect(problems.join('\n')).toMatch(/backup\.compression \(BACKUP_COMPRESSION\)/);
    expect(problems.join('\n')).toMatch(/drill\.rpo \(BACKUP_RPO\): invalid duration/);
    expect(problems.join('\n')).toMatch(/backup\.jobs \(BACKUP_JOBS\)/);
  });

  it('a broken config file is a problem, not a crash', () => {
    const dir = temp.dir('cfg');
    writeFileSync(join(dir, 'bad.json'), '{ nope');
    expect(problemsOf(() => loadConfig({ env: {}, configFile: join(dir, 'bad.json') }))[0]).toMatch(
      /bad\.json/,
    );
  });

  it('registers the DATABASE_URL password', () => {
    loadConfig({ env: { DATABASE_URL: 'postgres://u:hunter22@h/db' } });
    expect(redact('hunter22')).toBe('***');
  });

  it('the drill scratch URL comes from BACKUP_DRILL_SCRATCH_URL (or _FILE, or the older name), secret registered', () => {
    const dir = temp.dir('cfg');
    writeFileSync(join(dir, 'scratch'), 'postgres://u:from-file-pw@h2/db\n');
    expect(
      loadConfig({
        env: {
          BACKUP_DRILL_SCRATCH_URL: 'postgres://u:env-pw-1@h1/db',
          BACKUP_DRILL_SCRATCH: 'local',
        },
      }).drill.scratch,
    ).toBe('postgres://u:env-pw-1@h1/db');
    expect(loadConfig({ env: { BACKUP_DRILL_SCRATCH_URL_FILE: join(dir, 'scratch') } }).drill.scratch).toBe(
      'postgres://u:from-file-pw@h2/db',
    );
    expect(loadConfig({ env: { BACKUP_DRILL_SCRATCH: 'local' } }).drill.scratch).toBe('local');
    expect(redact('from-file-pw and env-pw-1')).toBe('*** and ***');
  });

  it('a scratch URL from the config file has its password registered too', () => {
    const dir = temp.dir('cfg');
    writeFileSync(
      join(dir, 'c.json'),
      JSON.stringify({ drill: { scratch: 'postgresql://u:in-file-pw@h/db' } }),
    );
    loadConfig({ env: {}, configFile: join(dir, 'c.json') });
    expect(redact('in-file-pw')).toBe('***');
  });

  it.each([
    ['postgres://u:pw@h/db', true],
    ['postgresql://u:p%40ss@h:5432/db', true],
    ['postgres://u@h/db', false],
    ['postgres://h/db', false],
    ['postgres://u:pw@h:99999/db', true],
    ['same', false],
    ['local', false],
  ])('urlHasPassword(%j) is %s', (url, expected) => {
    expect(urlHasPassword(url)).toBe(expected);
  });
});
