/**
 * The JSON Schemas published in `schemas/`, generated from the zod schemas that the code itself validates with.
 * `npm run schemas` writes them; `json-schemas.test.ts` fails when a committed file is stale.
 */
import { z } from 'zod';
import { ConfigSchema } from './config/schema.ts';
import { ComplianceReportSchema } from './report/compliance-report.ts';
import { DrillReportSchema } from './report/drill-report.ts';
import { BackupManifestSchema } from './repository/manifest.ts';
import { WalSimulationReportSchema } from './wal/simulation-report.ts';

/** File name in `schemas/` → zod schema. */
export const PUBLISHED_SCHEMAS: Record<string, z.ZodType> = {
  'config.schema.json': ConfigSchema,
  'backup-manifest.schema.json': BackupManifestSchema,
  'drill-report.schema.json': DrillReportSchema,
  'compliance-report.schema.json': ComplianceReportSchema,
  'wal-simulation-report.schema.json': WalSimulationReportSchema,
};

/** The JSON Schema text for one published schema, stable across runs (2-space JSON, trailing newline). */
export function renderJsonSchema(fileName: string, schema: z.ZodType): string {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  const withId = { $id: `https://db-backup.dev/schemas/${fileName}`, ...json };
  return `${JSON.stringify(withId, null, 2)}\n`;
}
