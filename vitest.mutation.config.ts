/**
 * The vitest config Stryker uses (stryker.config.mjs): only the unit tests of the modules being mutated, named in
 * MUTATION_TEST_FILES, so each mutant runs against the tests that must kill it and nothing slower.
 */
import { defineConfig } from 'vitest/config';

const files = (process.env.MUTATION_TEST_FILES ?? '').split(',').filter(Boolean);

export default defineConfig({
  test: {
    include: files.length > 0 ? files : ['src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
