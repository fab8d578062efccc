// Bundles the adapters into dist/ (committed): one self-contained ESM file per entry, for Node 24.
import { build } from 'esbuild';
import { buildOptions, entries, walBuildOptions } from './build-options.mjs';

await build(buildOptions);
await build(walBuildOptions);
console.log(
  `built ${[...Object.keys(entries), ...Object.keys(walBuildOptions.entryPoints)]
    .map((e) => `dist/${e}.js`)
    .join(', ')}`,
);
