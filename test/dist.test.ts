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

it('the bundle carries zod’s English messages only, and the CLI turns off zod’s generated parsers first', async () => {
  const outputs = [];
  for (const options of [buildOptions, walBuildOptions]) {
    const result = await build({ ...options, absWorkingDir: ROOT, write: false, logLevel: 'silent' });
    outputs.push(...(result.outputFiles ?? []));
  }
  const all = outputs.map((f) => f.text).join('\n');
  expect(all).toContain('node_modules/zod/v4/locales/en.js');
  expect(all).not.toMatch(/node_modules\/zod\/v4\/locales\/(?!en\.js|index\.js)[a-z-]+\.js/i);
  // zod reads the setting when a schema is built: the entries set it before importing any command.
  for (const entry of ['cli/index.js', 'cli/wal.js']) {
    const text = outputs.find((f) => f.path.endsWith(entry))?.text ?? '';
    const jitless = text.indexOf('useInterpretedSchemas()');
    expect(jitless, entry).toBeGreaterThan(0);
    expect(jitless, `${entry} must configure zod before it imports the commands`).toBeLessThan(
      text.search(/await import\("\.\.?\/(chunks|wal-chunks)\/(run|wal-runner)-/),
    );
  }
});
