/**
 * Every object key in a repository is built here, and backup ids are parsed here. Nothing else
 * concatenates key strings, so the layout can be read in one place:
 *
 *   db-backup.json                                  repository config (format version, creation time)
 *   backups/<id>/manifest.json                      written last: a backup without it does not exist
 *   backups/<id>/<database-slug>.dump.zst           one object per database (custom-format dump, compressed)
 *   backups/<id>/globals.sql.zst                    roles, tablespaces (--all-databases)
 *   backups/<id>/base.tar.zst                       base backup: the data directory (pg_basebackup -Ft)
 *   backups/<id>/backup_manifest                    base backup: PostgreSQL's own manifest (13+)
 *   backups/<id>/base.tar.zst.age, backup_manifest.age   the same in an encrypted repository
 *   verifications/<id>/<timestamp>.json             verification results, one per run (manifest never rewritten)
 *   reports/backups/<id>.json                       backup report
 *   reports/drills/<timestamp>-<id>.json            drill reports
 *   locks/<database-slug>.lock                      backup lock of one database
 *   audit/<timestamp>-<random>.json                 one audit entry per state-changing operation
 *   schedules.json                                  which named schedules are disabled (shared by replicas)
 *   index/manifests.json, index/verifications.json  a rebuildable cache of the immutable records (catalog-index.ts)
 *   wal/area.json                                   WAL area: the one cluster (system id, major) archiving here
 *   wal/<system-id>/<timeline>/<file>.zst           archived WAL: segments, .history, .backup, .partial files
 *   wal/<system-id>/<timeline>/<file>.zst.age       the same in an encrypted repository (compressed, then age)
 */
import { randomBytes } from 'node:crypto';
import { InvalidBackupIdError } from '../errors.ts';

export const REPOSITORY_CONFIG_KEY = 'db-backup.json';
export const BACKUPS_PREFIX = 'backups/';

/** Backup ids: `20261122T020000Z-<slug>-<6 hex>`; they sort by start time as plain text. */
export const BACKUP_ID_PATTERN = /^\d{8}T\d{6}Z-[a-z0-9_-]{1,40}-[0-9a-f]{6}$/;

/** A filesystem- and URL-safe slug of a database name; distinct names may share a slug, ids stay unique. */
export function slugifyDatabaseName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 40);
  return slug || 'db';
}

