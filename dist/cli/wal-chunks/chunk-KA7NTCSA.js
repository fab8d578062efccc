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
  code = "DB_BACKUP_ERROR";
  exitCode = ExitCode.failure;
  hint;
  constructor(message, details = {}) {
    super(message, details.cause === void 0 ? void 0 : { cause: details.cause });
    this.name = new.target.name;
    this.hint = details.hint;
  }
};
var ConfigError = class extends DbBackupError {
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
  code = "USAGE";
  exitCode = ExitCode.usage;
};
var InvalidBackupIdError = class extends DbBackupError {
  code = "BACKUP_ID_INVALID";
  exitCode = ExitCode.usage;
};
var StorageObjectNotFoundError = class extends DbBackupError {
  code = "STORAGE_OBJECT_NOT_FOUND";
  exitCode = ExitCode.notFound;
  key;
  constructor(key, details = {}) {
    super(`object not found in storage: ${key}`, details);
    this.key = key;
  }
};
var StorageObjectExistsError = class extends DbBackupError {
  code = "STORAGE_OBJECT_EXISTS";
  exitCode = ExitCode.conflict;
  key;
  constructor(key, details = {}) {
    super(`object already exists in storage: ${key}`, details);
    this.key = key;
  }
};
var StorageError = class extends DbBackupError {
  code = "STORAGE_ERROR";
};
var RepositoryError = class extends DbBackupError {
  code = "REPOSITORY_INVALID";
};
var VerificationFailedError = class extends DbBackupError {
  code = "VERIFICATION_FAILED";
  exitCode = ExitCode.notCompliant;
};
var EncryptionKeyError = class extends DbBackupError {
  code = "ENCRYPTION_KEY";
  exitCode = ExitCode.usage;
};
var DecryptionError = class extends DbBackupError {
  code = "DECRYPTION_FAILED";
  exitCode = ExitCode.notCompliant;
};
function exitCodeFor(error) {
  return error instanceof DbBackupError ? error.exitCode : ExitCode.failure;
}
var WalConflictError = class extends DbBackupError {
  code = "WAL_CONFLICT";
  exitCode = ExitCode.conflict;
};
var WalAreaMismatchError = class extends DbBackupError {
  code = "WAL_AREA_MISMATCH";
  exitCode = ExitCode.conflict;
};
var WalNotArchivedError = class extends DbBackupError {
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
  exitCodeFor,
  WalConflictError,
  WalAreaMismatchError,
  WalNotArchivedError
};
