/**
 * Verification reads every stored byte back: the sha256 of the stored object (needs no key), the raw sha256
 * after decompression, and `pg_restore --list` on the archive. The result is recorded beside the manifest.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Transform } from 'node:stream';
import { type DecryptKeys, decryptStreamFor } from '../crypto/encryption.ts';
import { EncryptionKeyError } from '../errors.ts';
import type { EventListener } from '../events.ts';
import type { Logger } from '../logger.ts';
import { silentLogger } from '../logger.ts';
import { childSucceeded, describeFailure, runChild } from '../pipeline/child.ts';
import { readFromStorage, storedDigest } from '../pipeline/storage-to-sink.ts';
import { findPgBinaries, pgTool, selectClientFor } from '../postgres/binaries.ts';
import { writeVerification } from '../repository/catalog.ts';
import type { BackupManifest, StoredObject } from '../repository/manifest.ts';
import type { Storage } from '../storage/types.ts';
import { TOOL_VERSION } from '../version.ts';

export interface VerifyCheck {
  name: string;
  ok: boolean;
  details: string;
}

export interface VerifyOutcome {
  backupId: string;
  ok: boolean;
  checks: VerifyCheck[];
}

/** The PostgreSQL major of a version string such as `15.4 (Debian 15.4-1)` or `9.6.24`. */
export function majorOf(version: string): number {
  const [first, second] = version.split(/[.\s]/).map(Number);
  // Before 10, the major was two numbers (9.6); since 10 it is one.
  return first !== undefined && first < 10 ? first + (second ?? 0) / 10 : (first ?? 0);
}

/** Checks one stored object against its manifest entry; `--list` runs pg_restore on database archives. */
export async function verifyObject(
  storage: Storage,
  manifest: BackupManifest,
  object: StoredObject,
  pgRestore: string | undefined,
  decrypt?: () => Transform,
  onBytes?: (bytes: number) => void,
): Promise<VerifyCheck[]> {
  const listable = object.role === 'database' && manifest.format === 'custom' && pgRestore;
  // A directory-format archive is stored as a tar: unpack it privately, then list the directory.
  const unpackDir =
    object.role === 'database' && manifest.format === 'directory' && pgRestore
      ? await mkdtemp(join(tmpdir(), 'db-backup-verify-'))
      : undefined;
  try {
    const result = await readFromStorage({
      storage,
      key: object.key,
      compression: manifest.compression.algorithm,
      sink: listable
        ? { kind: 'process', name: 'pg_restore', command: pgRestore, args: ['--list'] }
        : unpackDir
          ? { kind: 'process', name: 'tar', command: 'tar', args: ['-x', '-f', '-', '-C', unpackDir] }
          : { kind: 'discard' },
      ...(decrypt ? { decrypt } : {}),
      ...(onBytes ? { onBytes } : {}),
    });
    const checks: VerifyCheck[] = [
      {
        name: `checksum ${object.key}`,
        ok: result.stored.sha256 === object.storedSha256 && result.stored.size === object.storedSize,
        details:
          result.stored.sha256 === object.storedSha256
            ? `sha256 ${object.storedSha256.slice(0, 16)}… matches (${object.storedSize} bytes)`
            : `stored sha256 ${result.stored.sha256.slice(0, 16)}… (${result.stored.size} bytes) != manifest ${object.storedSha256.slice(0, 16)}… (${object.storedSize} bytes)`,
      },
      {
        name: `decompress ${object.key}`,
        // Objects without a raw sha256 (zstd) are still checked by the codec's frame checksum while decompressing.
        ok:
          (object.rawSha256 === undefined || result.raw.sha256 === object.rawSha256) &&
          result.raw.size === object.rawSize,
        details:
          result.raw.size !== object.rawSize
            ? `decompressed to ${result.raw.size} bytes, the manifest says ${object.rawSize}`
            : object.rawSha256 === undefined
              ? `${object.rawSize} raw bytes, frame checksums valid`
              : result.raw.sha256 === object.rawSha256
                ? `${object.rawSize} raw bytes, sha256 matches`
                : `raw sha256 ${result.raw.sha256?.slice(0, 16)}… differs from the manifest`,
      },
    ];
    const listed =
      unpackDir && result.sinkResult && childSucceeded(result.sinkResult)
        ? await runChild(pgRestore as string, ['--list', unpackDir])
        : result.sinkResult;
    if (listed) {
      const ok = childSucceeded(listed) && /; Archive created at/.test(listed.stdout);
      const entries = listed.stdout.split('\n').filter((l) => /^\d+;/.test(l)).length;
      checks.push({
        name: `pg_restore --list ${object.database ?? object.key}`,
        ok,
        details: ok
          ? `${entries} archive entries readable`
          : describeFailure(unpackDir && listed === result.sinkResult ? 'tar' : 'pg_restore --list', listed),
      });
    }
    return checks;
  } catch (error) {
    if (error instanceof EncryptionKeyError) throw error;
    // Reading failed part-way (often the decompressor rejecting damaged bytes): say whether the stored bytes
    // themselves are damaged, which is what the user needs to know.
    const digest = await storedDigest(storage, object.key).catch(() => undefined);
    const checksumOk = digest?.sha256 === object.storedSha256 && digest?.size === object.storedSize;
    return [
      {
        name: `checksum ${object.key}`,
        ok: checksumOk,
        details: !digest
          ? 'object unreadable'
          : checksumOk
            ? 'sha256 matches'
            : `stored sha256 ${digest.sha256.slice(0, 16)}… (${digest.size} bytes) != manifest ${object.storedSha256.slice(0, 16)}… (${object.storedSize} bytes)`,
      },
      { name: `decompress ${object.key}`, ok: false, details: (error as Error).message },
    ];
  } finally {
    if (unpackDir) await rm(unpackDir, { recursive: true, force: true });
  }
}

