import { describe, expect, it } from 'vitest';
import { InvalidBackupIdError } from '../errors.ts';
import {
  assertBackupId,
  BACKUP_ID_PATTERN,
  BACKUPS_PREFIX,
  backupIdOfKey,
  backupPrefix,
  backupReportKey,
  compactTimestamp,
  DRILL_REPORTS_PREFIX,
  databaseObjectKey,
  drillReportKey,
  globalsObjectKey,
  lockKey,
  manifestKey,
  newBackupId,
  REPOSITORY_CONFIG_KEY,
  slugifyDatabaseName,
  verificationKey,
  verificationPrefix,
  walFileNameOfKey,
  walObjectKey,
} from './keys.ts';

const ID = '20261122T020000Z-app-abcdef';
const AT = new Date('2026-11-22T03:04:05.678Z');

describe('backup ids and keys', () => {
  it('ids sort by start time as text', () => {
    const a = newBackupId('app', new Date('2026-11-22T02:00:00Z'), () => 'ffffff');
    const b = newBackupId('app', new Date('2026-11-22T02:00:01Z'), () => '000000');
    expect(a).toBe('20261122T020000Z-app-ffffff');
    expect([b, a].sort()).toEqual([a, b]);
  });

  it('a new id without an injected random part ends in 6 random hex digits and is valid', () => {
    const ids = new Set(Array.from({ length: 20 }, () => newBackupId('My DB', AT)));
    for (const id of ids) {
      expect(id).toMatch(/^20261122T030405Z-my_db-[0-9a-f]{6}$/);
      expect(assertBackupId(id)).toBe(id);
    }
    expect(ids.size).toBeGreaterThan(1);
  });

  it.each([
    '../etc',
    'a/b',
    '',
    '20261122T020000Z-app-ffffff/..',
    '20261122T020000Z-App-ffffff',
    '20261122T020000Z-app-ffffff\n',
    'x20261122T020000Z-app-ffffff',
    '2026112T020000Z-app-ffffff',
    '20261122T02000Z-app-ffffff',
    '20261122X020000Z-app-ffffff',
    '20261122T020000-app-ffffff',
    '20261122T020000Z--ffffff',
    `20261122T020000Z-${'a'.repeat(41)}-ffffff`,
    '20261122T020000Z-app-fffff',
    '20261122T020000Z-app-fffffff',
    '20261122T020000Z-app-FFFFFF',
    '20261122T020000Z-app-gggggg',
    '20261122T020000Z-a.b-ffffff',
  ])('rejects %j with a message and a hint', (id) => {
    expect(() => assertBackupId(id)).toThrow(InvalidBackupIdError);
    try {
      assertBackupId(id);
    } catch (error) {
      expect((error as InvalidBackupIdError).message).toBe(`invalid backup id ${JSON.stringify(id)}`);
      expect((error as InvalidBackupIdError).hint).toMatch(/20261122T020000Z-mydb-a1b2c3.*db-backup list/);
    }
  });

  it.each([
    '20261122T020000Z-app-ffffff',
    `20261122T020000Z-${'a'.repeat(40)}-012345`,
    '20261122T020000Z-a_b-c-abcdef',
    '20261122T020000Z-9-abcdef',
  ])('accepts %j', (id) => {
    expect(BACKUP_ID_PATTERN.test(id)).toBe(true);
    expect(assertBackupId(id)).toBe(id);
  });

  it.each([
    ['app', 'app'],
    ['My App', 'my_app'],
    ['café', 'cafe'],
    ['ﬁle', 'file'],
    ['../../etc', 'etc'],
    ['__x__', 'x'],
    ['a/b\\c', 'a_b_c'],
    ['x; DROP TABLE y', 'x_drop_table_y'],
    ['keep-dash_under', 'keep-dash_under'],
    ['表', 'db'],
    ['.', 'db'],
    ['', 'db'],
    ['a'.repeat(50), 'a'.repeat(40)],
  ])('slug of %j is %j', (name, slug) => {
    expect(slugifyDatabaseName(name)).toBe(slug);
  });

  it('slugs hostile database names into safe key segments', () => {
    for (const name of ['../../etc', 'a/b\\c', 'x; DROP TABLE y', '表', '"quoted"', '.']) {
      const slug = slugifyDatabaseName(name);
      expect(slug).toMatch(/^[a-z0-9_-]{1,40}$/);
      expect(
        databaseObjectKey(
          newBackupId(name, new Date(), () => 'abcdef'),
          name,
          'dump.zst',
        ),
      ).not.toMatch(/\.\.|\/\//);
    }
  });

  it('builds every key of the repository layout in one place', () => {
    expect(REPOSITORY_CONFIG_KEY).toBe('db-backup.json');
    expect(BACKUPS_PREFIX).toBe('backups/');
    expect(DRILL_REPORTS_PREFIX).toBe('reports/drills/');
    expect(backupPrefix(ID)).toBe(`backups/${ID}/`);
    expect(manifestKey(ID)).toBe(`backups/${ID}/manifest.json`);
    expect(databaseObjectKey(ID, 'My App', 'dump.zst')).toBe(`backups/${ID}/my_app.dump.zst`);
    expect(globalsObjectKey(ID, 'sql.zst')).toBe(`backups/${ID}/globals.sql.zst`);
    expect(verificationPrefix(ID)).toBe(`verifications/${ID}/`);
    expect(verificationKey(ID, AT)).toBe(`verifications/${ID}/20261122T030405Z.json`);
    expect(backupReportKey(ID)).toBe(`reports/backups/${ID}.json`);
    expect(drillReportKey(ID, AT)).toBe(`reports/drills/20261122T030405Z-${ID}.json`);
    expect(lockKey('My App')).toBe('locks/my_app.lock');
  });

  it('every key built from an id refuses a malformed id', () => {
    for (const build of [
      () => backupPrefix('../x'),
      () => manifestKey('../x'),
      () => databaseObjectKey('../x', 'app', 'dump'),
      () => globalsObjectKey('../x', 'sql'),
      () => verificationPrefix('../x'),
      () => verificationKey('../x', AT),
      () => backupReportKey('../x'),
      () => drillReportKey('../x', AT),
    ]) {
      expect(build).toThrow(InvalidBackupIdError);
    }
  });

  it('maps keys back to their backup id', () => {
    expect(backupIdOfKey(manifestKey(ID))).toBe(ID);
    expect(backupIdOfKey(`backups/${ID}`)).toBe(ID);
    expect(backupIdOfKey(`backups/${ID}/app.dump.zst`)).toBe(ID);
    expect(backupIdOfKey('reports/x.json')).toBeUndefined();
    expect(backupIdOfKey(`reports/backups/${ID}.json`)).toBeUndefined();
    expect(backupIdOfKey(`x/backups/${ID}/manifest.json`)).toBeUndefined();
    expect(backupIdOfKey('backups/')).toBeUndefined();
    // Same length as `backups/`: only the prefix itself tells them apart.
    expect(backupIdOfKey(`locking/${ID}/x`)).toBeUndefined();
    expect(backupIdOfKey('backups/not-an-id/manifest.json')).toBeUndefined();
  });

  it('compact timestamps drop separators and milliseconds', () => {
    expect(compactTimestamp(new Date('2026-01-02T03:04:05.678Z'))).toBe('20260102T030405Z');
    expect(compactTimestamp(new Date('2026-12-31T23:59:59.000Z'))).toBe('20261231T235959Z');
  });
});

describe('WAL keys', () => {
  it('files WAL by system id and timeline', () => {
    expect(walObjectKey('7312345678901234567', '000000020000000000000003')).toBe(
      'wal/7312345678901234567/00000002/000000020000000000000003.zst',
    );
    expect(walObjectKey('7', '00000002.history')).toBe('wal/7/00000002/00000002.history.zst');
    expect(walFileNameOfKey('wal/7/00000002/00000002.history.zst')).toBe('00000002.history');
    expect(walFileNameOfKey('wal/area.json')).toBeUndefined();
  });
  it.each(['../x', '00000001', '000000010000000000000002/x', 'a.history'])('rejects the name %j', (name) => {
    expect(() => walObjectKey('7', name)).toThrow(/invalid WAL file name/);
  });
  it('rejects a system id that is not a number', () => {
    expect(() => walObjectKey('../7', '000000010000000000000001')).toThrow(/system identifier/);
  });
});
