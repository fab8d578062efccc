import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  readIntoProcess
} from "./chunk-RRMRNWBX.js";
import {
  childSucceeded,
  describeFailure,
  runChild
} from "./chunk-NLUKSCYK.js";
import {
  EncryptionKeyError,
  VerificationFailedError
} from "./chunk-HSU6VSP5.js";

// src/core/backup/base-archive.ts
import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
async function extractBaseBackup(storage, manifest, dir, decrypt) {
  const object = manifest.objects.find((o) => o.role === "base");
  if (!object || !manifest.base) throw new VerificationFailedError(`${manifest.id} is not a base backup`);
  if (manifest.encryption && !decrypt)
    throw new EncryptionKeyError(`base backup ${manifest.id} is encrypted, and no key was given to open it`, {
      hint: "set BACKUP_ENCRYPTION_IDENTITY_FILE to the identity file (AGE-SECRET-KEY-1\u2026) of one of its recipients"
    });
  const result = await readIntoProcess({
    ...decrypt ? { decrypt } : {},
    storage,
    key: object.key,
    compression: manifest.compression.algorithm,
    sink: { kind: "process", name: "tar", command: "tar", args: ["-x", "-f", "-", "-C", dir] }
  });
  if (!childSucceeded(result.sinkResult))
    throw new VerificationFailedError(
      `cannot unpack ${object.key}: ${describeFailure("tar", result.sinkResult)}`
    );
  if (result.stored.sha256 !== object.storedSha256 || result.stored.size !== object.storedSize) {
    throw new VerificationFailedError(
      `${object.key} does not match its manifest (stored sha256 ${result.stored.sha256.slice(0, 16)}\u2026, ${result.stored.size} bytes)`,
      { hint: "the backup is damaged: restore from another base backup" }
    );
  }
  const ref = manifest.base.backupManifest;
  if (ref) {
    const stored = await buffer(await storage.get(ref.key));
    const bytes = ref.key.endsWith(".age") && decrypt ? await buffer(Readable.from([stored]).pipe(decrypt())) : stored;
    if (createHash("sha256").update(bytes).digest("hex") !== ref.sha256)
      throw new VerificationFailedError(`${ref.key} does not match its recorded sha256`);
    await writeFile(join(dir, "backup_manifest"), bytes, { mode: 384 });
  }
}
async function verifyBaseBackup(storage, manifest, pgVerifybackup, decrypt) {
  const dir = await mkdtemp(join(tmpdir(), "db-backup-verify-base-"));
  try {
    try {
      await extractBaseBackup(storage, manifest, dir, decrypt);
    } catch (error) {
      return [{ name: `unpack ${manifest.id}`, ok: false, details: error.message }];
    }
    const checks = [
      {
        name: `checksum and unpack ${manifest.objects[0].key}`,
        ok: true,
        details: "sha256 matches; tar unpacks"
      }
    ];
    if (!manifest.base?.backupManifest) {
      checks.push({
        name: "backup_manifest",
        ok: true,
        details: "none recorded (PostgreSQL before 13): skipped"
      });
    } else if (!pgVerifybackup) {
      checks.push({
        name: "pg_verifybackup",
        ok: false,
        details: "pg_verifybackup not found (PostgreSQL 13+ client)"
      });
    } else {
      const result = await runChild(pgVerifybackup, ["-n", "-q", dir]);
      checks.push({
        name: "pg_verifybackup",
        ok: childSucceeded(result),
        details: childSucceeded(result) ? "every file matches PostgreSQL\u2019s backup_manifest" : describeFailure("pg_verifybackup", result)
      });
    }
    return checks;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export {
  extractBaseBackup,
  verifyBaseBackup
};
