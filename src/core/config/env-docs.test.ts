import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { renderEnvTable, updateEnvTable } from './env-docs.ts';
import { ENV_BINDINGS } from './load-config.ts';

/** Table padding is the formatter's business (biome aligns Markdown tables); the content is ours. */
const unpadded = (text: string) => text.replace(/ {2,}/g, ' ').replace(/-{3,}/g, '---');

it('the README lists every environment variable (run `npm run docs:env`)', () => {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  expect(unpadded(readme)).toBe(unpadded(updateEnvTable(readme)));
});

it('every binding has a described config key', () => {
  const table = renderEnvTable();
  for (const binding of ENV_BINDINGS) expect(table).toContain(`\`${binding.path}\``);
  expect(table).toMatch(/`BACKUP_SCHEDULE`, `SCHEDULE` \| `daemon.backupSchedule` \| Backup schedule/);
  expect(table).toContain('`0 2 * * *`');
});
