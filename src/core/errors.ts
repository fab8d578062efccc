/**
 * Named errors with stable codes, and the one table that maps them to process exit codes.
 * Adapters (CLI, Action, daemon) catch `DbBackupError`, print `message` (+ `hint`) and exit with `exitCodeFor`.
 * Messages never contain secrets: callers pass redacted values (see `redact.ts`).
 */

/** Process exit codes, documented in the README; the only place they are defined. */
export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  notCompliant: 3,
  notFound: 4,
  conflict: 5,
  /** Interrupted by SIGINT (Ctrl-C): 128 + 2, as shells report it. */
  interrupted: 130,
  /** Stopped by SIGTERM: 128 + 15. */
  terminated: 143,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export interface ErrorDetails {
  /** What the user can do about it; printed after the message. */
  hint?: string;
  cause?: unknown;
}

/**
 * Base class: every failure a user can act on is a subclass with a stable `code`. Each class carries a
 * `defaultHint`, so no error reaches the user without something to do about it.
 */
export class DbBackupError extends Error {
  static readonly defaultHint: string = 'run again with --log-level debug for details';
  readonly code: string = 'DB_BACKUP_ERROR';
  readonly exitCode: ExitCode = ExitCode.failure;
  readonly hint: string;
  constructor(message: string, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.hint = details.hint ?? (new.target as typeof DbBackupError).defaultHint;
  }
}

