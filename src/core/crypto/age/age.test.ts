/**
 * Our age v1 streams against the two reference implementations: the Debian `age` CLI and the
 * `age-encryption` npm package (typage, by age's author). Ours decrypt theirs and theirs decrypt ours, for
 * X25519 and passphrases, at the chunk-boundary sizes; damage of every kind is rejected with a named error.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import {
  Decrypter,
  Encrypter,
  identityToRecipient,
  generateIdentity as typageIdentity,
} from 'age-encryption';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DecryptionError, EncryptionKeyError } from '../../errors.ts';
import { bech32Decode, bech32Encode } from './bech32.ts';
import {
  generateIdentity,
  parseIdentities,
  parseIdentity,
  parseRecipient,
  recipientFingerprint,
} from './keys.ts';
import { CHUNK, createAgeDecryptStream, createAgeEncryptStream, createAgeSealer } from './stream.ts';

const SIZES = [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 2 * 1024 * 1024 + 17];
const hasAgeCli = spawnSync('sh', ['-c', 'command -v age && command -v age-keygen']).status === 0;
if (!hasAgeCli)
  console.warn('age tests: the `age` CLI is missing (apt-get install age): CLI interop skipped');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dbb-age-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Streams `data` through `transform` in uneven pieces (exercising chunk boundaries). */
async function through(data: Buffer, transform: NodeJS.ReadWriteStream): Promise<Buffer> {
  const pieces: Buffer[] = [];
  for (let i = 0; i < data.length; ) {
    const n = Math.min(data.length - i, 1 + ((i * 7919) % 100_003));
    pieces.push(data.subarray(i, i + n));
    i += n;
  }
  return buffer(Readable.from(pieces).pipe(transform));
}

/** Byte equality without vitest's element-by-element diff (seconds on megabytes). */
function expectBytes(actual: Uint8Array, expected: Uint8Array): void {
  expect(
    Buffer.from(actual).equals(Buffer.from(expected)),
    `${actual.length} bytes differ from the expected ${expected.length}`,
  ).toBe(true);
}

const encrypt = (data: Buffer, options: Parameters<typeof createAgeEncryptStream>[0]) =>
  through(data, createAgeEncryptStream(options));
const decrypt = (data: Buffer, options: Parameters<typeof createAgeDecryptStream>[0]) =>
  through(data, createAgeDecryptStream(options));

describe('keys', () => {
  it('bech32 round-trips and rejects a changed character', () => {
    const data = randomBytes(32);
    const text = bech32Encode('age', data);
    expect(Buffer.from(bech32Decode(text)!.data)).toEqual(data);
    const broken = `${text.slice(0, 10)}${text[10] === 'q' ? 'p' : 'q'}${text.slice(11)}`;
    expect(bech32Decode(broken)).toBeUndefined();
  });

  it('generated identities match their recipients, and fingerprints are stable and not key material', () => {
    const { identity, recipient } = generateIdentity();
    expect(identity).toMatch(/^AGE-SECRET-KEY-1[0-9A-Z]{58}$/);
    expect(recipient).toMatch(/^age1[0-9a-z]{58}$/);
    const parsed = parseIdentity(identity);
    expect(parsed.publicKey).toEqual(parseRecipient(recipient));
    expect(recipientFingerprint(parsed.publicKey)).toBe(recipientFingerprint(parseRecipient(recipient)));
    expect(recipientFingerprint(parsed.publicKey)).not.toContain(recipient.slice(4, 20));
  });

  it('reads identity files with comments, and refuses malformed keys with a named error', () => {
    const a = generateIdentity();
    const b = generateIdentity();
    expect(parseIdentities(`# created: today\n${a.identity}\n\n# old key\n${b.identity}\n`)).toHaveLength(2);
    expect(() => parseRecipient('age1notakey')).toThrow(EncryptionKeyError);
    expect(() => parseIdentity('AGE-SECRET-KEY-1XYZ')).toThrow(EncryptionKeyError);
  });
});

describe('round trips', () => {
  const { identity, recipient } = generateIdentity();
  it.each(SIZES)('%i bytes to two recipients, decrypted with either identity', async (size) => {
    const other = generateIdentity();
    const data = randomBytes(size);
    const sealed = await encrypt(data, {
      recipients: [parseRecipient(recipient), parseRecipient(other.recipient)],
    });
    expectBytes(await decrypt(sealed, { identities: [parseIdentity(identity)] }), data);
    expectBytes(await decrypt(sealed, { identities: [parseIdentity(other.identity)] }), data);
  });

  it('passphrase mode', async () => {
    const data = randomBytes(CHUNK + 1);
    const sealed = await encrypt(data, { passphrase: 'correct horse', scryptLogN: 10 });
    expectBytes(await decrypt(sealed, { passphrases: ['correct horse'] }), data);
  });
});