/** Compact UTC timestamp `YYYYMMDDTHHMMSSZ`, used in ids and report names. */
export function compactTimestamp(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

/** A new backup id for a backup of `label` (a database name, or `all` for --all-databases) started at `at`. */
export function newBackupId(
  label: string,
  at: Date,
  random: () => string = () => randomBytes(3).toString('hex'),
): string {
  return `${compactTimestamp(at)}-${slugifyDatabaseName(label)}-${random()}`;
}

/** Returns `id` if it is a well-formed backup id, else throws `InvalidBackupIdError` (e.g. `../x`, `a/b`). */
export function assertBackupId(id: string): string {
  if (!BACKUP_ID_PATTERN.test(id)) {
    throw new InvalidBackupIdError(`invalid backup id ${JSON.stringify(id)}`, {
      hint: 'backup ids look like 20261122T020000Z-mydb-a1b2c3; run `db-backup list` to see them',
    });
  }
  return id;
}

export function backupPrefix(id: string): string {
  return `${BACKUPS_PREFIX}${assertBackupId(id)}/`;
}

export function manifestKey(id: string): string {
  return `${backupPrefix(id)}manifest.json`;
}

/** Key of one database's dump inside a backup; `extension` e.g. `dump.zst`, `dump.gz`, `dump`. */
export function databaseObjectKey(id: string, databaseName: string, extension: string): string {
  return `${backupPrefix(id)}${slugifyDatabaseName(databaseName)}.${extension}`;
}

export function globalsObjectKey(id: string, extension: string): string {
  return `${backupPrefix(id)}globals.${extension}`;
}

export function verificationPrefix(id: string): string {
  return `verifications/${assertBackupId(id)}/`;
}

export function verificationKey(id: string, at: Date): string {
  return `${verificationPrefix(id)}${compactTimestamp(at)}.json`;
}

export function backupReportKey(id: string): string {
  return `reports/backups/${assertBackupId(id)}.json`;
}

export const DRILL_REPORTS_PREFIX = 'reports/drills/';

export function drillReportKey(backupId: string, at: Date): string {
  return `${DRILL_REPORTS_PREFIX}${compactTimestamp(at)}-${assertBackupId(backupId)}.json`;
}

export const AUDIT_PREFIX = 'audit/';

/** The key of one audit entry: time-ordered as text, unique by its random suffix. */
export function auditEntryKey(at: Date, random: () => string = () => randomBytes(4).toString('hex')): string {
  return `${AUDIT_PREFIX}${at.toISOString().replace(/[-:]/g, '')}-${random()}.json`;
}

export const SCHEDULE_STATE_KEY = 'schedules.json';

export function lockKey(label: string): string {
  return `locks/${slugifyDatabaseName(label)}.lock`;
}

/** The backup id a key under `backups/` belongs to, or undefined for keys outside it. */
export function backupIdOfKey(key: string): string | undefined {
  if (!key.startsWith(BACKUPS_PREFIX)) return undefined;
  const id = key.slice(BACKUPS_PREFIX.length).split('/')[0];
  return id && BACKUP_ID_PATTERN.test(id) ? id : undefined;
}

export const WAL_PREFIX = 'wal/';
export const WAL_AREA_KEY = 'wal/area.json';
const SYSTEM_ID = /^\d{1,20}$/;
const WAL_FILE = /^(?:[0-9A-F]{24}(?:\.[0-9A-F]{8}\.backup|\.partial)?|[0-9A-F]{8}\.history)$/;

/** The prefix of one cluster's archived WAL (its system identifier, decimal). */
export function walClusterPrefix(systemId: string): string {
  if (!SYSTEM_ID.test(systemId))
    throw new InvalidBackupIdError(`invalid system identifier ${JSON.stringify(systemId)}`);
  return `${WAL_PREFIX}${systemId}/`;
}

/**
 * The key of one archived WAL file (`name` as PostgreSQL names it; its timeline is its first 8 hex digits);
 * `encrypted` adds `.age`, as in an encrypted repository.
 */
export function walObjectKey(systemId: string, name: string, encrypted = false): string {
  if (!WAL_FILE.test(name)) {
    throw new InvalidBackupIdError(`invalid WAL file name ${JSON.stringify(name)}`, {
      hint: 'WAL file names look like 000000010000000000000002 or 00000002.history',
    });
  }
  return `${walClusterPrefix(systemId)}${name.slice(0, 8)}/${name}.zst${encrypted ? '.age' : ''}`;
}

/** The WAL file name a key under `wal/<system-id>/` stores (plain `.zst` or encrypted `.zst.age`), or undefined. */
export function walFileNameOfKey(key: string): string | undefined {
  const m = /^wal\/\d{1,20}\/([0-9A-F]{8})\/([^/]+)\.zst(?:\.age)?$/.exec(key);
  return m && WAL_FILE.test(m[2]!) && m[2]!.startsWith(m[1]!) ? m[2] : undefined;
}

/** The data directory tar of a base backup; `extension` e.g. `tar.zst`. */
export function baseBackupObjectKey(id: string, extension: string): string {
  return `${backupPrefix(id)}base.${extension}`;
}

/** Where a base backup keeps PostgreSQL's own backup_manifest (uncompressed JSON; `.age` when encrypted). */
export function baseBackupManifestKey(id: string, encrypted = false): string {
  return `${backupPrefix(id)}backup_manifest${encrypted ? '.age' : ''}`;
}
