// Bundles the adapters into dist/ (committed): ESM for Node 24, each entry plus the chunks it imports lazily.
import { build } from 'esbuild';
import { buildOptions } from './build-options.mjs';

const result = await build({ ...buildOptions, metafile: true });
console.log(`built ${Object.keys(result.metafile.outputs).join(', ')}`);
