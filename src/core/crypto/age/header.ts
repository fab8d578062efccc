/**
 * The age v1 header (https://age-encryption.org/v1): recipient stanzas that wrap a random 16-byte file key,
 * and a MAC over the header. X25519 and scrypt stanzas, with Node's native primitives.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createPublicKey,
  hkdfSync,
  randomBytes,
  scryptSync,
  timingSafeEqual,
} from 'node:crypto';
import { DecryptionError, EncryptionKeyError } from '../../errors.ts';
import { type AgeIdentity, rawPublic, x25519, x25519Private } from './keys.ts';

export const VERSION_LINE = 'age-encryption.org/v1';
const X25519_INFO = 'age-encryption.org/v1/X25519';
const SCRYPT_LABEL = 'age-encryption.org/v1/scrypt';
/** age refuses work factors above this when decrypting: a header must not be able to cost minutes of CPU. */
export const MAX_SCRYPT_LOG_N = 22;

export interface Stanza {
  type: string;
  args: string[];
  body: Buffer;
}

const b64 = (data: Uint8Array) => Buffer.from(data).toString('base64').replace(/=+$/, '');
function unb64(text: string): Buffer {
  if (!/^[A-Za-z0-9+/]*$/.test(text)) throw new DecryptionError('age header: invalid base64');
  const data = Buffer.from(text, 'base64');
  if (b64(data) !== text) throw new DecryptionError('age header: non-canonical base64');
  return data;
}

const hkdf = (ikm: Uint8Array, salt: Uint8Array, info: string) =>
  Buffer.from(hkdfSync('sha256', ikm, salt, info, 32));

function seal(key: Uint8Array, plaintext: Uint8Array): Buffer {
  const cipher = createCipheriv('chacha20-poly1305', key, Buffer.alloc(12), { authTagLength: 16 });
  return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

function open(key: Uint8Array, sealed: Uint8Array): Buffer | undefined {
  if (sealed.length < 16) return undefined;
  const decipher = createDecipheriv('chacha20-poly1305', key, Buffer.alloc(12), { authTagLength: 16 });
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]);
  } catch {
    return undefined;
  }
}

/** The X25519 stanza wrapping `fileKey` to `recipient` (raw public key). */
export function x25519Stanza(fileKey: Buffer, recipient: Buffer): Stanza {
  const ephemeral = x25519Private(randomBytes(32));
  const share = rawPublic(createPublicKey(ephemeral));
  const shared = x25519(ephemeral, recipient);
  const wrapKey = hkdf(shared, Buffer.concat([share, recipient]), X25519_INFO);
  return { type: 'X25519', args: [b64(share)], body: seal(wrapKey, fileKey) };
}

/** The scrypt stanza wrapping `fileKey` with `passphrase`. */
export function scryptStanza(fileKey: Buffer, passphrase: string, logN: number): Stanza {
  const salt = randomBytes(16);
  const key = scryptSync(passphrase, Buffer.concat([Buffer.from(SCRYPT_LABEL), salt]), 32, {
    N: 2 ** logN,
    r: 8,
    p: 1,
    maxmem: 256 * 2 ** logN * 8 + 1024 * 1024,
  });
  return { type: 'scrypt', args: [b64(salt), String(logN)], body: seal(key, fileKey) };
}

/** Serialises stanzas into the header text up to and including `---` (what the MAC covers). */
export function headerWithoutMac(stanzas: Stanza[]): string {
  const lines = [VERSION_LINE];
  for (const stanza of stanzas) {
    lines.push(`-> ${[stanza.type, ...stanza.args].join(' ')}`);
    const body = b64(stanza.body);
    for (let i = 0; i < body.length; i += 64) lines.push(body.slice(i, i + 64));
    // A body whose base64 is a multiple of 64 columns ends with an empty line.
    if (body.length % 64 === 0) lines.push('');
  }
  return `${lines.join('\n')}\n---`;
}

/** The header MAC: HMAC-SHA256 keyed by HKDF(file key, "header") over the header text up to `---`. */
export function headerMac(fileKey: Buffer, header: string): Buffer {
  return createHmac('sha256', hkdf(fileKey, Buffer.alloc(0), 'header'))
    .update(header)
    .digest();
}

/** The complete header bytes, MAC included, for `stanzas`. */
export function encodeHeader(fileKey: Buffer, stanzas: Stanza[]): Buffer {
  const header = headerWithoutMac(stanzas);
  return Buffer.from(`${header} ${b64(headerMac(fileKey, header))}\n`);
}

export interface ParsedHeader {
  stanzas: Stanza[];
  /** The text the MAC covers. */
  macInput: string;
  mac: Buffer;
  /** Bytes of the whole header, for locating the payload. */
  length: number;
}

