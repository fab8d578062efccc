// Mutation testing of the integrity-critical modules (`npm run mutate`; some modules only:
// `MUTATE_MODULES=verify,lock npm run mutate`). Not part of `npm test`: it runs weekly in .github/workflows/mutation.yml.
// Each module is mutated against its own unit tests only (vitest.mutation.config.ts), so a run stays in minutes.

/** module → the files mutated and the test files that must kill the mutants. */
export const MODULES = {
  verify: { mutate: ['src/core/verify/verify-backup.ts'], tests: ['src/core/verify/verify-backup.test.ts'] },
  'restore-fetch': {
    mutate: ['src/core/restore/fetch-archive.ts'],
    tests: ['src/core/restore/fetch-archive.test.ts'],
  },
  'drill-checks': { mutate: ['src/core/drill/checks.ts'], tests: ['src/core/drill/checks.test.ts'] },
  redact: { mutate: ['src/core/redact.ts'], tests: ['src/core/redact.test.ts'] },
  retention: {
    mutate: ['src/core/retention/policy.ts'],
    tests: ['src/core/retention/policy.test.ts', 'src/core/retention/policy.property.test.ts'],
  },
  lock: { mutate: ['src/core/repository/lock.ts'], tests: ['src/core/repository/lock.test.ts'] },
  keys: { mutate: ['src/core/repository/keys.ts'], tests: ['src/core/repository/keys.test.ts'] },
};

const requested = (process.env.MUTATE_MODULES ?? '').split(',').filter(Boolean);
const unknown = requested.filter((name) => !(name in MODULES));
if (unknown.length > 0) {
  throw new Error(
    `unknown mutation module(s) ${unknown.join(', ')}; known: ${Object.keys(MODULES).join(', ')}`,
  );
}
const selected = requested.length > 0 ? requested : Object.keys(MODULES);
const label = requested.length > 0 ? requested.join('+') : 'all';

// Read by vitest.mutation.config.ts in the test-runner processes, which inherit this environment.
process.env.MUTATION_TEST_FILES = selected.flatMap((name) => MODULES[name].tests).join(',');

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  mutate: selected.flatMap((name) => MODULES[name].mutate),
  coverageAnalysis: 'perTest',
  // Two shared cores: one runner at a time keeps the machine usable; CI sets STRYKER_CONCURRENCY.
  concurrency: Number(process.env.STRYKER_CONCURRENCY ?? 1),
  timeoutMS: 30_000,
  timeoutFactor: 2,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${label}.html` },
  jsonReporter: { fileName: `reports/mutation/${label}.json` },
  tempDirName: '.stryker-tmp',
  // Stryker rewrites a tsconfig's extends/references with the TypeScript compiler API, which TypeScript 7 no
  // longer ships (which is also why there is no typescript-checker). Our tsconfig has neither, so point
  // Stryker at a file that does not exist and nothing is rewritten.
  tsconfigFile: 'tsconfig.stryker-absent.json',
  cleanTempDir: true,
  thresholds: { high: 90, low: 85, break: 85 },
};
