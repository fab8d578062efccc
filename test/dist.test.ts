/** The committed bundle is what users run (`bin`, the Action): it must be built from the current sources. */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { expect, it } from 'vitest';
// @ts-expect-error plain ESM module without types
import { buildOptions, dashboardBuildOptions, walBuildOptions } from '../scripts/build-options.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

it('dist/ matches a fresh build of src/ (run `npm run build` and commit dist/)', async () => {
  const outputs = [];
  for (const options of [buildOptions, walBuildOptions, dashboardBuildOptions]) {
    const result = await build({ ...options, absWorkingDir: ROOT, write: false, logLevel: 'silent' });
    outputs.push(...(result.outputFiles ?? []));
  }
  expect(outputs.length).toBeGreaterThan(0);
  for (const file of outputs) {
    const path = relative(ROOT, file.path);
    const committed = readFileSync(join(ROOT, path), 'utf8');
    expect(committed === file.text, `${path} is stale: run \`npm run build\` and commit dist/`).toBe(true);
  }
});
