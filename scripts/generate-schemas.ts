// Writes schemas/*.json from the zod schemas (see src/core/json-schemas.ts).
import { writeFileSync } from 'node:fs';
import { PUBLISHED_SCHEMAS, renderJsonSchema } from '../src/core/json-schemas.ts';

for (const [file, schema] of Object.entries(PUBLISHED_SCHEMAS)) {
  writeFileSync(new URL(`../schemas/${file}`, import.meta.url), renderJsonSchema(file, schema));
  console.log(`schemas/${file}`);
}
