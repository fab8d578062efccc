/** The small JSON report every backup run writes, success or failure (into the repository and beside it). */
import { z } from 'zod';

export const BackupReportSchema = z.object({
  schemaVersion: z.literal(1),
  backupId: z.string(),
  status: z.enum(['success', 'failed']),
  databases: z.array(z.string()),
  allDatabases: z.boolean().default(false).describe('Taken with --all-databases'),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  durationMs: z.number().int().nonnegative(),
  storedBytes: z.number().int().nonnegative(),
  rawBytes: z.number().int().nonnegative(),
  compressionRatio: z.number().nullable(),
  storage: z.string().describe('Repository location, without credentials'),
  toolVersion: z.string(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type BackupReport = z.infer<typeof BackupReportSchema>;
