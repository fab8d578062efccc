import { join } from 'node:path';
// The one esbuild configuration of the bundle, shared by `npm run build` and the test that checks dist/ is current.
export const entries = { 'cli/index': 'src/cli/index.ts', 'action/index': 'src/action/index.ts' };

/**
 * zod's `z.locales` re-exports its error messages in some forty languages (360 KB, half of zod's code), which
 * every command would load. Our messages are English: only `en` is bundled.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    // The module's path appears in the bundle: keep it relative, so every checkout builds the same bytes.
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer)
        ? {
            path: 'zod/v4/locales/index.js',
            namespace: 'zod-english-only',
            pluginData: { resolveDir: join(args.resolveDir, '../locales') },
          }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, (args) => ({
      contents: "export { default as en } from './en.js';",
      resolveDir: args.pluginData.resolveDir,
      loader: 'js',
    }));
  },
};

export const buildOptions = {
  entryPoints: entries,
  outdir: 'dist',
  bundle: true,
  // The CLI entry loads the rest with import() after turning on the compile cache (a chunk of its own).
  platform: 'node',
  target: 'node24',
  format: 'esm',
  // Code only some commands need (the S3/Azure SDKs, the daemon) goes into chunks loaded on first use, so
  // every other command starts without parsing it.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  minify: false,
  legalComments: 'none',
  logLevel: 'warning',
  // Some dependencies are CommonJS and call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  external: ['pg-native'],
  plugins: [zodEnglishOnly],
};

/**
 * archive_command / restore_command start Node once per WAL file: dist/cli/wal.js is its own small bundle, and
 * the remote storage SDKs (megabytes that Node would parse on every start) are split into chunks loaded only
 * for s3://, gs:// and azure:// repositories.
 */
export const walBuildOptions = {
  ...buildOptions,
  entryPoints: { 'cli/wal': 'src/cli/wal.ts' },
  splitting: true,
  chunkNames: 'cli/wal-chunks/[name]-[hash]',
};

/**
 * The dashboard the daemon serves at `/`: a browser bundle (Preact + htm, uPlot) with its style sheet and
 * page shell, written to dist/dashboard/ and shipped in the package; no CDN, so it works offline.
 */
export const dashboardBuildOptions = {
  entryPoints: { app: 'src/dashboard/app/main.ts', index: 'src/dashboard/app/index.html' },
  outdir: 'dist/dashboard',
  bundle: true,
  platform: 'browser',
  target: ['es2022', 'chrome111', 'firefox115', 'safari16'],
  format: 'esm',
  loader: { '.html': 'copy' },
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
};
