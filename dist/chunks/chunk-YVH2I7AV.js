import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  WAL_AREA_KEY
} from "./chunk-GOB2Q2UI.js";
import {
  external_exports
} from "./chunk-N43V73L3.js";
import {
  RepositoryError,
  StorageObjectExistsError,
  WalAreaMismatchError
} from "./chunk-HSU6VSP5.js";

// src/core/wal/wal-area.ts
import { text } from "node:stream/consumers";
var WalAreaSchema = external_exports.object({
  formatVersion: external_exports.literal(1),
  systemIdentifier: external_exports.string().regex(/^\d+$/),
  pgMajor: external_exports.string(),
  walSegmentSize: external_exports.number().int().positive(),
  createdAt: external_exports.iso.datetime(),
  encryption: external_exports.object({
    scheme: external_exports.literal("age-v1"),
    recipientFingerprint: external_exports.string(),
    recipientFingerprints: external_exports.array(external_exports.string()).optional()
  }).nullable().optional().describe(
    "Set when the WAL is encrypted (`.zst.age`); absent in areas created before WAL encryption (plain)"
  )
});
function walAreaEncryption(area) {
  return area.encryption ?? null;
}
async function readWalArea(storage) {
  if (!await storage.stat(WAL_AREA_KEY)) return void 0;
  const parsed = WalAreaSchema.safeParse(JSON.parse(await text(await storage.get(WAL_AREA_KEY))));
  if (!parsed.success) throw new RepositoryError(`${WAL_AREA_KEY} in ${storage.location} is damaged`);
  return parsed.data;
}
async function requireWalArea(storage) {
  const area = await readWalArea(storage);
  if (!area) {
    throw new RepositoryError(`no WAL archived in ${storage.location}`, {
      hint: "set archive_command = 'db-backup wal-push %p' on the server (see the README, WAL archiving)"
    });
  }
  return area;
}
async function ensureWalArea(storage, identity, encryption = null, known) {
  let area = known ?? await readWalArea(storage);
  if (!area) {
    const fresh = {
      formatVersion: 1,
      ...identity,
      createdAt: (/* @__PURE__ */ new Date()).toISOString(),
      encryption
    };
    try {
      await storage.put(WAL_AREA_KEY, `${JSON.stringify(fresh, null, 2)}
`, { ifNoneExists: true });
      return fresh;
    } catch (error) {
      if (!(error instanceof StorageObjectExistsError)) throw error;
      area = await readWalArea(storage);
    }
  }
  if (area.systemIdentifier !== identity.systemIdentifier || area.pgMajor !== identity.pgMajor) {
    throw new WalAreaMismatchError(
      `the WAL area of ${storage.location} belongs to cluster ${area.systemIdentifier} (PostgreSQL ${area.pgMajor}); this is cluster ${identity.systemIdentifier} (PostgreSQL ${identity.pgMajor})`,
      {
        hint: "give each cluster (and each major version after an upgrade) its own repository: --storage / BACKUP_STORAGE"
      }
    );
  }
  return area;
}

export {
  walAreaEncryption,
  readWalArea,
  requireWalArea,
  ensureWalArea
};