async function pgVerifybackupOf(binDir: string): Promise<string | undefined> {
  const { findExecutable } = await import('../pipeline/find-executable.ts');
  return findExecutable('pg_verifybackup', [binDir]);
}

/** Verifies every object of a backup and records the result (never rewriting the manifest). */
export async function verifyBackup(
  storage: Storage,
  manifest: BackupManifest,
  options: {
    pgBinDir?: string;
    log?: Logger;
    now?: () => Date;
    record?: boolean;
    /** Identities/passphrases for encrypted backups. */
    keys?: DecryptKeys;
    /** Only the stored sha256 (needs no key, no client programs); never recorded as a verification. */
    checksumOnly?: boolean;
    /** Fail when the backup stores fewer bytes than this: the silent 20-byte dump (BACKUP_MIN_SIZE_BYTES). */
    minSizeBytes?: number;
    /** Hears progress: a phase per object, bytes read so far. */
    onEvent?: EventListener;
  } = {},
): Promise<VerifyOutcome> {
  const log = options.log ?? silentLogger;
  if (options.checksumOnly) return verifyStoredChecksums(storage, manifest, log);
  // An encrypted backup without a key: refuse before reading, and say that the checksum alone can be checked.
  const decrypt = manifest.encryption
    ? (() => {
        try {
          return decryptStreamFor(manifest.encryption, options.keys ?? { identities: [], passphrases: [] });
        } catch (error) {
          if (error instanceof EncryptionKeyError) {
            throw new EncryptionKeyError(`${error.message}; its content cannot be verified without it`, {
              hint: `${error.hint}, or run \`db-backup verify --checksum-only\` to check the stored bytes without a key`,
            });
          }
          throw error;
        }
      })()
    : undefined;
  const install = selectClientFor(
    majorOf(manifest.client.pgDump),
    await findPgBinaries({ pgBinDir: options.pgBinDir }),
    options.pgBinDir,
  );
  const pgRestore = pgTool(install, 'pg_restore');
  const checks: VerifyCheck[] = [];
  if (manifest.kind === 'base') {
    const { verifyBaseBackup } = await import('../backup/base-archive.ts');
    checks.push(
      ...(await verifyBaseBackup(storage, manifest, await pgVerifybackupOf(install.binDir), decrypt)),
    );
  }
  for (const object of manifest.kind === 'base' ? [] : manifest.objects) {
    log.info(`verifying ${object.key}`);
    options.onEvent?.({ type: 'phase', operation: 'verify', phase: `verifying ${object.key}` });
    checks.push(
      ...(await verifyObject(storage, manifest, object, pgRestore, decrypt, (bytes) =>
        options.onEvent?.({ type: 'bytes', operation: 'verify', bytes, totalBytes: object.storedSize }),
      )),
    );
  }
  if (options.minSizeBytes) checks.push(minimumSizeCheck(manifest, options.minSizeBytes));
  const outcome: VerifyOutcome = { backupId: manifest.id, ok: checks.every((c) => c.ok), checks };
  if (options.record !== false) {
    await writeVerification(storage, {
      backupId: manifest.id,
      verifiedAt: (options.now?.() ?? new Date()).toISOString(),
      ok: outcome.ok,
      checks,
      toolVersion: TOOL_VERSION,
    });
  }
  return outcome;
}

/** The stored sha256 and size of every object, read in full; needs no key. */
async function verifyStoredChecksums(
  storage: Storage,
  manifest: BackupManifest,
  log: Logger,
): Promise<VerifyOutcome> {
  const checks: VerifyCheck[] = [];
  for (const object of manifest.objects) {
    log.info(`checking the stored sha256 of ${object.key}`);
    const digest = await storedDigest(storage, object.key);
    const ok = digest.sha256 === object.storedSha256 && digest.size === object.storedSize;
    checks.push({
      name: `checksum ${object.key}`,
      ok,
      details: ok
        ? `sha256 ${object.storedSha256.slice(0, 16)}… matches (${object.storedSize} bytes)`
        : `stored sha256 ${digest.sha256.slice(0, 16)}… (${digest.size} bytes) != manifest ${object.storedSha256.slice(0, 16)}… (${object.storedSize} bytes)`,
    });
  }
  return { backupId: manifest.id, ok: checks.every((c) => c.ok), checks };
}

/** The stored size of a backup against a floor: a dump far too small to be real fails verification. */
export function minimumSizeCheck(manifest: BackupManifest, minSizeBytes: number): VerifyCheck {
  const stored = manifest.objects.reduce((n, o) => n + o.storedSize, 0);
  return {
    name: 'minimum size',
    ok: stored >= minSizeBytes,
    details: `${stored} bytes stored; the minimum is ${minSizeBytes} (BACKUP_MIN_SIZE_BYTES / --min-size)`,
  };
}
