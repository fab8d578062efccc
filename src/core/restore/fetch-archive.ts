/**
 * Brings one stored object to a private work directory, decompressed, while checking both sha256 values.
 * Restores read from the local copy because pg_restore --jobs needs a seekable file and because the checksum
 * must be confirmed before the target database is touched.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type DecryptKeys, decryptStreamFor } from '../crypto/encryption.ts';
import { EncryptionKeyError, VerificationFailedError } from '../errors.ts';
import { childSucceeded, describeFailure } from '../pipeline/child.ts';
import type { Digest } from '../pipeline/hashing.ts';
import { readFromStorage, storedDigest } from '../pipeline/storage-to-sink.ts';
import type { BackupManifest, StoredObject } from '../repository/manifest.ts';
import type { Storage } from '../storage/types.ts';

export interface FetchedArchive {
  /** Path to give pg_restore (custom: a file; directory format: a directory) or psql (globals: a file). */
  path: string;
  rawBytes: number;
  storedBytes: number;
}

/** Downloads, decompresses and checks `object` into `workDir`; throws VerificationFailedError on any mismatch. */
export async function fetchArchive(
  storage: Storage,
  manifest: BackupManifest,
  object: StoredObject,
  workDir: string,
  name: string,
  keys: DecryptKeys = { identities: [], passphrases: [] },
  onBytes?: (bytes: number) => void,
): Promise<FetchedArchive> {
  // Refuse before reading a byte when the backup is encrypted and no key could open it.
  const decrypt = manifest.encryption ? decryptStreamFor(manifest.encryption, keys) : undefined;
  const isTar = object.role === 'database' && manifest.format === 'directory';
  const path = join(workDir, isTar ? `${name}.dir` : name);
  if (isTar) await mkdir(path, { mode: 0o700 });
  const checksumError = (stored: Digest) =>
    new VerificationFailedError(
      `checksum mismatch for ${object.key}: stored bytes hash to ${stored.sha256.slice(0, 16)}… (${stored.size} bytes), the manifest says ${object.storedSha256.slice(0, 16)}… (${object.storedSize} bytes); nothing was restored`,
      {
        hint: 'the stored backup is damaged: restore an older backup (`db-backup list`) and run `db-backup verify --all`',
      },
    );
  const matches = (d: Digest) => d.sha256 === object.storedSha256 && d.size === object.storedSize;
  let result: Awaited<ReturnType<typeof readFromStorage>>;
  try {
    result = await readFromStorage({
      storage,
      key: object.key,
      compression: manifest.compression.algorithm,
      sink: isTar
        ? { kind: 'process', name: 'tar', command: 'tar', args: ['-x', '-f', '-', '-C', path] }
        : { kind: 'file', path },
      // pg_restore reads the file, not Node: the codec's checksum and the raw size guard the raw bytes.
      rawDigest: isTar,
      ...(decrypt ? { decrypt } : {}),
      ...(onBytes ? { onBytes } : {}),
    });
  } catch (error) {
    if (error instanceof EncryptionKeyError) throw error;
    // The decompressor usually trips over damage first; name the damage, not the symptom.
    const stored = await storedDigest(storage, object.key).catch(() => undefined);
    if (stored && !matches(stored)) throw checksumError(stored);
    throw error;
  }
  if (!matches(result.stored)) throw checksumError(result.stored);
  if (
    result.raw.size !== object.rawSize ||
    (result.raw.sha256 !== undefined &&
      object.rawSha256 !== undefined &&
      result.raw.sha256 !== object.rawSha256)
  ) {
    throw new VerificationFailedError(
      `decompressed ${object.key} does not match the manifest; nothing was restored`,
    );
  }
  if (result.sinkResult && !childSucceeded(result.sinkResult)) {
    throw new VerificationFailedError(
      `cannot unpack ${object.key}: ${describeFailure('tar', result.sinkResult)}`,
    );
  }
  return { path, rawBytes: result.raw.size, storedBytes: result.stored.size };
}
