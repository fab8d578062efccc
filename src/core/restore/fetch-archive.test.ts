/**
 * The restore's download step on real compressed streams: it must refuse, before anything is restored, every
 * object that differs from the manifest, including a valid stream of the same codec and the same length.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  BACKUP_ID,
  compress,
  manifestOf,
  sameLengthReplacement,
  sha256,
  storeObject,
  TINY_DUMP,
} from '../../../test/helpers/stored-objects.ts';
import { VerificationFailedError } from '../errors.ts';
import { MemoryStorage } from '../storage/memory.ts';
import { fetchArchive } from './fetch-archive.ts';

const KEY = `backups/${BACKUP_ID}/app.dump.zst`;
const root = mkdtempSync(join(tmpdir(), 'dbb-fetch-'));
let workDir: string;
let n = 0;

beforeEach(() => {
  workDir = join(root, String(n++));
  mkdirSync(workDir);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The rejection of `promise`, asserted to be a VerificationFailedError. */
async function refusal(promise: Promise<unknown>): Promise<VerificationFailedError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(VerificationFailedError);
  return error as VerificationFailedError;
}

/** A tar stream of a directory holding `files`, as a directory-format backup stores it. */
function tarOf(files: Record<string, string>): Buffer {
  const dir = mkdtempSync(join(root, 'tar-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  // Named files, no `.` entry: the directory's mode is then the one fetchArchive gave it.
  return execFileSync('tar', ['-c', '-f', '-', '-C', dir, ...Object.keys(files)]);
}

describe('fetchArchive', () => {
  it('an intact zstd archive lands decompressed in the work directory', async () => {
    const storage = new MemoryStorage();
    const object = await storeObject(storage, KEY, TINY_DUMP, 'zstd');
    const fetched = await fetchArchive(storage, manifestOf([object]), object, workDir, 'archive');
    expect(fetched).toEqual({
      path: join(workDir, 'archive'),
      rawBytes: TINY_DUMP.length,
      storedBytes: object.storedSize,
    });
    expect(readFileSync(fetched.path).equals(TINY_DUMP)).toBe(true);
  });

  it('gzip archives land as files too (the raw bytes bypass Node, so only the raw size is compared)', async () => {
    const storage = new MemoryStorage();
    const object = await storeObject(storage, `backups/${BACKUP_ID}/app.dump.gz`, TINY_DUMP, 'gzip');
    expect(object.rawSha256).toBeDefined();
    const manifest = manifestOf([object], { compression: { algorithm: 'gzip', level: 6 } });
    const fetched = await fetchArchive(storage, manifest, object, workDir, 'archive');
    expect(readFileSync(fetched.path).equals(TINY_DUMP)).toBe(true);
  });

  it('the globals of a directory-format backup are a file, not a tar stream', async () => {
    const storage = new MemoryStorage();
    const sql = Buffer.from('CREATE ROLE auditor;\n');
    const globals = await storeObject(
      storage,
      `backups/${BACKUP_ID}/globals.sql.zst`,
      sql,
      'zstd',
      'globals',
    );
    const manifest = manifestOf([globals], { format: 'directory' });
    const fetched = await fetchArchive(storage, manifest, globals, workDir, 'globals.sql');
    expect(fetched.path).toBe(join(workDir, 'globals.sql'));
    expect(readFileSync(fetched.path, 'utf8')).toBe('CREATE ROLE auditor;\n');
  });

  it('a valid zstd stream of the same length is refused by its sha256, naming both hashes', async () => {
    const storage = new MemoryStorage();
    const object = await storeObject(storage, KEY, TINY_DUMP, 'zstd');
    const other = compress(sameLengthReplacement(TINY_DUMP, 'zstd'), 'zstd');
    expect(other.length).toBe(object.storedSize);
    await storage.put(KEY, other);
    const error = await refusal(fetchArchive(storage, manifestOf([object]), object, workDir, 'archive'));
    expect(error.message).toBe(
      `checksum mismatch for ${KEY}: stored bytes hash to ${sha256(other).slice(0, 16)}… (${other.length} bytes), the manifest says ${object.storedSha256.slice(0, 16)}… (${object.storedSize} bytes); nothing was restored`,
    );
    expect(error.hint).toMatch(/restore an older backup.*verify --all/);
  });

  it("another backup's object and a wrong recorded size are refused", async () => {
    const storage = new MemoryStorage();
    const object = await storeObject(storage, KEY, TINY_DUMP, 'zstd');
    await storage.put(KEY, compress(TINY_DUMP, 'zstd', 19));
    expect(
      (await refusal(fetchArchive(storage, manifestOf([object]), object, workDir, 'a'))).message,
    ).toMatch(/^checksum mismatch/);
    const fresh = await storeObject(storage, KEY, TINY_DUMP, 'zstd');
    const wrongSize = { ...fresh, storedSize: fresh.storedSize - 1 };
    expect(
      (await refusal(fetchArchive(storage, manifestOf([wrongSize]), wrongSize, workDir, 'b'))).message,
    ).toMatch(/^checksum mismatch/);
  });

  it('damage the codec trips over is reported as a checksum mismatch, not a codec error', async () => {
    const storage = new MemoryStorage();
    const object = await storeObject(storage, KEY, TINY_DUMP, 'zstd');
    const damaged = compress(TINY_DUMP, 'zstd');
    damaged[damaged.length >> 1]! ^= 0xff;
    await storage.put(KEY, damaged);
    const error = await refusal(fetchArchive(storage, manifestOf([object]), object, workDir, 'archive'));
    expect(error.message).toMatch(/^checksum mismatch for .*nothing was restored$/);
  });

  it('bytes the manifest recorded but the codec cannot read keep the codec error', async () => {
    const storage = new MemoryStorage();
    const garbage = Buffer.from('never a zstd stream');
    await storage.put(KEY, garbage);
    const object = {
      key: KEY,
      role: 'database' as const,
      storedSize: garbage.length,
      storedSha256: sha256(garbage),
      rawSize: 1,
    };
    const error = await refusal(fetchArchive(storage, manifestOf([object]), object, workDir, 'archive'));
    expect(error.message).toMatch(/^cannot read /);
  });

  it('a raw size or raw sha256 that differs from the manifest is refused', async () => {
    const storage = new MemoryStorage();
    const zst = await storeObject(storage, KEY, TINY_DUMP, 'zstd');
    const shorter = { ...zst, rawSize: zst.rawSize - 1 };
    expect((await refusal(fetchArchive(storage, manifestOf([shorter]), shorter, workDir, 'a'))).message).toBe(
      `decompressed ${KEY} does not match the manifest; nothing was restored`,
    );

    const plainKey = `backups/${BACKUP_ID}/app.dump`;
    const plain = await storeObject(storage, plainKey, TINY_DUMP, 'none');
    const none = { compression: { algorithm: 'none' as const, level: 0 } };
    const wrongRaw = { ...plain, rawSha256: sha256(Buffer.from('x')) };
    expect(
      (await refusal(fetchArchive(storage, manifestOf([wrongRaw], none), wrongRaw, workDir, 'b'))).message,
    ).toMatch(/does not match the manifest/);
    // Without a recorded raw sha256 the size alone decides.
    const { rawSha256: _omit, ...noRaw } = plain;
    const fetched = await fetchArchive(storage, manifestOf([noRaw], none), noRaw, workDir, 'c');
    expect(fetched.rawBytes).toBe(TINY_DUMP.length);
  });

  it('directory-format archives are unpacked into a directory; their raw sha256 is checked', async () => {
    const storage = new MemoryStorage();
    const tar = tarOf({ 'toc.dat': 'table of contents', '3340.dat': 'rows' });
    const key = `backups/${BACKUP_ID}/app.dump.tar.gz`;
    const object = await storeObject(storage, key, tar, 'gzip');
    const manifest = manifestOf([object], {
      format: 'directory',
      compression: { algorithm: 'gzip', level: 6 },
    });
    const fetched = await fetchArchive(storage, manifest, object, workDir, 'archive');
    expect(fetched.path).toBe(join(workDir, 'archive.dir'));
    // The unpacked dump is private to this user, like the file of a custom-format archive.
    expect(statSync(fetched.path).mode & 0o777).toBe(0o700);
    expect(readdirSync(fetched.path).sort()).toEqual(['3340.dat', 'toc.dat']);
    expect(readFileSync(join(fetched.path, 'toc.dat'), 'utf8')).toBe('table of contents');

    const wrongRaw = { ...object, rawSha256: sha256(Buffer.from('other')) };
    const error = await refusal(
      fetchArchive(storage, { ...manifest, objects: [wrongRaw] }, wrongRaw, workDir, 'again'),
    );
    expect(error.message).toMatch(/does not match the manifest/);
  });

  it('a directory-format object that is not a tar stream cannot be unpacked', async () => {
    const storage = new MemoryStorage();
    const key = `backups/${BACKUP_ID}/app.dump.tar.zst`;
    const object = await storeObject(
      storage,
      key,
      Buffer.from('not a tar archive at all'.repeat(40)),
      'zstd',
    );
    const manifest = manifestOf([object], { format: 'directory' });
    const error = await refusal(fetchArchive(storage, manifest, object, workDir, 'archive'));
    expect(error.message).toMatch(new RegExp(`^cannot unpack ${key}: tar exited with code 2`));
  });
});
