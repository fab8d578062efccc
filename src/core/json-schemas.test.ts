import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PUBLISHED_SCHEMAS, renderJsonSchema } from './json-schemas.ts';

describe('published JSON Schemas', () => {
  it.each(Object.keys(PUBLISHED_SCHEMAS))('schemas/%s is up to date (run `npm run schemas`)', (file) => {
    const committed = readFileSync(new URL(`../../schemas/${file}`, import.meta.url), 'utf8');
    expect(committed).toBe(renderJsonSchema(file, PUBLISHED_SCHEMAS[file]!));
  });

  it('the config schema documents defaults and env names', () => {
    const schema = JSON.parse(
      renderJsonSchema('config.schema.json', PUBLISHED_SCHEMAS['config.schema.json']!),
    );
    expect(schema.properties.storage.default).toBe('./backups');
    expect(schema.properties.drill.properties.rpo.default).toBe('60m');
    expect(schema.properties.drill.properties.rto.default).toBe('30m');
    expect(schema.properties.backup.properties.compression.description).toContain('BACKUP_COMPRESSION');
  });
});
