// Bundles the adapters into dist/ (committed): one ESM entry per adapter plus shared chunks, for Node 24.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';
import { buildOptions, entries } from './build-options.mjs';

// Chunk names carry content hashes: start clean so no stale chunk stays behind.
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build(buildOptions);
console.log(
  `built ${Object.keys(entries)
    .map((e) => `dist/${e}.js`)
    .join(', ')} and their chunks`,
);
