import { describe, expect, it } from 'vitest';
import { checkedObjectCount, decryptionCheck, scratchDatabaseName } from './run-drill.ts';

describe('drill report pieces', () => {
  it('decryption is never claimed: skipped, saying why, encrypted or not', () => {
    expect(decryptionCheck({ encryption: null })).toEqual({
      name: 'decryption',
      status: 'skip',
      details: 'backup is not encrypted',
    });
    expect(decryptionCheck({ encryption: { scheme: 'age-v1', recipientFingerprint: 'age1xyz' } })).toEqual({
      name: 'decryption',
      status: 'skip',
      details: 'encrypted backups are not decrypted by drills yet: decryption was not checked',
    });
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
