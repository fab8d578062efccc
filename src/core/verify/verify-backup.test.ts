/**
 * Verification on real compressed streams (zstd, gzip, none) and a real pg_dump archive, in memory storage:
 * every comparison is made to fail on its own, including a replacement that is a valid stream of the same codec
 * and the same length, which only the stored sha256 can catch.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  BACKUP_ID,
  compress,
  manifestOf,
  sameLengthReplacement,
  sha256,
  storeObject,
  TINY_DUMP,
} from '../../../test/helpers/stored-objects.ts';
import { findPgBinaries, pgTool, selectClientFor } from '../postgres/binaries.ts';
import { latestVerification } from '../repository/catalog.ts';
import { MemoryStorage } from '../storage/memory.ts';
import { majorOf, verifyBackup, verifyObject } from './verify-backup.ts';

const KEY = `backups/${BACKUP_ID}/app.dump.zst`;
const pgRestore = pgTool(selectClientFor(15, await findPgBinaries({})), 'pg_restore');
const fakeBin = mkdtempSync(join(tmpdir(), 'dbb-verify-'));
afterAll(() => rmSync(fakeBin, { recursive: true, force: true }));

/** A stand-in pg_restore that drains stdin, prints `stdout` and exits with `code`: outcomes the real one rarely gives. */
function fakePgRestore(name: string, stdout: string, code: number): string {
  const path = join(fakeBin, name);
  writeFileSync(path, `#!/bin/sh\ncat > /dev/null\nprintf '${stdout}'\nexit ${code}\n`, { mode: 0o755 });
  return path;
}

const byName = <T extends { name: string }>(checks: T[], prefix: string) =>
  checks.find((c) => c.name.startsWith(prefix));

describe('majorOf', () => {
  it.each([
    ['15.4 (Debian 15.4-1.pgdg120+1)', 15],
    ['16.0', 16],
    ['10.23', 10],
    ['9.6.24', 9.6],
    ['9.2.1', 9.2],
    ['', 0],
  ])('%j is major %d', (version, major) => expect(majorOf(version)).toBe(major));
});

