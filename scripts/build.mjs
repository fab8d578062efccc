// Bundles the adapters into dist/ (committed): one ESM entry per adapter plus shared chunks, for Node 24.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';
import { buildOptions } from './build-options.mjs';

// Chunk names carry content hashes: start clean so no stale chunk stays behind.
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
const result = await build({ ...buildOptions, metafile: true });
console.log(`built ${Object.keys(result.metafile.outputs).join(', ')}`);
