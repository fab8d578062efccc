import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateIdentity } from '../crypto/age/keys.ts';
import { type DecryptKeys, type ResolvedEncryption, resolveEncryption } from '../crypto/encryption.ts';
import { EncryptionKeyError, StorageError, WalConflictError, WalNotArchivedError } from '../errors.ts';
import { silentLogger } from '../logger.ts';
import { REPOSITORY_CONFIG_KEY, walFileNameOfKey, walObjectKey } from '../repository/keys.ts';
import { MemoryStorage } from '../storage/memory.ts';
import { shipSpool } from './spool.ts';
import { readWalArea } from './wal-area.ts';
import { archivedComparisonFor, canDecrypt, sealWal, unsealWal } from './wal-crypto.ts';
import { walFetch } from './wal-fetch.ts';
import { walPush } from './wal-push.ts';

const SYSID = 7312345678901234567n;
const NAME = '000000010000000000000001';
const KEY = walObjectKey(String(SYSID), NAME, true);
const pair = generateIdentity();
const other = generateIdentity();

/** The encryption a config with these settings resolves to. */
function encryption(settings: { recipients?: string[]; identities?: string[] }): ResolvedEncryption {
  return resolveEncryption({
    encryption: {
      recipients: settings.recipients ?? [],
      identities: settings.identities ?? [],
      required: false,
      scryptWorkFactor: 10,
    },
  });
}
const archivingSide = encryption({ recipients: [pair.recipient] });
const restoringSide = encryption({ identities: [pair.identity] });

let pgdata: string;

/** A data directory with one ready 16 MiB segment whose header names SYSID; `fill` varies its content. */
async function dataDirectoryWith(segment: Buffer): Promise<void> {
  await mkdir(join(pgdata, 'global'), { recursive: true });
  await mkdir(join(pgdata, 'pg_wal', 'archive_status'), { recursive: true });
  const control = Buffer.alloc(8192);
  control.writeBigUInt64LE(SYSID, 0);
  await writeFile(join(pgdata, 'global', 'pg_control'), control);
  await writeFile(join(pgdata, 'PG_VERSION'), '15\n');
  segment.writeBigUInt64LE(SYSID, 24);
  await writeFile(join(pgdata, 'pg_wal', NAME), segment);
  await writeFile(join(pgdata, 'pg_wal', 'archive_status', `${NAME}.ready`), '');
}

/** A segment: zeros with `noise` random bytes at the start (varies content and compressed length). */
function segmentWith(noise: number): Buffer {
  const segment = Buffer.alloc(16 * 1024 * 1024);
  randomBytes(noise).copy(segment, 64);
  return segment;
}

const push = (storage: MemoryStorage, enc?: ResolvedEncryption) =>
  walPush({
    storage,
    path: `pg_wal/${NAME}`,
    pgdata,
    log: silentLogger,
    ...(enc ? { encryption: enc } : {}),
  });

beforeEach(async () => {
  pgdata = await mkdtemp(join(tmpdir(), 'dbb-walcrypto-'));
});
afterEach(async () => {
  await rm(pgdata, { recursive: true, force: true });
});

describe('encrypted WAL keys', () => {
  it.each([
    ['wal/7/00000001/000000010000000000000001.zst', '000000010000000000000001'],
    ['wal/7/00000001/000000010000000000000001.zst.age', '000000010000000000000001'],
    ['wal/7/00000002/00000002.history.zst.age', '00000002.history'],
    ['wal/7/00000001/000000010000000000000001.partial.zst.age', '000000010000000000000001.partial'],
    ['wal/7/00000001/000000010000000000000001.age', undefined],
    ['wal/7/00000001/000000010000000000000001.zst.age.age', undefined],
    ['wal/7/00000002/000000010000000000000001.zst.age', undefined],
    ['wal/x/00000001/000000010000000000000001.zst.age', undefined],
  ])('%s stores %s', (key, name) => {
    expect(walFileNameOfKey(key)).toBe(name);
  });
  it('an encrypted key is the plain key plus .age, and parses back', () => {
    expect(KEY).toBe(`${walObjectKey(String(SYSID), NAME)}.age`);
    expect(walFileNameOfKey(KEY)).toBe(NAME);
  });
});

