/**
 * age keys: X25519 identities (`AGE-SECRET-KEY-1…`) and recipients (`age1…`), with Node's native X25519.
 * A recipient fingerprint (for manifests and the repository config) is a short hash of the public key:
 * stable, and never key material.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { EncryptionKeyError } from '../../errors.ts';
import { bech32Decode, bech32Encode } from './bech32.ts';

const PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');

export interface AgeIdentity {
  /** The 32-byte X25519 secret scalar. */
  secret: Buffer;
  /** The matching recipient's 32-byte public key. */
  publicKey: Buffer;
  privateKeyObject: KeyObject;
}

/** An X25519 private key object from a raw 32-byte scalar. */
export function x25519Private(secret: Uint8Array): KeyObject {
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, secret]), format: 'der', type: 'pkcs8' });
}

/** An X25519 public key object from raw 32 bytes. */
export function x25519Public(publicKey: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, publicKey]), format: 'der', type: 'spki' });
}

/** The raw 32 bytes of an X25519 public key object. */
export function rawPublic(key: KeyObject): Buffer {
  return (key.export({ format: 'der', type: 'spki' }) as Buffer).subarray(-32);
}

/** The X25519 shared secret of a private and a raw public key. */
export function x25519(privateKey: KeyObject, publicKey: Uint8Array): Buffer {
  return diffieHellman({ privateKey, publicKey: x25519Public(publicKey) });
}

/** Parses an `age1…` recipient; EncryptionKeyError naming the problem (never echoing a secret). */
export function parseRecipient(text: string): Buffer {
  const decoded = bech32Decode(text.trim());
  if (!decoded || decoded.hrp !== 'age' || decoded.data.length !== 32) {
    throw new EncryptionKeyError(
      `not an age X25519 recipient: ${JSON.stringify(text.trim().slice(0, 12))}…`,
      {
        hint: 'recipients look like age1…; `db-backup keygen` or `age-keygen` makes a key pair',
      },
    );
  }
  return Buffer.from(decoded.data);
}

/** Parses an `AGE-SECRET-KEY-1…` identity. */
export function parseIdentity(text: string): AgeIdentity {
  const decoded = bech32Decode(text.trim());
  if (!decoded || decoded.hrp !== 'age-secret-key-' || decoded.data.length !== 32) {
    throw new EncryptionKeyError('an encryption identity is not an age X25519 identity (AGE-SECRET-KEY-1…)', {
      hint: 'pass the identity file written by `db-backup keygen` or `age-keygen` (BACKUP_ENCRYPTION_IDENTITY_FILE)',
    });
  }
  const secret = Buffer.from(decoded.data);
  const privateKeyObject = x25519Private(secret);
  return { secret, publicKey: rawPublic(createPublicKey(privateKeyObject)), privateKeyObject };
}

/** Every identity in an identity file's text (age's format: one per line, `#` comments). */
export function parseIdentities(text: string): AgeIdentity[] {
  return text
    .split(/[\n,]/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map(parseIdentity);
}

/** `age1…` text of a raw public key. */
export function formatRecipient(publicKey: Uint8Array): string {
  return bech32Encode('age', publicKey);
}

/** A new identity: its `AGE-SECRET-KEY-1…` text and its `age1…` recipient. */
export function generateIdentity(): { identity: string; recipient: string } {
  const { privateKey, publicKey } = generateKeyPairSync('x25519');
  const secret = (privateKey.export({ format: 'der', type: 'pkcs8' }) as Buffer).subarray(-32);
  return {
    identity: bech32Encode('age-secret-key-', secret).toUpperCase(),
    recipient: formatRecipient(rawPublic(publicKey)),
  };
}

/** A short, stable fingerprint of a recipient (hex of sha256 of its public key, 16 chars). */
export function recipientFingerprint(publicKey: Uint8Array): string {
  return `age1:${createHash('sha256').update(publicKey).digest('hex').slice(0, 16)}`;
}

/** The fingerprint recorded for passphrase encryption (nothing about the passphrase is recorded). */
export const PASSPHRASE_FINGERPRINT = 'scrypt:passphrase';