describe('verifyObject', () => {
  it('an intact zstd archive passes all three checks, naming what was compared', async () => {
    const storage = new MemoryStorage();
    const object = await storeObject(storage, KEY, TINY_DUMP, 'zstd');
    const checks = await verifyObject(storage, manifestOf([object]), object, pgRestore);
    expect(checks).toEqual([
      {
        name: `checksum ${KEY}`,
        ok: true,
        details: `sha256 ${object.storedSha256.slice(0, 16)}… matches (${object.storedSize} bytes)`,
      },
      {
        name: `decompress ${KEY}`,
        ok: true,
        details: `${TINY_DUMP.length} raw bytes, frame checksums valid`,
      },
      { name: 'pg_restore --list app', ok: true, details: '3 archive entries readable' },
    ]);
  });

  it('a valid zstd stream of the same length replacing the object fails the checksum check alone', async () => {
    const storage = new MemoryStorage();
    const object = await storeObject(storage, KEY, TINY_DUMP, 'zstd');
    const other = compress(sameLengthReplacement(TINY_DUMP, 'zstd'), 'zstd');
    expect(other.length).toBe(object.storedSize);
    await storage.put(KEY, other);
    const checks = await verifyObject(storage, manifestOf([object]), object, pgRestore);
    expect(checks.map((c) => [c.name.split(' ')[0], c.ok])).toEqual([
      ['checksum', false],
      ['decompress', true],
      ['pg_restore', true],
    ]);
    expect(byName(checks, 'checksum')?.details).toBe(
      `stored sha256 ${sha256(other).slice(0, 16)}… (${other.length} bytes) != manifest ${object.storedSha256.slice(0, 16)}… (${object.storedSize} bytes)`,
    );
  });

  it("another backup's valid object (different size) fails the checksum check", async () => {
    const storage = new MemoryStorage();
    const object = await storeObject(storage, KEY, TINY_DUMP, 'zstd');
    await storage.put(KEY, compress(TINY_DUMP, 'zstd', 19));
    const checks = await verifyObject(storage, manifestOf([object]), object, pgRestore);
    expect(byName(checks, 'checksum')?.ok).toBe(false);
  });

  it('the same bytes with a wrong recorded size fail the checksum check', async () => {
    const storage = new MemoryStorage();
    const object = await storeObject(storage, KEY, TINY_DUMP, 'zstd');
    const wrongSize = { ...object, storedSize: object.storedSize + 1 };
    const checks = await verifyObject(storage, manifestOf([wrongSize]), wrongSize, undefined);
    expect(byName(checks, 'checksum')?.ok).toBe(false);
  });

  it('gzip: a raw sha256 that differs from the manifest fails the decompress check', async () => {
    const storage = new MemoryStorage();
    const key = `backups/${BACKUP_ID}/app.dump.gz`;
    const object = await storeObject(storage, key, TINY_DUMP, 'gzip');
    const tampered = { ...object, rawSha256: sha256(Buffer.from('something else')) };
    const manifest = manifestOf([tampered], { compression: { algorithm: 'gzip', level: 6 } });
    const checks = await verifyObject(storage, manifest, tampered, pgRestore);
    expect(byName(checks, 'checksum')?.ok).toBe(true);
    expect(byName(checks, 'decompress')).toEqual({
      name: `decompress ${key}`,
      ok: false,
      details: `raw sha256 ${sha256(TINY_DUMP).slice(0, 16)}… differs from the manifest`,
    });
    const intact = await verifyObject(storage, manifest, object, pgRestore);
    expect(byName(intact, 'decompress')).toMatchObject({
      ok: true,
      details: `${TINY_DUMP.length} raw bytes, sha256 matches`,
    });
  });

  it('a raw size that differs from the manifest fails the decompress check', async () => {
    const storage = new MemoryStorage();
    const object = await storeObject(storage, KEY, TINY_DUMP, 'zstd');
    const tampered = { ...object, rawSize: TINY_DUMP.length - 1 };
    const checks = await verifyObject(storage, manifestOf([tampered]), tampered, undefined);
    expect(byName(checks, 'decompress')).toMatchObject({
      ok: false,
      details: `decompressed to ${TINY_DUMP.length} bytes, the manifest says ${TINY_DUMP.length - 1}`,
    });
    const gz = await storeObject(storage, 'backups/x/g.gz', TINY_DUMP, 'gzip');
    const gzTampered = { ...gz, rawSize: 1 };
    const gzChecks = await verifyObject(
      storage,
      manifestOf([gzTampered], { compression: { algorithm: 'gzip', level: 6 } }),
      gzTampered,
      undefined,
    );
    expect(byName(gzChecks, 'decompress')?.ok).toBe(false);
  });

  it('damaged bytes the codec rejects: both checks fail and the damage is named', async () => {
    const storage = new MemoryStorage();
    const object = await storeObject(storage, KEY, TINY_DUMP, 'zstd');
    const damaged = compress(TINY_DUMP, 'zstd');
    damaged[damaged.length >> 1]! ^= 0xff;
    await storage.put(KEY, damaged);
    const checks = await verifyObject(storage, manifestOf([object]), object, pgRestore);
    expect(checks).toHaveLength(2);
    expect(checks[0]).toEqual({
      name: `checksum ${KEY}`,
      ok: false,
      details: `stored sha256 ${sha256(damaged).slice(0, 16)}… (${damaged.length} bytes) != manifest ${object.storedSha256.slice(0, 16)}… (${object.storedSize} bytes)`,
    });
    expect(checks[1]).toMatchObject({ name: `decompress ${KEY}`, ok: false });
    expect(checks[1]?.details).toMatch(/zstd|cannot/);
  });

  it('bytes the manifest recorded but the codec cannot read: checksum passes, decompress fails', async () => {
    const storage = new MemoryStorage();
    const garbage = Buffer.from('this was never a zstd stream');
    await storage.put(KEY, garbage);
    const object = {
      key: KEY,
      role: 'database' as const,
      database: 'app',
      storedSize: garbage.length,
      storedSha256: sha256(garbage),
      rawSize: 10,
    };
    const checks = await verifyObject(storage, manifestOf([object]), object, pgRestore);
    expect(checks.map((c) => [c.name, c.ok, c.name.startsWith('checksum') ? c.details : ''])).toEqual([
      [`checksum ${KEY}`, true, 'sha256 matches'],
      [`decompress ${KEY}`, false, ''],
    ]);
  });

  it('bytes the codec cannot read, recorded with the wrong size, fail the checksum check', async () => {
    const storage = new MemoryStorage();
    const garbage = Buffer.from('this was never a zstd stream');
    await storage.put(KEY, garbage);
    const object = {
      key: KEY,
      role: 'database' as const,
      storedSize: garbage.length + 1,
      storedSha256: sha256(garbage),
      rawSize: 10,
    };
    const checks = await verifyObject(storage, manifestOf([object]), object, pgRestore);
    expect(checks[0]?.ok).toBe(false);
  });

  it('pg_restore --list must both exit cleanly and print an archive header; entries are numbered lines', async () => {
    const storage = new MemoryStorage();
    const object = await storeObject(storage, KEY, TINY_DUMP, 'zstd');
    const manifest = manifestOf([object]);
    const listing = '; Archive created at 2026-11-22\\n1; a\\nx 2; not an entry\\n3; b\\n';
    const cases = [
      [fakePgRestore('header-but-fails', listing, 1), false, /^pg_restore --list exited with code 1/],
      [fakePgRestore('no-header', '1; a\\n', 0), false, /^pg_restore --list exited with code 0/],
      [fakePgRestore('listing', listing, 0), true, /^2 archive entries readable$/],
    ] as const;
    for (const [command, ok, details] of cases) {
      const list = (await verifyObject(storage, manifest, object, command))[2];
      expect(list?.ok, command).toBe(ok);
      expect(list?.details).toMatch(details);
    }
  });

  it('a missing object is reported unreadable', async () => {
    const storage = new MemoryStorage();
    const object = await storeObject(new MemoryStorage(), KEY, TINY_DUMP, 'zstd');
    const checks = await verifyObject(storage, manifestOf([object]), object, pgRestore);
    expect(checks[0]).toEqual({ name: `checksum ${KEY}`, ok: false, details: 'object unreadable' });
    expect(checks[1]?.ok).toBe(false);
  });

  it('a readable stream that is not a pg_dump archive fails pg_restore --list', async () => {
    const storage = new MemoryStorage();
    const object = await storeObject(storage, KEY, Buffer.from('plain text, not an archive\n'), 'zstd');
    const checks = await verifyObject(storage, manifestOf([object]), object, pgRestore);
    expect(checks.slice(0, 2).every((c) => c.ok)).toBe(true);
    expect(checks[2]).toMatchObject({ name: 'pg_restore --list app', ok: false });
    expect(checks[2]?.details).toMatch(/^pg_restore --list exited with code 1/);
  });

  it('globals and a missing pg_restore are not listed; a directory-format object that is no tar fails its listing', async () => {
    const storage = new MemoryStorage();
    const globals = await storeObject(storage, 'backups/x/globals.sql', TINY_DUMP, 'none', 'globals');
    const none = manifestOf([globals], { compression: { algorithm: 'none', level: 0 } });
    expect(await verifyObject(storage, none, globals, pgRestore)).toHaveLength(2);
    const object = await storeObject(storage, KEY, TINY_DUMP, 'zstd');
    const directory = manifestOf([object], { format: 'directory' });
    const listed = await verifyObject(storage, directory, object, pgRestore);
    expect(listed).toHaveLength(3);
    expect(listed[2]).toMatchObject({ ok: false });
    expect(listed[2]!.name).toMatch(/^pg_restore --list /);
    expect(await verifyObject(storage, manifestOf([object]), object, undefined)).toHaveLength(2);
    const none2 = await verifyObject(storage, none, globals, pgRestore);
    expect(none2.every((c) => c.ok)).toBe(true);
  });
});

