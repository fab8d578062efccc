/**
 * Encryption as the rest of the core sees it: the configured keys resolved once (recipients or a passphrase to
 * encrypt new backups; identities and passphrases to decrypt old ones, so backups made before a key change
 * stay restorable), what a manifest and the repository config record (fingerprints, never key material), and
 * the rules that keep a repository all-encrypted or all-plain.
 */
import type { Transform } from 'node:stream';
import type { Config } from '../config/schema.ts';
import { EncryptionKeyError } from '../errors.ts';
import { registerSecret } from '../redact.ts';
import {
  type AgeIdentity,
  PASSPHRASE_FINGERPRINT,
  parseIdentities,
  parseRecipient,
  recipientFingerprint,
} from './age/keys.ts';
import {
  type AgeSealer,
  createAgeDecryptStream,
  createAgeEncryptStream,
  createAgeSealer,
} from './age/stream.ts';

/** What manifests and `db-backup.json` record about encryption. */
export interface EncryptionRecord {
  scheme: 'age-v1';
  /** The first (or only) recipient's fingerprint; `scrypt:passphrase` in passphrase mode. */
  recipientFingerprint: string;
  /** Every recipient's fingerprint (absent in records written before multiple recipients). */
  recipientFingerprints?: string[];
}

export interface Encryptor {
  record: EncryptionRecord;
  /** A fresh encrypting stream for one object. */
  stream(): Transform;
  /** A fresh synchronous encryptor for one object, for a caller that writes the ciphertext itself. */
  sealer(): AgeSealer;
}

export interface DecryptKeys {
  identities: AgeIdentity[];
  passphrases: string[];
}

export interface ResolvedEncryption {
  /** Present when new backups are to be encrypted. */
  encryptor?: Encryptor;
  keys: DecryptKeys;
  /** BACKUP_ENCRYPTION=true: refuse to run without a key. */
  required: boolean;
}

/** Parses the configured keys; EncryptionKeyError (exit 2) for a malformed one or an impossible combination. */
export function resolveEncryption(config: Pick<Config, 'encryption'>): ResolvedEncryption {
  const { recipients, passphrase, identities, required, scryptWorkFactor } = config.encryption;
  if (recipients.length > 0 && passphrase !== undefined) {
    throw new EncryptionKeyError('configure recipients or a passphrase for new backups, not both', {
      hint: 'unset BACKUP_ENCRYPTION_PASSPHRASE or BACKUP_ENCRYPTION_RECIPIENTS',
    });
  }
  const parsedIdentities = parseIdentities(identities.join('\n'));
  for (const id of identities) registerSecret(id.trim());
  const keys: DecryptKeys = {
    identities: parsedIdentities,
    passphrases: passphrase === undefined ? [] : [passphrase],
  };
  let encryptor: Encryptor | undefined;
  if (recipients.length > 0) {
    const publicKeys = recipients.map(parseRecipient);
    const fingerprints = publicKeys.map(recipientFingerprint);
    encryptor = {
      record: {
        scheme: 'age-v1',
        recipientFingerprint: fingerprints[0]!,
        recipientFingerprints: fingerprints,
      },
      stream: () => createAgeEncryptStream({ recipients: publicKeys }),
      sealer: () => createAgeSealer({ recipients: publicKeys }),
    };
  } else if (passphrase !== undefined) {
    encryptor = {
      record: { scheme: 'age-v1', recipientFingerprint: PASSPHRASE_FINGERPRINT },
      stream: () => createAgeEncryptStream({ passphrase, scryptLogN: scryptWorkFactor }),
      sealer: () => createAgeSealer({ passphrase, scryptLogN: scryptWorkFactor }),
    };
  }
  if (required && !encryptor && parsedIdentities.length === 0) {
    throw new EncryptionKeyError('BACKUP_ENCRYPTION=true but no encryption key is configured', {
      hint: 'set BACKUP_ENCRYPTION_RECIPIENTS (age1…) or BACKUP_ENCRYPTION_PASSPHRASE; `db-backup keygen` makes a key pair',
    });
  }
  return { ...(encryptor ? { encryptor } : {}), keys, required };
}

/** A decrypting stream for an object whose manifest says it is encrypted; refuses early without keys. */
export function decryptStreamFor(record: EncryptionRecord, keys: DecryptKeys): () => Transform {
  const passphraseMode = record.recipientFingerprint === PASSPHRASE_FINGERPRINT;
  if (passphraseMode ? keys.passphrases.length === 0 : keys.identities.length === 0) {
    throw new EncryptionKeyError(
      passphraseMode
        ? 'this backup is encrypted with a passphrase, and none is configured'
        : `this backup is encrypted (recipient ${record.recipientFingerprint}), and no identity is configured`,
      {
        hint: passphraseMode
          ? 'set BACKUP_ENCRYPTION_PASSPHRASE (or _FILE)'
          : 'set BACKUP_ENCRYPTION_IDENTITY_FILE to the identity file (AGE-SECRET-KEY-1…) of one of its recipients',
      },
    );
  }
  return () => createAgeDecryptStream(keys);
}

/**
 * Refuses to mix encrypted and plain backups in one repository: a backup without a key into an encrypted
 * repository, and an encrypted backup into a plain one (exit 2, nothing written).
 */
export function assertRepositoryEncryption(
  repository: { encryption: { scheme: string; recipientFingerprint: string } | null },
  encryptor: Encryptor | undefined,
  location: string,
): void {
  if (repository.encryption && !encryptor) {
    throw new EncryptionKeyError(`repository ${location} is encrypted, and no encryption key is configured`, {
      hint: 'set BACKUP_ENCRYPTION_RECIPIENTS (or BACKUP_ENCRYPTION_PASSPHRASE) as when the repository was created',
    });
  }
  if (!repository.encryption && encryptor) {
    throw new EncryptionKeyError(
      `repository ${location} is not encrypted; refusing to add encrypted backups to it`,
      {
        hint: 'use a new repository (--storage) for encrypted backups, or unset the encryption keys',
      },
    );
  }
}

/** The extension an encrypted object gets after its compression extension. */
export const ENCRYPTED_EXTENSION = '.age';
