/**
 * WAL in an encrypted repository: each file is compressed, then age-encrypted (`.zst.age`), like the objects
 * of a logical backup. The archiving server normally holds only the recipients (public keys), so it can seal
 * but not open; the side that restores holds the identity. The repository's rule is the logical backups'
 * one: all-encrypted or all-plain, fixed when `db-backup.json` was created, and recorded in `wal/area.json`
 * on the first push (the file every archiving and fetching side reads anyway).
 *
 * Idempotency without an identity: a fresh seal of the same bytes has exactly the stored object's length
 * (zstd is deterministic for one level and build; age adds a header whose length depends only on the
 * recipient set, and a 16-byte tag per 64 KiB chunk), while its bytes differ (random file key and nonce).
 * So an archiving side that cannot decrypt accepts an existing object only when its length equals a fresh
 * seal's, and reports a conflict otherwise; with an identity or passphrase it decrypts and compares bytes.
 */
import { Readable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PASSPHRASE_FINGERPRINT } from '../crypto/age/keys.ts';
import { createAgeDecryptStream } from '../crypto/age/stream.ts';
import {
  assertRepositoryEncryption,
  type DecryptKeys,
  type EncryptionRecord,
  type Encryptor,
  type ResolvedEncryption,
} from '../crypto/encryption.ts';
import { EncryptionKeyError } from '../errors.ts';
import { sealBuffer, unsealBuffer } from '../pipeline/seal.ts';
import { openRepository } from '../repository/repository-config.ts';
import type { Storage } from '../storage/types.ts';
import type { ClusterIdentity } from './cluster-identity.ts';
import { ensureWalArea, readWalArea, type WalArea, walAreaEncryption } from './wal-area.ts';

/** How WAL objects are sealed and opened in one repository. */
export interface WalSealing {
  /** Present in an encrypted repository: new objects are encrypted (`.zst.age`). */
  encryptor?: Encryptor;
  /** Identities/passphrases this side holds (often none where WAL is archived). */
  keys: DecryptKeys;
}

export const NO_KEYS: DecryptKeys = { identities: [], passphrases: [] };

/** zstd level for WAL: level 1 keeps up with a busy server and still shrinks typical WAL 3-6x. */
export const WAL_ZSTD_LEVEL = 1;

/** Runs `input` through one Transform and collects its output. */
async function transformBuffer(transform: Transform, input: Buffer): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await pipeline(Readable.from([input]), transform, async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) chunks.push(chunk);
  });
  return Buffer.concat(chunks);
}

/** The stored bytes of one WAL file: zstd (frame checksum on), then age when `encryptor` is given. */
export async function sealWal(raw: Buffer, encryptor: Encryptor | undefined): Promise<Buffer> {
  // No digests: the zstd frame checksum guards the content, and a conflict check compares what it needs.
  const { body } = await sealBuffer(raw, { level: WAL_ZSTD_LEVEL, digests: false });
  return encryptor ? transformBuffer(encryptor.stream(), body) : body;
}

/** The raw bytes of a stored WAL object (`key` ending `.age`: decrypted first); coded errors on damage. */
export async function unsealWal(body: Buffer, key: string, keys: DecryptKeys): Promise<Buffer> {
  const compressed = key.endsWith('.age') ? await transformBuffer(createAgeDecryptStream(keys), body) : body;
  return unsealBuffer(compressed, key);
}

/** Whether `keys` could open objects sealed for `record`: an identity, or a passphrase in passphrase mode. */
export function canDecrypt(record: EncryptionRecord, keys: DecryptKeys): boolean {
  return record.recipientFingerprint === PASSPHRASE_FINGERPRINT
    ? keys.passphrases.length > 0
    : keys.identities.length > 0;
}

/** How an existing object under a WAL file's key is compared with the file (see the module comment). */
export type ArchivedComparison = 'bytes' | 'sealed-length';

/** The comparison rule: bytes whenever this side can open the object, else the length of a fresh seal. */
export function archivedComparisonFor(
  record: EncryptionRecord | null,
  keys: DecryptKeys,
): ArchivedComparison {
  return record === null || canDecrypt(record, keys) ? 'bytes' : 'sealed-length';
}

/**
 * The encryption a new WAL area must follow: the repository's (`db-backup.json`, created with `configured` when
 * missing, as a first backup would). When the archiving OS user cannot read it (a local repository whose
 * backups run as another user), `configured` is taken: base-backup cross-checks the area against it later.
 */
async function repositoryEncryptionForNewArea(
  storage: Storage,
  configured: EncryptionRecord | null,
): Promise<EncryptionRecord | null> {
  try {
    return (await openRepository(storage, { create: true, encryption: configured })).encryption;
  } catch (error) {
    if (isPermissionDenied(error)) return configured;
    throw error;
  }
}

/** Whether `error` or one of its causes is a filesystem permission error (the repository config wraps it). */
function isPermissionDenied(error: unknown): boolean {
  for (let e = error as NodeJS.ErrnoException | undefined, depth = 0; e && depth < 5; depth++) {
    if (e.code === 'EACCES' || e.code === 'EPERM') return true;
    e = e.cause as NodeJS.ErrnoException | undefined;
  }
  return false;
}

/** Plain WAL into an encrypted area or repository, or encrypted WAL into a plain one: EncryptionKeyError. */
function assertWalEncryption(
  record: EncryptionRecord | null,
  encryptor: Encryptor | undefined,
  location: string,
) {
  try {
    assertRepositoryEncryption({ encryption: record }, encryptor, location);
  } catch (error) {
    if (!(error instanceof EncryptionKeyError)) throw error;
    throw new EncryptionKeyError(`wal-push: ${error.message}`, {
      hint: `${error.hint}; archive_command runs in the server's environment, so set it there`,
    });
  }
}

/**
 * Claims or checks the WAL area for `identity` and returns the sealing its WAL uses; EncryptionKeyError (exit
 * 2, nothing written) for plain WAL into an encrypted repository or encrypted WAL into a plain one. The area
 * records the encryption on the first push; later pushes check against it.
 */
export async function prepareWalArea(
  storage: Storage,
  identity: ClusterIdentity,
  encryption: Pick<ResolvedEncryption, 'encryptor' | 'keys'> | undefined,
): Promise<{ area: WalArea; sealing: WalSealing }> {
  const encryptor = encryption?.encryptor;
  const configured = encryptor?.record ?? null;
  const existing = await readWalArea(storage);
  const expected = existing
    ? walAreaEncryption(existing)
    : await repositoryEncryptionForNewArea(storage, configured);
  assertWalEncryption(expected, encryptor, storage.location);
  const area = await ensureWalArea(storage, identity, configured, existing);
  // Another pusher may have created the area first, with other settings.
  assertWalEncryption(walAreaEncryption(area), encryptor, storage.location);
  return { area, sealing: { ...(encryptor ? { encryptor } : {}), keys: encryption?.keys ?? NO_KEYS } };
}
