import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  TOOL_VERSION
} from "./chunk-75MW67N3.js";
import {
  REPOSITORY_CONFIG_KEY
} from "./chunk-GOB2Q2UI.js";
import {
  external_exports
} from "./chunk-N43V73L3.js";
import {
  RepositoryError,
  StorageObjectExistsError
} from "./chunk-HSU6VSP5.js";

// src/core/repository/repository-config.ts
import { text } from "node:stream/consumers";
var REPOSITORY_FORMAT_VERSION = 1;
var RepositoryConfigSchema = external_exports.object({
  formatVersion: external_exports.number().int().positive(),
  createdAt: external_exports.iso.datetime(),
  toolVersion: external_exports.string(),
  encryption: external_exports.object({
    scheme: external_exports.literal("age-v1"),
    recipientFingerprint: external_exports.string(),
    recipientFingerprints: external_exports.array(external_exports.string()).optional()
  }).nullable().describe("Set when the repository was created with encryption: every backup in it is encrypted")
});
async function readConfig(storage) {
  if (!await storage.stat(REPOSITORY_CONFIG_KEY)) return void 0;
  let parsed;
  try {
    parsed = JSON.parse(await text(await storage.get(REPOSITORY_CONFIG_KEY)));
  } catch (error) {
    throw new RepositoryError(`${REPOSITORY_CONFIG_KEY} in ${storage.location} is not valid JSON`, {
      cause: error
    });
  }
  const result = RepositoryConfigSchema.safeParse(parsed);
  if (!result.success)
    throw new RepositoryError(
      `${REPOSITORY_CONFIG_KEY} in ${storage.location} is damaged: ${result.error.message}`
    );
  if (result.data.formatVersion > REPOSITORY_FORMAT_VERSION) {
    throw new RepositoryError(
      `repository ${storage.location} has format ${result.data.formatVersion}; this db-backup reads up to ${REPOSITORY_FORMAT_VERSION}: upgrade db-backup`,
      { hint: "upgrade db-backup" }
    );
  }
  return result.data;
}
async function openRepository(storage, options) {
  const existing = await readConfig(storage);
  if (existing) return existing;
  if (!options.create) {
    throw new RepositoryError(`no db-backup repository at ${storage.location}`, {
      hint: "run `db-backup backup` first, or check --storage / BACKUP_STORAGE"
    });
  }
  const config = {
    formatVersion: REPOSITORY_FORMAT_VERSION,
    createdAt: (/* @__PURE__ */ new Date()).toISOString(),
    toolVersion: TOOL_VERSION,
    encryption: options.encryption ?? null
  };
  try {
    await storage.put(REPOSITORY_CONFIG_KEY, `${JSON.stringify(config, null, 2)}
`, { ifNoneExists: true });
    return config;
  } catch (error) {
    if (error instanceof StorageObjectExistsError) return await readConfig(storage);
    throw error;
  }
}

export {
  openRepository
};