/** Parses a header from the start of `data`; undefined when it is not complete yet (read more). */
export function parseHeader(data: Buffer): ParsedHeader | undefined {
  const end = data.indexOf('\n---', 0, 'latin1');
  if (end < 0) return undefined;
  const macEnd = data.indexOf('\n', end + 4);
  if (macEnd < 0) return undefined;
  const text = data.subarray(0, macEnd).toString('latin1');
  const lines = text.split('\n');
  if (lines[0] !== VERSION_LINE) throw new DecryptionError('not an age v1 file (wrong version line)');
  const stanzas: Stanza[] = [];
  let i = 1;
  while (i < lines.length && lines[i]!.startsWith('-> ')) {
    const [type, ...args] = lines[i]!.slice(3).split(' ');
    if (!type || args.some((a) => a === '')) throw new DecryptionError('age header: malformed stanza line');
    i++;
    const bodyLines: string[] = [];
    for (;;) {
      const line = lines[i++];
      if (line === undefined) throw new DecryptionError('age header: truncated stanza');
      if (line.length > 64) throw new DecryptionError('age header: stanza line longer than 64 columns');
      bodyLines.push(line);
      if (line.length < 64) break;
    }
    stanzas.push({ type, args, body: unb64(bodyLines.join('')) });
  }
  const macLine = lines[i];
  if (i !== lines.length - 1 || !macLine?.startsWith('--- '))
    throw new DecryptionError('age header: malformed');
  return {
    stanzas,
    macInput: `${lines.slice(0, i).join('\n')}\n---`,
    mac: unb64(macLine.slice(4)),
    length: macEnd + 1,
  };
}

export interface UnwrapKeys {
  identities: AgeIdentity[];
  passphrases: string[];
}

/** Recovers the file key with the given identities or passphrases and checks the MAC. */
export function unwrapFileKey(header: ParsedHeader, keys: UnwrapKeys): Buffer {
  const scrypt = header.stanzas.filter((s) => s.type === 'scrypt');
  if (scrypt.length > 0 && header.stanzas.length !== 1) {
    throw new DecryptionError('age header: an scrypt stanza must be the only stanza');
  }
  let fileKey: Buffer | undefined;
  if (scrypt.length === 1) {
    const [saltText, logNText] = scrypt[0]!.args;
    const logN = Number(logNText);
    if (!saltText || !/^[1-9]\d*$/.test(logNText ?? '') || scrypt[0]!.args.length !== 2) {
      throw new DecryptionError('age header: malformed scrypt stanza');
    }
    if (logN > MAX_SCRYPT_LOG_N) {
      throw new DecryptionError(
        `age header: scrypt work factor 2^${logN} is above the limit 2^${MAX_SCRYPT_LOG_N}`,
      );
    }
    if (keys.passphrases.length === 0) {
      throw new EncryptionKeyError('this backup is encrypted with a passphrase, and none is configured', {
        hint: 'set BACKUP_ENCRYPTION_PASSPHRASE (or _FILE)',
      });
    }
    const salt = unb64(saltText);
    for (const passphrase of keys.passphrases) {
      const key = scryptSync(passphrase, Buffer.concat([Buffer.from(SCRYPT_LABEL), salt]), 32, {
        N: 2 ** logN,
        r: 8,
        p: 1,
        maxmem: 256 * 2 ** logN * 8 + 1024 * 1024,
      });
      fileKey = open(key, scrypt[0]!.body);
      if (fileKey) break;
    }
    if (!fileKey) {
      throw new EncryptionKeyError('the configured passphrase does not decrypt this backup', {
        hint: 'check BACKUP_ENCRYPTION_PASSPHRASE; backups keep the passphrase they were made with',
      });
    }
  } else {
    for (const stanza of header.stanzas.filter((s) => s.type === 'X25519')) {
      if (stanza.args.length !== 1) throw new DecryptionError('age header: malformed X25519 stanza');
      const share = unb64(stanza.args[0]!);
      if (share.length !== 32) throw new DecryptionError('age header: malformed X25519 share');
      for (const identity of keys.identities) {
        const shared = x25519(identity.privateKeyObject, share);
        if (shared.every((b) => b === 0)) throw new DecryptionError('age header: low-order X25519 share');
        const wrapKey = hkdf(shared, Buffer.concat([share, identity.publicKey]), X25519_INFO);
        fileKey = open(wrapKey, stanza.body);
        if (fileKey) break;
      }
      if (fileKey) break;
    }
    if (!fileKey) {
      throw new EncryptionKeyError(
        keys.identities.length === 0
          ? 'this backup is encrypted, and no identity is configured to decrypt it'
          : 'none of the configured identities can decrypt this backup',
        {
          hint: 'set BACKUP_ENCRYPTION_IDENTITY_FILE to the identity (AGE-SECRET-KEY-1…) of one of its recipients',
        },
      );
    }
  }
  if (fileKey.length !== 16) throw new DecryptionError('age header: wrapped file key has the wrong length');
  if (
    !timingSafeEqual(
      headerMac(fileKey, header.macInput),
      header.mac.length === 32 ? header.mac : Buffer.alloc(32),
    )
  ) {
    throw new DecryptionError('age header: MAC mismatch (the header was altered)');
  }
  return fileKey;
}
