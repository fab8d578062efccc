/**
 * `node bench/age.ts` (part of `npm run bench`): throughput of the age implementation (Node's native
 * ChaCha20-Poly1305 and X25519) on 64 MiB of incompressible bytes, encrypt and decrypt, streamed as a backup
 * streams it (64 KiB reads), median of 5. Writes bench/results/age.json.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { generateIdentity, parseIdentity, parseRecipient } from '../src/core/crypto/age/keys.ts';
import { createAgeDecryptStream, createAgeEncryptStream } from '../src/core/crypto/age/stream.ts';
import { median } from './timing.ts';

const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));
const SIZE = 64 * 1024 * 1024;
const RUNS = 5;
const plain = randomBytes(SIZE);
const { identity, recipient } = generateIdentity();

const chunks = (buffer: Buffer) =>
  Readable.from(
    (function* () {
      for (let at = 0; at < buffer.length; at += 64 * 1024) yield buffer.subarray(at, at + 64 * 1024);
    })(),
  );
const collect = (into: Buffer[]) =>
  new Writable({
    write(chunk, _encoding, callback) {
      into.push(chunk);
      callback();
    },
  });

const encryptMs: number[] = [];
const decryptMs: number[] = [];
let sealed = Buffer.alloc(0);
for (let run = 0; run < RUNS; run++) {
  const out: Buffer[] = [];
  let started = performance.now();
  await pipeline(
    chunks(plain),
    createAgeEncryptStream({ recipients: [parseRecipient(recipient)] }),
    collect(out),
  );
  encryptMs.push(performance.now() - started);
  sealed = Buffer.concat(out);
  const opened: Buffer[] = [];
  started = performance.now();
  await pipeline(
    chunks(sealed),
    createAgeDecryptStream({ identities: [parseIdentity(identity)] }),
    collect(opened),
  );
  decryptMs.push(performance.now() - started);
  if (!Buffer.concat(opened).equals(plain)) throw new Error('age round trip changed the bytes');
}
const mbps = (ms: number) => Math.round(SIZE / 1e6 / (ms / 1000));
const result = {
  bytes: SIZE,
  runs: RUNS,
  encryptMBps: mbps(median(encryptMs)),
  decryptMBps: mbps(median(decryptMs)),
  overheadBytes: sealed.length - SIZE,
};
mkdirSync(RESULTS, { recursive: true });
writeFileSync(join(RESULTS, 'age.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(
  `age (native ChaCha20-Poly1305): encrypt ${result.encryptMBps} MB/s, decrypt ${result.decryptMBps} MB/s`,
);
