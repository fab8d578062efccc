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
    // An absolute path in the bundle would make every checkout build different bytes (and leak the builder's paths).
    expect(
      file.text.includes(ROOT),
      `${relative(ROOT, file.path)} contains the checkout's absolute path`,
    ).toBe(false);
    const path = relative(ROOT, file.path);
    const committed = readFileSync(join(ROOT, path), 'utf8');
    expect(committed === file.text, `${path} is stale: run \`npm run build\` and commit dist/`).toBe(true);
  }
});

it('the bundle carries zod’s English messages only, and the CLI turns off zod’s generated parsers first', async () => {
  const outputs: { path: string; text: string }[] = [];
  for (const options of [buildOptions, walBuildOptions]) {
    const result = await build({ ...options, absWorkingDir: ROOT, write: false, logLevel: 'silent' });
    outputs.push(...(result.outputFiles ?? []));
  }
  const all = outputs.map((f) => f.text).join('\n');
  expect(all).toContain('node_modules/zod/v4/locales/en.js');
  expect(all).not.toMatch(/node_modules\/zod\/v4\/locales\/(?!en\.js|index\.js)[a-z-]+\.js/i);
  // zod reads the setting when a schema is built: the entries set it before importing any command.
  const before = (file: string, first: string, then: RegExp) => {
    const text = outputs.find((f) => relative(ROOT, f.path).startsWith(file))?.text ?? '';
    const at = text.indexOf(first);
    expect(at, `${file} calls ${first}`).toBeGreaterThan(0);
    expect(at, `${file} must configure zod before it imports modules that build schemas`).toBeLessThan(
      text.search(then),
    );
  };
  before('dist/cli/index.js', 'useInterpretedSchemas()', /await import\("\.\.\/chunks\/run-/);
  // wal.js answers its fast paths without zod; the runner configures it before loading the configuration.
  before('dist/cli/wal-chunks/wal-runner-', 'useInterpretedSchemas()', /await import\("\.\/load-config-/);
});
