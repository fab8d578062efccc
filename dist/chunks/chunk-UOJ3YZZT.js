import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  findPgBinaries,
  pgTool,
  selectClientFor
} from "./chunk-F257ZKBH.js";
import {
  TOOL_VERSION
} from "./chunk-75MW67N3.js";
import {
  writeVerification
} from "./chunk-USZDJMRJ.js";
import {
  readFromStorage,
  storedDigest
} from "./chunk-RRMRNWBX.js";
import {
  childSucceeded,
  describeFailure,
  runChild
} from "./chunk-NLUKSCYK.js";
import {
  silentLogger
} from "./chunk-6V3LCTWC.js";
import {
  decryptStreamFor
} from "./chunk-WRH3XVOP.js";
import {
  EncryptionKeyError
} from "./chunk-HSU6VSP5.js";

// src/core/verify/verify-backup.ts
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
function majorOf(version) {
  const [first, second] = version.split(/[.\s]/).map(Number);
  return first !== void 0 && first < 10 ? first + (second ?? 0) / 10 : first ?? 0;
}
async function verifyObject(storage, manifest, object, pgRestore, decrypt, onBytes) {
  const listable = object.role === "database" && manifest.format === "custom" && pgRestore;
  const unpackDir = object.role === "database" && manifest.format === "directory" && pgRestore ? await mkdtemp(join(tmpdir(), "db-backup-verify-")) : void 0;
  try {
    const result = await readFromStorage({
      storage,
      key: object.key,
      compression: manifest.compression.algorithm,
      sink: listable ? { kind: "process", name: "pg_restore", command: pgRestore, args: ["--list"] } : unpackDir ? { kind: "process", name: "tar", command: "tar", args: ["-x", "-f", "-", "-C", unpackDir] } : { kind: "discard" },
      ...decrypt ? { decrypt } : {},
      ...onBytes ? { onBytes } : {}
    });
    const checks = [
      {
        name: `checksum ${object.key}`,
        ok: result.stored.sha256 === object.storedSha256 && result.stored.size === object.storedSize,
        details: result.stored.sha256 === object.storedSha256 ? `sha256 ${object.storedSha256.slice(0, 16)}\u2026 matches (${object.storedSize} bytes)` : `stored sha256 ${result.stored.sha256.slice(0, 16)}\u2026 (${result.stored.size} bytes) != manifest ${object.storedSha256.slice(0, 16)}\u2026 (${object.storedSize} bytes)`
      },
      {
        name: `decompress ${object.key}`,
        // Objects without a raw sha256 (zstd) are still checked by the codec's frame checksum while decompressing.
        ok: (object.rawSha256 === void 0 || result.raw.sha256 === object.rawSha256) && result.raw.size === object.rawSize,
        details: result.raw.size !== object.rawSize ? `decompressed to ${result.raw.size} bytes, the manifest says ${object.rawSize}` : object.rawSha256 === void 0 ? `${object.rawSize} raw bytes, frame checksums valid` : result.raw.sha256 === object.rawSha256 ? `${object.rawSize} raw bytes, sha256 matches` : `raw sha256 ${result.raw.sha256?.slice(0, 16)}\u2026 differs from the manifest`
      }
    ];
    const listed = unpackDir && result.sinkResult && childSucceeded(result.sinkResult) ? await runChild(pgRestore, ["--list", unpackDir]) : result.sinkResult;
    if (listed) {
      const ok = childSucceeded(listed) && /; Archive created at/.test(listed.stdout);
      const entries = listed.stdout.split("\n").filter((l) => /^\d+;/.test(l)).length;
      checks.push({
        name: `pg_restore --list ${object.database ?? object.key}`,
        ok,
        details: ok ? `${entries} archive entries readable` : describeFailure(unpackDir && listed === result.sinkResult ? "tar" : "pg_restore --list", listed)
      });
    }
    return checks;
  } catch (error) {
    if (error instanceof EncryptionKeyError) throw error;
    const digest = await storedDigest(storage, object.key).catch(() => void 0);
    const checksumOk = digest?.sha256 === object.storedSha256 && digest?.size === object.storedSize;
    return [
      {
        name: `checksum ${object.key}`,
        ok: checksumOk,
        details: !digest ? "object unreadable" : checksumOk ? "sha256 matches" : `stored sha256 ${digest.sha256.slice(0, 16)}\u2026 (${digest.size} bytes) != manifest ${object.storedSha256.slice(0, 16)}\u2026 (${object.storedSize} bytes)`
      },
      { name: `decompress ${object.key}`, ok: false, details: error.message }
    ];
  } finally {
    if (unpackDir) await rm(unpackDir, { recursive: true, force: true });
  }
}
async function pgVerifybackupOf(binDir) {
  const { findExecutable } = await import("./find-executable-OPV6DT3W.js");
  return findExecutable("pg_verifybackup", [binDir]);
}
async function verifyBackup(storage, manifest, options = {}) {
  const log = options.log ?? silentLogger;
  if (options.checksumOnly) return verifyStoredChecksums(storage, manifest, log);
  const decrypt = manifest.encryption ? (() => {
    try {
      return decryptStreamFor(manifest.encryption, options.keys ?? { identities: [], passphrases: [] });
    } catch (error) {
      if (error instanceof EncryptionKeyError) {
        throw new EncryptionKeyError(`${error.message}; its content cannot be verified without it`, {
          hint: `${error.hint}, or run \`db-backup verify --checksum-only\` to check the stored bytes without a key`
        });
      }
      throw error;
    }
  })() : void 0;
  const install = selectClientFor(
    majorOf(manifest.client.pgDump),
    await findPgBinaries({ pgBinDir: options.pgBinDir }),
    options.pgBinDir
  );
  const pgRestore = pgTool(install, "pg_restore");
  const checks = [];
  if (manifest.kind === "base") {
    const { verifyBaseBackup } = await import("./base-archive-YPYXANA7.js");
    checks.push(
      ...await verifyBaseBackup(storage, manifest, await pgVerifybackupOf(install.binDir), decrypt)
    );
  }
  for (const object of manifest.kind === "base" ? [] : manifest.objects) {
    log.info(`verifying ${object.key}`);
    options.onEvent?.({ type: "phase", operation: "verify", phase: `verifying ${object.key}` });
    checks.push(
      ...await verifyObject(
        storage,
        manifest,
        object,
        pgRestore,
        decrypt,
        (bytes) => options.onEvent?.({ type: "bytes", operation: "verify", bytes, totalBytes: object.storedSize })
      )
    );
  }
  if (options.minSizeBytes) checks.push(minimumSizeCheck(manifest, options.minSizeBytes));
  const outcome = { backupId: manifest.id, ok: checks.every((c) => c.ok), checks };
  if (options.record !== false) {
    await writeVerification(storage, {
      backupId: manifest.id,
      verifiedAt: (options.now?.() ?? /* @__PURE__ */ new Date()).toISOString(),
      ok: outcome.ok,
      checks,
      toolVersion: TOOL_VERSION
    });
  }
  return outcome;
}
async function verifyStoredChecksums(storage, manifest, log) {
  const checks = [];
  for (const object of manifest.objects) {
    log.info(`checking the stored sha256 of ${object.key}`);
    const digest = await storedDigest(storage, object.key);
    const ok = digest.sha256 === object.storedSha256 && digest.size === object.storedSize;
    checks.push({
      name: `checksum ${object.key}`,
      ok,
      details: ok ? `sha256 ${object.storedSha256.slice(0, 16)}\u2026 matches (${object.storedSize} bytes)` : `stored sha256 ${digest.sha256.slice(0, 16)}\u2026 (${digest.size} bytes) != manifest ${object.storedSha256.slice(0, 16)}\u2026 (${object.storedSize} bytes)`
    });
  }
  return { backupId: manifest.id, ok: checks.every((c) => c.ok), checks };
}
function minimumSizeCheck(manifest, minSizeBytes) {
  const stored = manifest.objects.reduce((n, o) => n + o.storedSize, 0);
  return {
    name: "minimum size",
    ok: stored >= minSizeBytes,
    details: `${stored} bytes stored; the minimum is ${minSizeBytes} (BACKUP_MIN_SIZE_BYTES / --min-size)`
  };
}

export {
  majorOf,
  verifyObject,
  verifyBackup,
  minimumSizeCheck
};
