import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);

// src/core/errors.ts
var ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  notCompliant: 3,
  notFound: 4,
  conflict: 5,
  /** Interrupted by SIGINT (Ctrl-C): 128 + 2, as shells report it. */
  interrupted: 130,
  /** Stopped by SIGTERM: 128 + 15. */
  terminated: 143
};
var DbBackupError = class extends Error {
  static defaultHint = "run again with --log-level debug for details";
  code = "DB_BACKUP_ERROR";
  exitCode = ExitCode.failure;
  hint;
  constructor(message, details = {}) {
    super(message, details.cause === void 0 ? void 0 : { cause: details.cause });
    this.name = new.target.name;
    this.hint = details.hint ?? new.target.defaultHint;
  }
};
var ConfigError = class extends DbBackupError {
  static defaultHint = "fix the values above; `db-backup --help` lists every option";
  code = "CONFIG_INVALID";
  exitCode = ExitCode.usage;
  problems;
  constructor(problems, details = {}) {
    super(`invalid configuration:
  ${problems.join("\n  ")}`, details);
    this.problems = problems;
  }
};
var UsageError = class extends DbBackupError {
  static defaultHint = "`db-backup <command> --help` shows what the command takes";
  code = "USAGE";
  exitCode = ExitCode.usage;
};
var InvalidBackupIdError = class extends DbBackupError {
  static defaultHint = "`db-backup list` shows the backup ids";
  code = "BACKUP_ID_INVALID";
  exitCode = ExitCode.usage;
};
var StorageObjectNotFoundError = class extends DbBackupError {
  static defaultHint = "the repository is missing an object: `db-backup verify --all` shows which backups are affected";
  code = "STORAGE_OBJECT_NOT_FOUND";
  exitCode = ExitCode.notFound;
  key;
  constructor(key, details = {}) {
    super(`object not found in storage: ${key}`, details);
    this.key = key;
  }
};
var StorageObjectExistsError = class extends DbBackupError {
  static defaultHint = "another run wrote the same object at the same time: run again";
  code = "STORAGE_OBJECT_EXISTS";
  exitCode = ExitCode.conflict;
  key;
  constructor(key, details = {}) {
    super(`object already exists in storage: ${key}`, details);
    this.key = key;
  }
};
var StorageError = class extends DbBackupError {
  static defaultHint = "check that --storage (BACKUP_STORAGE) names a reachable directory this user can read and write";
  code = "STORAGE_ERROR";
};
var RepositoryError = class extends DbBackupError {
  static defaultHint = "check --storage (BACKUP_STORAGE); `db-backup verify --all` checks every backup";
  code = "REPOSITORY_INVALID";
};
var VerificationFailedError = class extends DbBackupError {
  static defaultHint = "do not rely on this backup: take a new backup and investigate the storage";
  code = "VERIFICATION_FAILED";
  exitCode = ExitCode.notCompliant;
};
var EncryptionKeyError = class extends DbBackupError {
  static defaultHint = "check BACKUP_ENCRYPTION_* (the identity, passphrase or recipient) against the repository";
  code = "ENCRYPTION_KEY";
  exitCode = ExitCode.usage;
};
var DecryptionError = class extends DbBackupError {
  static defaultHint = "do not rely on this backup: take a new backup and investigate the storage";
  code = "DECRYPTION_FAILED";
  exitCode = ExitCode.notCompliant;
};
var InternalError = class extends DbBackupError {
  static defaultHint = "this is a bug in db-backup: please report it with the command and its --log-level debug output";
  code = "INTERNAL";
};
function exitCodeFor(error) {
  return error instanceof DbBackupError ? error.exitCode : ExitCode.failure;
}
var WalConflictError = class extends DbBackupError {
  static defaultHint = "the archived copy is kept: check that only one cluster archives into this repository";
  code = "WAL_CONFLICT";
  exitCode = ExitCode.conflict;
};
var WalAreaMismatchError = class extends DbBackupError {
  static defaultHint = "archive each cluster into its own repository (or prefix)";
  code = "WAL_AREA_MISMATCH";
  exitCode = ExitCode.conflict;
};
var WalNotArchivedError = class extends DbBackupError {
  static defaultHint = "`db-backup wal verify` shows the gaps in the archive";
  code = "WAL_NOT_ARCHIVED";
  exitCode = ExitCode.failure;
};

export {
  ExitCode,
  DbBackupError,
  ConfigError,
  UsageError,
  InvalidBackupIdError,
  StorageObjectNotFoundError,
  StorageObjectExistsError,
  StorageError,
  RepositoryError,
  VerificationFailedError,
  EncryptionKeyError,
  DecryptionError,
  InternalError,
  exitCodeFor,
  WalConflictError,
  WalAreaMismatchError,
  WalNotArchivedError
};
