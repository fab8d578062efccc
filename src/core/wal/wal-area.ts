/**
 * The repository's WAL area belongs to one cluster: `wal/area.json` records its system identifier and major
 * version on the first push, and every later push and fetch is checked against it, so two clusters never
 * interleave segments of the same names. It also records whether its WAL is encrypted: the archiving server
 * (often another OS user than the one running backups) and the restored server's wal-fetch both read it.
 */
import { text } from 'node:stream/consumers';
import { z } from 'zod';
import { RepositoryError, StorageObjectExistsError, WalAreaMismatchError } from '../errors.ts';
import { WAL_AREA_KEY } from '../repository/keys.ts';
import type { Storage } from '../storage/types.ts';
import type { ClusterIdentity } from './cluster-identity.ts';

export const WalAreaSchema = z.object({
  formatVersion: z.literal(1),
  systemIdentifier: z.string().regex(/^\d+$/),
  pgMajor: z.string(),
  walSegmentSize: z.number().int().positive(),
  createdAt: z.iso.datetime(),
  encryption: z
    .object({
      scheme: z.literal('age-v1'),
      recipientFingerprint: z.string(),
      recipientFingerprints: z.array(z.string()).optional(),
    })
    .nullable()
    .optional()
    .describe(
      'Set when the WAL is encrypted (`.zst.age`); absent in areas created before WAL encryption (plain)',
    ),
});
export type WalArea = z.infer<typeof WalAreaSchema>;
export type WalAreaEncryption = NonNullable<WalArea['encryption']>;

/** The area's encryption record, or null for plain WAL (areas written before WAL encryption were all plain). */
export function walAreaEncryption(area: WalArea): WalAreaEncryption | null {
  return area.encryption ?? null;
}

/** The WAL area's record, or undefined when nothing was archived yet. */
export async function readWalArea(storage: Storage): Promise<WalArea | undefined> {
  if (!(await storage.stat(WAL_AREA_KEY))) return undefined;
  const parsed = WalAreaSchema.safeParse(JSON.parse(await text(await storage.get(WAL_AREA_KEY))));
  if (!parsed.success) throw new RepositoryError(`${WAL_AREA_KEY} in ${storage.location} is damaged`);
  return parsed.data;
}

/** The WAL area's record; RepositoryError when nothing was ever archived here. */
export async function requireWalArea(storage: Storage): Promise<WalArea> {
  const area = await readWalArea(storage);
  if (!area) {
    throw new RepositoryError(`no WAL archived in ${storage.location}`, {
      hint: "set archive_command = 'db-backup wal-push %p' on the server (see the README, WAL archiving)",
    });
  }
  return area;
}

/**
 * Claims the WAL area for `identity` on first use (recording `encryption`); WalAreaMismatchError when another
 * cluster owns it. `known`: the area as the caller just read it (saves a read).
 */
export async function ensureWalArea(
  storage: Storage,
  identity: ClusterIdentity,
  encryption: WalAreaEncryption | null = null,
  known?: WalArea,
): Promise<WalArea> {
  let area = known ?? (await readWalArea(storage));
  if (!area) {
    const fresh: WalArea = {
      formatVersion: 1,
      ...identity,
      createdAt: new Date().toISOString(),
      encryption,
    };
    try {
      await storage.put(WAL_AREA_KEY, `${JSON.stringify(fresh, null, 2)}\n`, { ifNoneExists: true });
      return fresh;
    } catch (error) {
      if (!(error instanceof StorageObjectExistsError)) throw error;
      area = (await readWalArea(storage))!;
    }
  }
  if (area.systemIdentifier !== identity.systemIdentifier || area.pgMajor !== identity.pgMajor) {
    throw new WalAreaMismatchError(
      `the WAL area of ${storage.location} belongs to cluster ${area.systemIdentifier} (PostgreSQL ${area.pgMajor}); this is cluster ${identity.systemIdentifier} (PostgreSQL ${identity.pgMajor})`,
      {
        hint: 'give each cluster (and each major version after an upgrade) its own repository: --storage / BACKUP_STORAGE',
      },
    );
  }
  return area;
}