describe('the idempotency rule', () => {
  const recipientRecord = archivingSide.encryptor!.record;
  const passphraseRecord = { scheme: 'age-v1' as const, recipientFingerprint: 'scrypt:passphrase' };
  const none: DecryptKeys = { identities: [], passphrases: [] };
  it.each([
    ['plain repository', null, none, 'bytes'],
    ['recipients only (the archiving server)', recipientRecord, none, 'sealed-length'],
    ['recipients and an identity', recipientRecord, restoringSide.keys, 'bytes'],
    [
      'a passphrase repository with its passphrase',
      passphraseRecord,
      { identities: [], passphrases: ['p'] } as DecryptKeys,
      'bytes',
    ],
    ['a passphrase repository with only an identity', passphraseRecord, restoringSide.keys, 'sealed-length'],
  ] as const)('%s: compares by %s', (_what, record, keys, rule) => {
    expect(archivedComparisonFor(record, keys)).toBe(rule);
    expect(canDecrypt(recipientRecord, keys)).toBe(keys.identities.length > 0);
  });

  it('a fresh seal has the stored length but other bytes; different content seals to another length', async () => {
    const raw = segmentWith(4096);
    const [a, b] = await Promise.all([
      sealWal(raw, archivingSide.encryptor),
      sealWal(raw, archivingSide.encryptor),
    ]);
    expect(a.subarray(0, 21).toString()).toBe('age-encryption.org/v1');
    expect(a.length).toBe(b.length);
    expect(a.equals(b)).toBe(false);
    expect((await unsealWal(a, KEY, restoringSide.keys)).equals(raw)).toBe(true);
    const changed = Buffer.from(raw);
    randomBytes(4096).copy(changed, 8192);
    expect((await sealWal(changed, archivingSide.encryptor)).length).not.toBe(a.length);
  });
});