/** Configuration or flags are invalid; `problems` lists every `path: message` at once. */
export class ConfigError extends DbBackupError {
  static override readonly defaultHint = 'fix the values above; `db-backup --help` lists every option';
  override readonly code = 'CONFIG_INVALID';
  override readonly exitCode = ExitCode.usage;
  readonly problems: string[];
  constructor(problems: string[], details: ErrorDetails = {}) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`, details);
    this.problems = problems;
  }
}

/** A command was called wrongly (bad argument, conflicting options). */
export class UsageError extends DbBackupError {
  static override readonly defaultHint = '`db-backup <command> --help` shows what the command takes';
  override readonly code = 'USAGE';
  override readonly exitCode = ExitCode.usage;
}

/** A backup id is malformed (path separators, `..`, characters outside the id alphabet). */
export class InvalidBackupIdError extends DbBackupError {
  static override readonly defaultHint = '`db-backup list` shows the backup ids';
  override readonly code = 'BACKUP_ID_INVALID';
  override readonly exitCode = ExitCode.usage;
}

/** No complete backup (one with a manifest) has this id, or none matches the selection. */
export class BackupNotFoundError extends DbBackupError {
  static override readonly defaultHint =
    '`db-backup list` shows the backups; check --storage (BACKUP_STORAGE)';
  override readonly code = 'BACKUP_NOT_FOUND';
  override readonly exitCode = ExitCode.notFound;
}

/** `storage.get` of a key that does not exist. */
export class StorageObjectNotFoundError extends DbBackupError {
  static override readonly defaultHint =
    'the repository is missing an object: `db-backup verify --all` shows which backups are affected';
  override readonly code = 'STORAGE_OBJECT_NOT_FOUND';
  override readonly exitCode = ExitCode.notFound;
  readonly key: string;
  constructor(key: string, details: ErrorDetails = {}) {
    super(`object not found in storage: ${key}`, details);
    this.key = key;
  }
}

/** `storage.put(..., {ifNoneExists: true})` found the key already present. */
export class StorageObjectExistsError extends DbBackupError {
  static override readonly defaultHint = 'another run wrote the same object at the same time: run again';
  override readonly code = 'STORAGE_OBJECT_EXISTS';
  override readonly exitCode = ExitCode.conflict;
  readonly key: string;
  constructor(key: string, details: ErrorDetails = {}) {
    super(`object already exists in storage: ${key}`, details);
    this.key = key;
  }
}

/** The storage location is unusable (bad URL, permission denied, disk full, unreachable). */
export class StorageError extends DbBackupError {
  static override readonly defaultHint =
    'check that --storage (BACKUP_STORAGE) names a reachable directory this user can read and write';
  override readonly code = 'STORAGE_ERROR';
}

/** The repository is missing, of an unknown format version, or damaged. */
export class RepositoryError extends DbBackupError {
  static override readonly defaultHint =
    'check --storage (BACKUP_STORAGE); `db-backup verify --all` checks every backup';
  override readonly code = 'REPOSITORY_INVALID';
}

/** Another live process holds the lock for this database. */
export class LockHeldError extends DbBackupError {
  static override readonly defaultHint =
    'wait for the other run to finish; a lock left by a dead process is taken over automatically';
  override readonly code = 'LOCK_HELD';
  override readonly exitCode = ExitCode.conflict;
}

/** A required PostgreSQL client program (pg_dump, pg_restore, psql, ...) or zstd was not found. */
export class BinaryNotFoundError extends DbBackupError {
  static override readonly defaultHint =
    'install the PostgreSQL client programs (e.g. postgresql-client), or point --pg-bin-dir at them';
  override readonly code = 'BINARY_NOT_FOUND';
}

/** The only client programs available are older than the server. */
export class VersionMismatchError extends DbBackupError {
  static override readonly defaultHint =
    'install client programs at least as new as the server, or point --pg-bin-dir at them';
  override readonly code = 'VERSION_MISMATCH';
}

/** The server could not be reached (refused, timeout, unknown host). */
export class ConnectionError extends DbBackupError {
  static override readonly defaultHint =
    'is the server running? check PGHOST/PGPORT (or DATABASE_URL) and the network';
  override readonly code = 'PG_CONNECTION_FAILED';
}

/** The server rejected the credentials. */
export class AuthenticationError extends DbBackupError {
  static override readonly defaultHint =
    'check PGPASSWORD / PGPASSWORD_FILE, ~/.pgpass or the password in DATABASE_URL, and pg_hba.conf';
  override readonly code = 'PG_AUTH_FAILED';
}

/** The named database does not exist on the server. */
export class DatabaseNotFoundError extends DbBackupError {
  static override readonly defaultHint =
    'check the name (it is case-sensitive); `psql -l` lists the databases';
  override readonly code = 'PG_DATABASE_NOT_FOUND';
  override readonly exitCode = ExitCode.notFound;
}

/** pg_dump / pg_restore / a pipeline stage failed; the backup or restore was abandoned. */
export class DumpFailedError extends DbBackupError {
  static override readonly defaultHint = "pg_dump's message above says why; nothing was stored";
  override readonly code = 'DUMP_FAILED';
}

export class RestoreFailedError extends DbBackupError {
  static override readonly defaultHint = "pg_restore's message above says why";
  override readonly code = 'RESTORE_FAILED';
}

/** Restore target refused: not empty without --clean, or a protected database without --force. */
export class RestoreTargetError extends DbBackupError {
  static override readonly defaultHint = 'choose another --target-database';
  override readonly code = 'RESTORE_TARGET_REFUSED';
  override readonly exitCode = ExitCode.usage;
}

/** Stored bytes do not match the manifest, or the archive cannot be read back. */
export class VerificationFailedError extends DbBackupError {
  static override readonly defaultHint =
    'do not rely on this backup: take a new backup and investigate the storage';
  override readonly code = 'VERIFICATION_FAILED';
  override readonly exitCode = ExitCode.notCompliant;
}

/** A drill ran but RPO/RTO was breached or a check failed. */
export class DrillNotCompliantError extends DbBackupError {
  static override readonly defaultHint = 'the drill report lists the failed checks and breached targets';
  override readonly code = 'DRILL_NOT_COMPLIANT';
  override readonly exitCode = ExitCode.notCompliant;
}

/** Retention refused to run (no rule, latest backup failed, bad time zone, ...): nothing was deleted. */
export class RetentionRefusedError extends DbBackupError {
  static override readonly defaultHint = 'nothing was deleted; `db-backup prune --help` shows the rules';
  override readonly code = 'RETENTION_REFUSED';
  override readonly exitCode = ExitCode.usage;
}

/** A key is missing, malformed or does not fit: no identity opens the backup, a wrong passphrase, or a
 * repository encrypted differently from the configured keys. Nothing was touched. */
export class EncryptionKeyError extends DbBackupError {
  static override readonly defaultHint =
    'check BACKUP_ENCRYPTION_* (the identity, passphrase or recipient) against the repository';
  override readonly code = 'ENCRYPTION_KEY';
  override readonly exitCode = ExitCode.usage;
}

/** Encrypted bytes are damaged: a flipped byte, a truncated end, an appended or reordered chunk. */
export class DecryptionError extends DbBackupError {
  static override readonly defaultHint =
    'do not rely on this backup: take a new backup and investigate the storage';
  override readonly code = 'DECRYPTION_FAILED';
  override readonly exitCode = ExitCode.notCompliant;
}

/** The work was stopped by a signal (Ctrl-C, SIGTERM, a timeout or a cancel) and cleaned up. */
export class InterruptedError extends DbBackupError {
  static override readonly defaultHint = 'nothing half-done was kept; run the command again';
  override readonly code = 'INTERRUPTED';
  override readonly exitCode: ExitCode;
  readonly signal: NodeJS.Signals | undefined;
  constructor(message: string, details: ErrorDetails & { signal?: NodeJS.Signals } = {}) {
    super(message, details);
    this.signal = details.signal;
    this.exitCode =
      details.signal === 'SIGINT'
        ? ExitCode.interrupted
        : details.signal === 'SIGTERM'
          ? ExitCode.terminated
          : ExitCode.failure;
  }
}

/** An unexpected error (a bug): reported with a hint to file it, the stack only at --log-level debug. */
export class InternalError extends DbBackupError {
  static override readonly defaultHint =
    'this is a bug in db-backup: please report it with the command and its --log-level debug output';
  override readonly code = 'INTERNAL';
}

/** The exit code for any thrown value: named errors carry theirs, anything else is a plain failure. */
export function exitCodeFor(error: unknown): ExitCode {
  return error instanceof DbBackupError ? error.exitCode : ExitCode.failure;
}

/**
 * The exit code of a finished drill: 0 compliant; 3 non-compliant (a target breached, or a check failed,
 * which proves the backup does not restore as recorded); 1 the drill could not run at all.
 */
export function exitCodeForDrill(
  status: 'success' | 'non_compliant' | 'failure',
  anyCheckFailed: boolean,
): ExitCode {
  if (status === 'success') return ExitCode.ok;
  if (status === 'non_compliant' || anyCheckFailed) return ExitCode.notCompliant;
  return ExitCode.failure;
}

/** A WAL file of this name is archived with different content: the original is kept, nothing overwritten. */
export class WalConflictError extends DbBackupError {
  static override readonly defaultHint =
    'the archived copy is kept: check that only one cluster archives into this repository';
  override readonly code = 'WAL_CONFLICT';
  override readonly exitCode = ExitCode.conflict;
}

/** The repository's WAL area belongs to another cluster (system identifier) or PostgreSQL major version. */
export class WalAreaMismatchError extends DbBackupError {
  static override readonly defaultHint = 'archive each cluster into its own repository (or prefix)';
  override readonly code = 'WAL_AREA_MISMATCH';
  override readonly exitCode = ExitCode.conflict;
}

/** A WAL file asked for by restore_command is not in the archive (PostgreSQL's "not found": exit 1). */
export class WalNotArchivedError extends DbBackupError {
  static override readonly defaultHint = '`db-backup wal verify` shows the gaps in the archive';
  override readonly code = 'WAL_NOT_ARCHIVED';
  override readonly exitCode = ExitCode.failure;
}

/** A point-in-time target lies outside what the repository can restore (before the oldest base backup, after the newest WAL). */
export class PitrTargetError extends DbBackupError {
  static override readonly defaultHint = '`db-backup wal verify` shows the recoverable window';
  override readonly code = 'PITR_TARGET_OUT_OF_RANGE';
  override readonly exitCode = ExitCode.notFound;
}
