// Bundles the adapters into dist/ (committed): one self-contained ESM file per entry, for Node 24.
import { build } from 'esbuild';
import { buildOptions, entries } from './build-options.mjs';

await build(buildOptions);
console.log(
  `built ${Object.keys(entries)
    .map((e) => `dist/${e}.js`)
    .join(', ')}`,
);
