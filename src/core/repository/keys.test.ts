import { describe, expect, it } from 'vitest';
import { InvalidBackupIdError } from '../errors.ts';
import {
  assertBackupId,
  backupIdOfKey,
  compactTimestamp,
  databaseObjectKey,
  manifestKey,
  newBackupId,
  slugifyDatabaseName,
  walFileNameOfKey,
  walObjectKey,
} from './keys.ts';

describe('backup ids and keys', () => {
  it('ids sort by start time as text', () => {
    const a = newBackupId('app', new Date('2026-11-22T02:00:00Z'), () => 'ffffff');
    const b = newBackupId('app', new Date('2026-11-22T02:00:01Z'), () => '000000');
    expect(a).toBe('20261122T020000Z-app-ffffff');
    expect([b, a].sort()).toEqual([a, b]);
  });

  it.each([
    '../etc',
    'a/b',
    '',
    '20261122T020000Z-app-ffffff/..',
    '20261122T020000Z-App-ffffff',
    '20261122T020000Z-app-ffffff\n',
  ])('rejects %j', (id) => expect(() => assertBackupId(id)).toThrow(InvalidBackupIdError));

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

  it('maps keys back to their backup id', () => {
    const id = '20261122T020000Z-app-abcdef';
    expect(backupIdOfKey(manifestKey(id))).toBe(id);
    expect(backupIdOfKey('reports/x.json')).toBeUndefined();
    expect(compactTimestamp(new Date('2026-01-02T03:04:05.678Z'))).toBe('20260102T030405Z');
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
