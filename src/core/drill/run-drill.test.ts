import { describe, expect, it } from 'vitest';
import { checkedObjectCount, decryptionCheck, scratchDatabaseName } from './run-drill.ts';

describe('drill report pieces', () => {
  it('decryption is claimed only when the restore decrypted, and says so for plain backups', () => {
    const objects = [{ key: 'backups/x/app.dump.zst.age' }] as never;
    expect(decryptionCheck({ encryption: null, objects }, 'pass')).toEqual({
      name: 'decryption',
      status: 'skip',
      details: 'backup is not encrypted',
    });
    const encrypted = {
      encryption: { scheme: 'age-v1' as const, recipientFingerprint: 'age1:0123456789abcdef' },
      objects,
    };
    expect(decryptionCheck(encrypted, 'pass')).toMatchObject({ status: 'pass' });
    expect(decryptionCheck(encrypted, 'pass').details).toContain('age1:0123456789abcdef');
    expect(decryptionCheck(encrypted, 'fail', new Error('no identity matches'))).toEqual({
      name: 'decryption',
      status: 'fail',
      details: 'no identity matches',
    });
    expect(decryptionCheck(encrypted, 'not reached')).toMatchObject({ status: 'skip' });
  });

  it('the checksum count is the objects the restore fetched and checked, not the manifest size', () => {
    expect(
      checkedObjectCount([
        'checksum ok: backups/x/app.dump.zst (10 bytes stored, 20 raw)',
        'archive readable: 3 entries',
        'checksum ok: backups/x/globals.sql.zst',
        'restored "app" into "copy"',
      ]),
    ).toBe(2);
    expect(checkedObjectCount(['archive readable: 3 entries'])).toBe(0);
  });

  it('scratch databases are named by the drill start, lower case', () => {
    expect(scratchDatabaseName(new Date('2026-11-22T03:00:00.123Z'))).toBe(
      'db_backup_drill_20261122t030000z',
    );
  });
});
