import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempRoot } from '../../../test/helpers/temp-root.ts';
import { ConfigError } from '../errors.ts';
import { clearSecrets, redact } from '../redact.ts';
import { configWarnings, loadConfig, urlHasPassword } from './load-config.ts';

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

describe('configuration says what it does', () => {
  it('refuses unknown keys in the config file, naming the path with a suggestion', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dbb-strict-'));
    const file = join(dir, 'config.json');
    writeFileSync(
      file,
      JSON.stringify({
        databses: ['app'],
        retention: { keepDialy: 7 },
        drill: { rpoo: '1h' },
        daemon: { backupSchedul: '0 1 * * *' },
        notifications: { onSucess: true },
        encryption: { recipiens: [] },
        nonsense: 1,
      }),
    );
    try {
      loadConfig({ env: {}, configFile: file });
      expect.unreachable('an unknown key must be refused');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toContain('databses: unknown key (did you mean databases?)');
      expect(problems).toContain('retention.keepDialy: unknown key (did you mean retention.keepDaily?)');
      expect(problems).toContain('drill.rpoo: unknown key (did you mean drill.rpo?)');
      expect(problems).toContain('daemon.backupSchedul: unknown key (did you mean daemon.backupSchedule?)');
      expect(problems).toContain(
        'notifications.onSucess: unknown key (did you mean notifications.onSuccess?)',
      );
      expect(problems).toContain('encryption.recipiens: unknown key (did you mean encryption.recipients?)');
      expect(problems).toContain('nonsense: unknown key');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [{ BACKUP_RPO: '30' }, 'drill.rpo (BACKUP_RPO): duration "30" has no unit'],
    [{ BACKUP_KEEP_WITHIN: '30' }, 'retention.keepWithin (BACKUP_KEEP_WITHIN): duration "30" has no unit'],
  ])('refuses a duration without a unit: %j', (env, expected) => {
    expect(() => loadConfig({ env })).toThrow(expected);
  });

  it('a variable whose name carries the unit takes a bare number', () => {
    expect(loadConfig({ env: { BACKUP_RETENTION_DAYS: '30' } }).retention.keepWithin).toBe('30d');
  });

  it('warns about BACKUP_* variables nothing reads, with a suggestion', () => {
    expect(
      configWarnings({ BACKUP_RETENTON_DAYS: '7', BACKUP_STORAGE: '/x', BACKUP_STORAGE_FILE: '/y' }),
    ).toEqual([
      'environment variable BACKUP_RETENTON_DAYS is not used by db-backup (did you mean BACKUP_RETENTION_DAYS?)',
    ]);
  });
});
