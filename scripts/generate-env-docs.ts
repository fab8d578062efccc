// Rewrites the README's environment-variable table from the config schema (see src/core/config/env-docs.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { updateEnvTable } from '../src/core/config/env-docs.ts';

const readme = new URL('../README.md', import.meta.url);
writeFileSync(readme, updateEnvTable(readFileSync(readme, 'utf8')));
console.log('README.md: environment table regenerated from the config schema');
