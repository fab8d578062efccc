// Rewrites the README's Action inputs/outputs tables from action.yml (see src/action/action-docs.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { updateReadme } from '../src/action/action-docs.ts';

const readme = new URL('../README.md', import.meta.url);
const action = readFileSync(new URL('../action.yml', import.meta.url), 'utf8');
writeFileSync(readme, updateReadme(readFileSync(readme, 'utf8'), action));
console.log('README.md: Action inputs and outputs regenerated from action.yml');