describe('verifyBackup', () => {
  it('checks every object and records the result beside the manifest', async () => {
    const storage = new MemoryStorage();
    const db = await storeObject(storage, KEY, TINY_DUMP, 'zstd');
    const globals = await storeObject(
      storage,
      `backups/${BACKUP_ID}/globals.sql.zst`,
      Buffer.from('CREATE ROLE x;\n'),
      'zstd',
      'globals',
    );
    const at = new Date('2026-11-22T03:00:00.000Z');
    const outcome = await verifyBackup(storage, manifestOf([db, globals]), { now: () => at });
    expect(outcome.ok).toBe(true);
    expect(outcome.backupId).toBe(BACKUP_ID);
    expect(outcome.checks.map((c) => c.name)).toEqual([
      `checksum ${KEY}`,
      `decompress ${KEY}`,
      'pg_restore --list app',
      `checksum ${globals.key}`,
      `decompress ${globals.key}`,
    ]);
    const record = await latestVerification(storage, BACKUP_ID);
    expect(record).toMatchObject({ backupId: BACKUP_ID, ok: true, verifiedAt: at.toISOString() });
    expect(record?.checks).toEqual(outcome.checks);
  });

  it('uses the pg_restore of the configured bin directory and logs each object', async () => {
    const dir = join(fakeBin, 'bin');
    rmSync(dir, { recursive: true, force: true });
    (await import('node:fs')).mkdirSync(dir);
    writeFileSync(join(dir, 'pg_dump'), '#!/bin/sh\necho "pg_dump (PostgreSQL) 15.18"\n', { mode: 0o755 });
    writeFileSync(
      join(dir, 'pg_restore'),
      "#!/bin/sh\ncat > /dev/null\nprintf '; Archive created at x\\n1; only\\n'\n",
      { mode: 0o755 },
    );
    const storage = new MemoryStorage();
    const db = await storeObject(storage, KEY, TINY_DUMP, 'zstd');
    const lines: string[] = [];
    const log = { debug() {}, info: (line: string) => lines.push(line), warn() {} };
    const outcome = await verifyBackup(storage, manifestOf([db]), { pgBinDir: dir, log });
    expect(outcome.checks[2]).toEqual({
      name: 'pg_restore --list app',
      ok: true,
      details: '1 archive entries readable',
    });
    expect(lines).toEqual([`verifying ${KEY}`]);
  });

  it('one failing object fails the backup; record: false writes nothing', async () => {
    const storage = new MemoryStorage();
    const db = await storeObject(storage, KEY, TINY_DUMP, 'zstd');
    await storage.put(KEY, compress(sameLengthReplacement(TINY_DUMP, 'zstd'), 'zstd'));
    const outcome = await verifyBackup(storage, manifestOf([db]), { record: false });
    expect(outcome.ok).toBe(false);
    expect(await latestVerification(storage, BACKUP_ID)).toBeUndefined();
    const recorded = await verifyBackup(storage, manifestOf([db]));
    expect((await latestVerification(storage, BACKUP_ID))?.ok).toBe(false);
    expect(recorded.ok).toBe(false);
  });
});
