/**
 * Reading a base backup back: the stored tar is decompressed and unpacked by `tar` into a directory in one
 * pass, its stored sha256 checked on the way; PostgreSQL's backup_manifest is then checked by
 * `pg_verifybackup` against the unpacked files (every file's size and checksum).
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, type Transform } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { EncryptionKeyError, VerificationFailedError } from '../errors.ts';
import { childSucceeded, describeFailure, runChild } from '../pipeline/child.ts';
import { readIntoProcess } from '../pipeline/storage-to-sink.ts';
import type { BackupManifest } from '../repository/manifest.ts';
import type { Storage } from '../storage/types.ts';

export interface Check {
  name: string;
  ok: boolean;
  details: string;
}

/**
 * Unpacks base backup `manifest` into the existing directory `dir`; VerificationFailedError on any damage.
 * An encrypted backup needs `decrypt` (decryptStreamFor with the manifest's record).
 */
export async function extractBaseBackup(
  storage: Storage,
  manifest: BackupManifest,
  dir: string,
  decrypt?: () => Transform,
): Promise<void> {
  const object = manifest.objects.find((o) => o.role === 'base');
  if (!object || !manifest.base) throw new VerificationFailedError(`${manifest.id} is not a base backup`);
  if (manifest.encryption && !decrypt)
    throw new EncryptionKeyError(`base backup ${manifest.id} is encrypted, and no key was given to open it`, {
      hint: 'set BACKUP_ENCRYPTION_IDENTITY_FILE to the identity file (AGE-SECRET-KEY-1…) of one of its recipients',
    });
  // zstd → tar through an OS pipe: Node hashes the stored bytes only (the raw ones are the codec's to check).
  const result = await readIntoProcess({
    ...(decrypt ? { decrypt } : {}),
    storage,
    key: object.key,
    compression: manifest.compression.algorithm,
    sink: { kind: 'process', name: 'tar', command: 'tar', args: ['-x', '-f', '-', '-C', dir] },
  });
  if (!childSucceeded(result.sinkResult))
    throw new VerificationFailedError(
      `cannot unpack ${object.key}: ${describeFailure('tar', result.sinkResult)}`,
    );
  if (result.stored.sha256 !== object.storedSha256 || result.stored.size !== object.storedSize) {
    throw new VerificationFailedError(
      `${object.key} does not match its manifest (stored sha256 ${result.stored.sha256.slice(0, 16)}…, ${result.stored.size} bytes)`,
      { hint: 'the backup is damaged: restore from another base backup' },
    );
  }
  // The tar already holds backup_manifest; the stored copy is the reference when the tar lost it.
  const ref = manifest.base.backupManifest;
  if (ref) {
    const stored = await buffer(await storage.get(ref.key));
    const bytes =
      ref.key.endsWith('.age') && decrypt ? await buffer(Readable.from([stored]).pipe(decrypt())) : stored;
    if (createHash('sha256').update(bytes).digest('hex') !== ref.sha256)
      throw new VerificationFailedError(`${ref.key} does not match its recorded sha256`);
    await writeFile(join(dir, 'backup_manifest'), bytes, { mode: 0o600 });
  }
}

/** Checks a base backup end to end: stored checksum, unpacking, and pg_verifybackup against backup_manifest. */
export async function verifyBaseBackup(
  storage: Storage,
  manifest: BackupManifest,
  pgVerifybackup: string | undefined,
  decrypt?: () => Transform,
): Promise<Check[]> {
  const dir = await mkdtemp(join(tmpdir(), 'db-backup-verify-base-'));
  try {
    try {
      await extractBaseBackup(storage, manifest, dir, decrypt);
    } catch (error) {
      return [{ name: `unpack ${manifest.id}`, ok: false, details: (error as Error).message }];
    }
    const checks: Check[] = [
      {
        name: `checksum and unpack ${manifest.objects[0]!.key}`,
        ok: true,
        details: 'sha256 matches; tar unpacks',
      },
    ];
    if (!manifest.base?.backupManifest) {
      checks.push({
        name: 'backup_manifest',
        ok: true,
        details: 'none recorded (PostgreSQL before 13): skipped',
      });
    } else if (!pgVerifybackup) {
      checks.push({
        name: 'pg_verifybackup',
        ok: false,
        details: 'pg_verifybackup not found (PostgreSQL 13+ client)',
      });
    } else {
      // -n: the WAL is in the archive, not in the backup (wal verify checks it).
      const result = await runChild(pgVerifybackup, ['-n', '-q', dir]);
      checks.push({
        name: 'pg_verifybackup',
        ok: childSucceeded(result),
        details: childSucceeded(result)
          ? 'every file matches PostgreSQL’s backup_manifest'
          : describeFailure('pg_verifybackup', result),
      });
    }
    return checks;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
