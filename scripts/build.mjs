// Bundles the adapters into dist/ (committed): one self-contained ESM file per entry, for Node 24.
import { build } from 'esbuild';

const entries = { 'cli/index': 'src/cli/index.ts' };

await build({
  entryPoints: entries,
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'esm',
  minify: false,
  legalComments: 'none',
  logLevel: 'warning',
  // Some dependencies are CommonJS and call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  external: ['pg-native'],
});
console.log(
  `built ${Object.keys(entries)
    .map((e) => `dist/${e}.js`)
    .join(', ')}`,
);
