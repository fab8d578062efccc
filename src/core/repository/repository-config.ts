/** `db-backup.json` at the repository root: what makes a location a db-backup repository, and its format version. */
import { text } from 'node:stream/consumers';
import { z } from 'zod';
import { RepositoryError, StorageObjectExistsError } from '../errors.ts';
import type { Storage } from '../storage/types.ts';
import { TOOL_VERSION } from '../version.ts';
import { REPOSITORY_CONFIG_KEY } from './keys.ts';

export const REPOSITORY_FORMAT_VERSION = 1;

export const RepositoryConfigSchema = z.object({
  formatVersion: z.number().int().positive(),
  createdAt: z.iso.datetime(),
  toolVersion: z.string(),
  encryption: z
    .object({
      scheme: z.literal('age-v1'),
      recipientFingerprint: z.string(),
      recipientFingerprints: z.array(z.string()).optional(),
    })
    .nullable()
    .describe('Set when the repository was created with encryption: every backup in it is encrypted'),
});
export type RepositoryConfig = z.infer<typeof RepositoryConfigSchema>;

async function readConfig(storage: Storage): Promise<RepositoryConfig | undefined> {
  if (!(await storage.stat(REPOSITORY_CONFIG_KEY))) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(await text(await storage.get(REPOSITORY_CONFIG_KEY)));
  } catch (error) {
    throw new RepositoryError(`${REPOSITORY_CONFIG_KEY} in ${storage.location} is not valid JSON`, {
      cause: error,
    });
  }
  const result = RepositoryConfigSchema.safeParse(parsed);
  if (!result.success)
    throw new RepositoryError(
      `${REPOSITORY_CONFIG_KEY} in ${storage.location} is damaged: ${result.error.message}`,
    );
  if (result.data.formatVersion > REPOSITORY_FORMAT_VERSION) {
    throw new RepositoryError(
      `repository ${storage.location} has format ${result.data.formatVersion}; this db-backup reads up to ${REPOSITORY_FORMAT_VERSION}: upgrade db-backup`,
      { hint: 'upgrade db-backup' },
    );
  }
  return result.data;
}

/** Reads the repository config, creating it when `create` (a concurrent creator wins harmlessly). */
export async function openRepository(
  storage: Storage,
  options: { create: boolean; encryption?: RepositoryConfig['encryption'] },
): Promise<RepositoryConfig> {
  const existing = await readConfig(storage);
  if (existing) return existing;
  if (!options.create) {
    throw new RepositoryError(`no db-backup repository at ${storage.location}`, {
      hint: 'run `db-backup backup` first, or check --storage / BACKUP_STORAGE',
    });
  }
  const config: RepositoryConfig = {
    formatVersion: REPOSITORY_FORMAT_VERSION,
    createdAt: new Date().toISOString(),
    toolVersion: TOOL_VERSION,
    encryption: options.encryption ?? null,
  };
  try {
    await storage.put(REPOSITORY_CONFIG_KEY, `${JSON.stringify(config, null, 2)}\n`, { ifNoneExists: true });
    return config;
  } catch (error) {
    if (error instanceof StorageObjectExistsError) return (await readConfig(storage))!;
    throw error;
  }
}
