import { describe, expect, it } from 'vitest';
import { RetentionSchema } from '../config/schema.ts';
import { RetentionRefusedError } from '../errors.ts';
import { openStorage } from '../storage/open-storage.ts';
import { applyPrune, type PrunePlan, planPrune } from './prune.ts';

const retention = RetentionSchema.parse({ keepLast: 1 });
const emptyPlan = {
  keep: [],
  remove: [],
  warnings: [],
  storage: '',
  garbage: [],
  incompleteKept: [],
} as unknown as PrunePlan;

describe('prune refuses a whole bucket or container', () => {
  it.each(['s3://shared-bucket', 'gs://shared-bucket/', 'azure://shared/'])(
    '%s: both plan (dry run) and apply refuse before any request, naming a prefix to use',
    async (url) => {
      const storage = openStorage(url, {
        azure: { connectionString: 'UseDevelopmentStorage=true', maxAttempts: 1 },
      });
      const planned = planPrune(storage, retention, { now: new Date() });
      await expect(planned).rejects.toBeInstanceOf(RetentionRefusedError);
      await expect(planned).rejects.toThrow(/whole bucket or container \(empty prefix\)/);
      await expect(applyPrune(storage, { ...emptyPlan, storage: url })).rejects.toBeInstanceOf(
        RetentionRefusedError,
      );
      const error = (await planned.catch((e: unknown) => e)) as RetentionRefusedError;
      expect(error.hint).toMatch(/\/db-backups$/);
    },
  );
});