describe('the synchronous sealer, fed from one reused buffer', () => {
  /** Reads `data` into a single buffer that is overwritten for every read, as a socket's `onread` does. */
  function sealFromReusedBuffer(data: Buffer, recipients: Buffer[]): Buffer {
    const sealer = createAgeSealer({ recipients });
    const reused = Buffer.alloc(100_003);
    const out: Buffer[] = [];
    for (let i = 0; i < data.length; ) {
      const n = Math.min(data.length - i, 1 + ((i * 7919) % reused.length));
      data.copy(reused, 0, i, i + n);
      out.push(...sealer.update(reused.subarray(0, n)));
      reused.fill(0xa5); // anything the sealer kept a view of would now be wrong
      i += n;
    }
    out.push(...sealer.final());
    return Buffer.concat(out);
  }

  it.each(SIZES)(
    '%i bytes decrypt to the input, with ours and (when installed) the age CLI',
    async (size) => {
      const { identity, recipient } = generateIdentity();
      const data = randomBytes(size);
      const sealed = sealFromReusedBuffer(data, [parseRecipient(recipient)]);
      expectBytes(await decrypt(sealed, { identities: parseIdentities(identity) }), data);
      if (!hasAgeCli) return;
      const keyFile = join(dir, `sealer-${size}.txt`);
      writeFileSync(keyFile, `${identity}\n`);
      const theirs = spawnSync('age', ['-d', '-i', keyFile], { input: sealed, maxBuffer: 1 << 26 });
      expect(theirs.status, theirs.stderr?.toString()).toBe(0);
      expectBytes(theirs.stdout, data);
    },
  );
});

describe.skipIf(!hasAgeCli)('interop with the age CLI', () => {
  it.each(SIZES)('%i bytes: ours → age -d, age -e → ours', async (size) => {
    const keyFile = join(dir, `key-${size}.txt`);
    spawnSync('age-keygen', ['-o', keyFile]);
    const identityText = readFileSync(keyFile, 'utf8');
    const [identity] = parseIdentities(identityText);
    const recipient = spawnSync('age-keygen', ['-y', keyFile], { encoding: 'utf8' }).stdout.trim();
    const data = randomBytes(size);

    const ours = await encrypt(data, { recipients: [parseRecipient(recipient)] });
    const theirsDecrypted = spawnSync('age', ['-d', '-i', keyFile], { input: ours, maxBuffer: 1 << 26 });
    expect(theirsDecrypted.status, theirsDecrypted.stderr?.toString()).toBe(0);
    expectBytes(theirsDecrypted.stdout, data);

    const theirs = spawnSync('age', ['-r', recipient], { input: data, maxBuffer: 1 << 26 });
    expect(theirs.status).toBe(0);
    expectBytes(await decrypt(theirs.stdout, { identities: [identity!] }), data);
  });

  it('a file encrypted by age with a passphrase-less identity file of several keys decrypts with any', async () => {
    const data = Buffer.from('several keys');
    const a = generateIdentity();
    const b = generateIdentity();
    writeFileSync(join(dir, 'both.txt'), `${a.identity}\n${b.identity}\n`);
    const theirs = spawnSync('age', ['-r', b.recipient], { input: data });
    expect(
      await decrypt(theirs.stdout, { identities: parseIdentities(`${a.identity}\n${b.identity}`) }),
    ).toEqual(data);
    const ours = await encrypt(data, { recipients: [parseRecipient(a.recipient)] });
    expectBytes(spawnSync('age', ['-d', '-i', join(dir, 'both.txt')], { input: ours }).stdout, data);
  });
});

describe('interop with age-encryption (typage)', () => {
  it.each(SIZES)('%i bytes X25519: ours → typage, typage → ours', async (size) => {
    const identity = await typageIdentity();
    const recipient = await identityToRecipient(identity);
    const data = randomBytes(size);
    const ours = await encrypt(data, { recipients: [parseRecipient(recipient)] });
    const d = new Decrypter();
    d.addIdentity(identity);
    expectBytes(Buffer.from(await d.decrypt(ours)), data);
    const e = new Encrypter();
    e.addRecipient(recipient);
    const theirs = Buffer.from(await e.encrypt(data));
    expectBytes(await decrypt(theirs, { identities: [parseIdentity(identity)] }), data);
  });

  it.each([0, CHUNK, CHUNK + 1])('%i bytes passphrase: ours → typage, typage → ours', async (size) => {
    const data = randomBytes(size);
    const ours = await encrypt(data, { passphrase: 'pass phrase', scryptLogN: 10 });
    const d = new Decrypter();
    d.addPassphrase('pass phrase');
    expectBytes(Buffer.from(await d.decrypt(ours)), data);
    const e = new Encrypter();
    e.setPassphrase('pass phrase');
    e.setScryptWorkFactor(10);
    expectBytes(await decrypt(Buffer.from(await e.encrypt(data)), { passphrases: ['pass phrase'] }), data);
  });
});

