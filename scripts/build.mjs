// Bundles the adapters into dist/ (committed): one ESM entry per adapter plus shared chunks, for Node 24,
// and the dashboard's browser assets into dist/dashboard/.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';
import { buildOptions, dashboardBuildOptions, walBuildOptions } from './build-options.mjs';

// Chunk names carry content hashes: start clean so no stale chunk stays behind.
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
const outputs = [];
for (const options of [buildOptions, walBuildOptions, dashboardBuildOptions]) {
  const result = await build({ ...options, metafile: true });
  outputs.push(...Object.keys(result.metafile.outputs));
}
console.log(`built ${outputs.join(', ')}`);