describe('wal-push and wal-fetch in an encrypted repository', () => {
  it('stores compress-then-age under .zst.age; a repeat is already archived; a different file conflicts and keeps the original', async () => {
    const storage = new MemoryStorage();
    const segment = segmentWith(4096);
    await dataDirectoryWith(Buffer.from(segment));
    expect((await push(storage, archivingSide)).requested.status).toBe('stored');
    const stored = await buffer(await storage.get(KEY));
    expect(stored.subarray(0, 21).toString()).toBe('age-encryption.org/v1');
    expect(await storage.stat(walObjectKey(String(SYSID), NAME))).toBeUndefined();
    // Recipients only: compared by sealed length.
    expect((await push(storage, archivingSide)).requested.status).toBe('already-archived');
    // With the identity too: compared by content.
    const both = encryption({ recipients: [pair.recipient], identities: [pair.identity] });
    expect((await push(storage, both)).requested.status).toBe('already-archived');
    await rm(pgdata, { recursive: true });
    await dataDirectoryWith(segmentWith(8192));
    await expect(push(storage, archivingSide)).rejects.toBeInstanceOf(WalConflictError);
    await expect(push(storage, both)).rejects.toBeInstanceOf(WalConflictError);
    expect((await buffer(await storage.get(KEY))).equals(stored)).toBe(true);
  });

  it('refuses plain WAL into an encrypted repository and encrypted WAL into a plain one, writing nothing', async () => {
    await dataDirectoryWith(segmentWith(16));
    const encrypted = new MemoryStorage();
    await push(encrypted, archivingSide);
    await rm(pgdata, { recursive: true });
    await dataDirectoryWith(segmentWith(16));
    const before = (await encrypted.list('')).map((o) => o.key).sort();
    await expect(push(encrypted)).rejects.toThrow(/is encrypted, and no encryption key is configured/);
    await expect(push(encrypted)).rejects.toBeInstanceOf(EncryptionKeyError);
    expect((await encrypted.list('')).map((o) => o.key).sort()).toEqual(before);

    // An encrypted repository (a logical backup came first) without a WAL area yet: plain WAL is refused.
    const encryptedRepository = new MemoryStorage();
    await encryptedRepository.put(
      REPOSITORY_CONFIG_KEY,
      JSON.stringify({
        formatVersion: 1,
        createdAt: new Date().toISOString(),
        toolVersion: 'x',
        encryption: archivingSide.encryptor!.record,
      }),
    );
    await expect(push(encryptedRepository)).rejects.toThrow(/is encrypted, and no encryption key/);
    expect((await encryptedRepository.list('')).map((o) => o.key)).toEqual([REPOSITORY_CONFIG_KEY]);

    const plain = new MemoryStorage();
    await plain.put(
      REPOSITORY_CONFIG_KEY,
      JSON.stringify({
        formatVersion: 1,
        createdAt: new Date().toISOString(),
        toolVersion: 'x',
        encryption: null,
      }),
    );
    await expect(push(plain, archivingSide)).rejects.toThrow(/is not encrypted; refusing/);
    expect((await plain.list('')).map((o) => o.key)).toEqual([REPOSITORY_CONFIG_KEY]);
  });

  it('a repository config the archiving OS user cannot read: the configured keys decide, the area records them', async () => {
    await dataDirectoryWith(segmentWith(16));
    const storage = new (class extends MemoryStorage {
      override async get(key: string) {
        if (key !== REPOSITORY_CONFIG_KEY) return super.get(key);
        const denied = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
        throw new StorageError(`cannot read ${key}: permission denied`, { cause: denied });
      }
    })();
    await storage.put(REPOSITORY_CONFIG_KEY, '{}');
    expect((await push(storage, archivingSide)).requested.status).toBe('stored');
    expect((await readWalArea(storage))?.encryption).toEqual(archivingSide.encryptor!.record);
    await expect(push(storage)).rejects.toBeInstanceOf(EncryptionKeyError);
  });

  it('wal-fetch decrypts with the identity; without one or with another it fails with a key error, never "not archived"', async () => {
    const storage = new MemoryStorage();
    const segment = segmentWith(4096);
    await dataDirectoryWith(Buffer.from(segment));
    await push(storage, archivingSide);
    const original = await readFile(join(pgdata, 'pg_wal', NAME));
    const fetch = (keys: ResolvedEncryption['keys'] | undefined, name = NAME) =>
      walFetch({
        storage,
        name,
        destination: join(pgdata, 'restored'),
        pgdata,
        prefetch: 0,
        log: silentLogger,
        ...(keys ? { keys } : {}),
      });
    await fetch(restoringSide.keys);
    expect((await readFile(join(pgdata, 'restored'))).equals(original)).toBe(true);
    await expect(fetch(undefined)).rejects.toThrow(/encrypted.*no identity is configured/);
    await expect(fetch(encryption({ identities: [other.identity] }).keys)).rejects.toBeInstanceOf(
      EncryptionKeyError,
    );
    await expect(fetch(restoringSide.keys, '000000010000000000000002')).rejects.toBeInstanceOf(
      WalNotArchivedError,
    );
  });

  it('the spool shipper seals with the recipients too', async () => {
    const storage = new MemoryStorage();
    await mkdir(join(pgdata, 'acks'), { recursive: true });
    const segment = segmentWith(4096);
    segment.writeBigUInt64LE(SYSID, 24);
    await writeFile(join(pgdata, NAME), segment);
    const identity = { systemIdentifier: String(SYSID), pgMajor: '15', walSegmentSize: 16 * 1024 * 1024 };
    const pass = await shipSpool({
      spoolDir: pgdata,
      storage,
      identity,
      log: silentLogger,
      encryption: archivingSide,
    });
    expect(pass.failed).toEqual([]);
    expect(pass.shipped.map((f) => f.status)).toEqual(['stored']);
    expect(
      (await unsealWal(await buffer(await storage.get(KEY)), KEY, restoringSide.keys)).equals(segment),
    ).toBe(true);
    await writeFile(join(pgdata, NAME), segment);
    await expect(
      shipSpool({ spoolDir: pgdata, storage, identity, log: silentLogger }),
    ).rejects.toBeInstanceOf(EncryptionKeyError);
  });
});