describe('damage and wrong keys are rejected', () => {
  const { identity, recipient } = generateIdentity();
  const keys = () => ({ identities: [parseIdentity(identity)] });
  let data: Buffer;
  let sealed: Buffer;
  let headerLength: number;
  beforeAll(async () => {
    data = randomBytes(3 * CHUNK + 100);
    sealed = await encrypt(data, { recipients: [parseRecipient(recipient)] });
    headerLength = sealed.indexOf('\n---') + sealed.subarray(sealed.indexOf('\n---')).indexOf('\n', 1) + 1;
  });

  const flip = (at: number) => {
    const copy = Buffer.from(sealed);
    copy[at]! ^= 0x01;
    return copy;
  };

  it('a changed stanza body: the file key no longer unwraps (as with age: no identity matches)', async () => {
    // The body is the line after `-> X25519 <share>`. Its first character is swapped for another valid base64
    // character: a flipped bit can leave the alphabet ('A' ^ 1 is '@'), which is a header error instead.
    const bodyAt = sealed.indexOf('\n', sealed.indexOf('\n-> X25519 ') + 1) + 1;
    const changed = Buffer.from(sealed);
    changed[bodyAt] = changed[bodyAt] === 0x41 ? 0x42 : 0x41;
    await expect(decrypt(changed, keys())).rejects.toBeInstanceOf(EncryptionKeyError);
  });

  it.each([
    ['the header MAC', () => headerLength - 5],
    ['the payload nonce', () => headerLength + 3],
    ['the first chunk', () => headerLength + 16 + 10],
    ['a middle chunk tag', () => headerLength + 16 + 2 * (CHUNK + 16) - 1],
    ['the last chunk', () => sealed.length - 1],
  ])('a flipped byte in %s', async (_where, at) => {
    await expect(decrypt(flip(at()), keys())).rejects.toBeInstanceOf(DecryptionError);
  });

  it('a truncated end, at a chunk boundary and inside a chunk', async () => {
    await expect(decrypt(sealed.subarray(0, headerLength + 16 + CHUNK + 16), keys())).rejects.toBeInstanceOf(
      DecryptionError,
    );
    await expect(decrypt(sealed.subarray(0, sealed.length - 7), keys())).rejects.toBeInstanceOf(
      DecryptionError,
    );
    await expect(decrypt(sealed.subarray(0, headerLength - 3), keys())).rejects.toBeInstanceOf(
      DecryptionError,
    );
  });

  it('an appended chunk, and two chunks swapped', async () => {
    const lastChunk = sealed.subarray(headerLength + 16 + 3 * (CHUNK + 16));
    await expect(decrypt(Buffer.concat([sealed, lastChunk]), keys())).rejects.toBeInstanceOf(DecryptionError);
    const start = headerLength + 16;
    const swapped = Buffer.concat([
      sealed.subarray(0, start),
      sealed.subarray(start + CHUNK + 16, start + 2 * (CHUNK + 16)),
      sealed.subarray(start, start + CHUNK + 16),
      sealed.subarray(start + 2 * (CHUNK + 16)),
    ]);
    await expect(decrypt(swapped, keys())).rejects.toBeInstanceOf(DecryptionError);
  });

  it('a wrong identity, no identity, and a wrong passphrase are key errors, not damage', async () => {
    await expect(
      decrypt(sealed, { identities: [parseIdentity(generateIdentity().identity)] }),
    ).rejects.toBeInstanceOf(EncryptionKeyError);
    await expect(decrypt(sealed, {})).rejects.toBeInstanceOf(EncryptionKeyError);
    const withPassphrase = await encrypt(data, { passphrase: 'right', scryptLogN: 10 });
    await expect(decrypt(withPassphrase, { passphrases: ['wrong'] })).rejects.toBeInstanceOf(
      EncryptionKeyError,
    );
  });

  it('a header demanding an excessive scrypt work factor is refused before any work', async () => {
    const sealedPass = await encrypt(Buffer.from('x'), { passphrase: 'p', scryptLogN: 10 });
    const text = sealedPass.toString('latin1').replace(/(-> scrypt \S+) 10\n/, '$1 40\n');
    await expect(decrypt(Buffer.from(text, 'latin1'), { passphrases: ['p'] })).rejects.toThrow(
      /work factor 2\^40/,
    );
  });
});
