import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  EncryptionKeyError
} from "./chunk-HSU6VSP5.js";

// src/core/crypto/age/keys.ts
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync
} from "node:crypto";

// src/core/crypto/age/bech32.ts
var CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
var GENERATOR = [996825010, 642813549, 513874426, 1027748829, 705979059];
function polymod(values) {
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = (chk & 33554431) << 5 ^ v;
    for (let i = 0; i < 5; i++) if (top >>> i & 1) chk ^= GENERATOR[i];
  }
  return chk >>> 0;
}
var expandHrp = (hrp) => [
  ...[...hrp].map((c) => c.charCodeAt(0) >>> 5),
  0,
  ...[...hrp].map((c) => c.charCodeAt(0) & 31)
];
function convertBits(data, from, to, pad) {
  let acc = 0;
  let bits = 0;
  const out = [];
  const max = (1 << to) - 1;
  for (const value of data) {
    acc = acc << from | value;
    bits += from;
    while (bits >= to) {
      bits -= to;
      out.push(acc >>> bits & max);
    }
  }
  if (pad) {
    if (bits > 0) out.push(acc << to - bits & max);
  } else if (bits >= from || (acc << to - bits & max) !== 0) {
    return void 0;
  }
  return out;
}
function bech32Encode(hrp, data) {
  const words = convertBits(data, 8, 5, true);
  const checksum = polymod([...expandHrp(hrp), ...words, 0, 0, 0, 0, 0, 0]) ^ 1;
  const check = Array.from({ length: 6 }, (_, i) => checksum >>> 5 * (5 - i) & 31);
  return `${hrp}1${[...words, ...check].map((w) => CHARSET[w]).join("")}`;
}
function bech32Decode(text) {
  if (text !== text.toLowerCase() && text !== text.toUpperCase()) return void 0;
  const lower = text.toLowerCase();
  const split = lower.lastIndexOf("1");
  if (split < 1 || split + 7 > lower.length) return void 0;
  const hrp = lower.slice(0, split);
  const words = [];
  for (const c of lower.slice(split + 1)) {
    const w = CHARSET.indexOf(c);
    if (w < 0) return void 0;
    words.push(w);
  }
  if (polymod([...expandHrp(hrp), ...words]) !== 1) return void 0;
  const bytes = convertBits(words.slice(0, -6), 5, 8, false);
  return bytes ? { hrp, data: Uint8Array.from(bytes) } : void 0;
}

// src/core/crypto/age/keys.ts
var PKCS8_PREFIX = Buffer.from("302e020100300506032b656e04220420", "hex");
var SPKI_PREFIX = Buffer.from("302a300506032b656e032100", "hex");
function x25519Private(secret) {
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, secret]), format: "der", type: "pkcs8" });
}
function x25519Public(publicKey) {
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, publicKey]), format: "der", type: "spki" });
}
function rawPublic(key) {
  return key.export({ format: "der", type: "spki" }).subarray(-32);
}
function x25519(privateKey, publicKey) {
  return diffieHellman({ privateKey, publicKey: x25519Public(publicKey) });
}
function parseRecipient(text) {
  const decoded = bech32Decode(text.trim());
  if (!decoded || decoded.hrp !== "age" || decoded.data.length !== 32) {
    throw new EncryptionKeyError(
      `not an age X25519 recipient: ${JSON.stringify(text.trim().slice(0, 12))}\u2026`,
      {
        hint: "recipients look like age1\u2026; `db-backup keygen` or `age-keygen` makes a key pair"
      }
    );
  }
  return Buffer.from(decoded.data);
}
function parseIdentity(text) {
  const decoded = bech32Decode(text.trim());
  if (!decoded || decoded.hrp !== "age-secret-key-" || decoded.data.length !== 32) {
    throw new EncryptionKeyError("an encryption identity is not an age X25519 identity (AGE-SECRET-KEY-1\u2026)", {
      hint: "pass the identity file written by `db-backup keygen` or `age-keygen` (BACKUP_ENCRYPTION_IDENTITY_FILE)"
    });
  }
  const secret = Buffer.from(decoded.data);
  const privateKeyObject = x25519Private(secret);
  return { secret, publicKey: rawPublic(createPublicKey(privateKeyObject)), privateKeyObject };
}
function parseIdentities(text) {
  return text.split(/[\n,]/).map((line) => line.trim()).filter((line) => line !== "" && !line.startsWith("#")).map(parseIdentity);
}
function formatRecipient(publicKey) {
  return bech32Encode("age", publicKey);
}
function generateIdentity() {
  const { privateKey, publicKey } = generateKeyPairSync("x25519");
  const secret = privateKey.export({ format: "der", type: "pkcs8" }).subarray(-32);
  return {
    identity: bech32Encode("age-secret-key-", secret).toUpperCase(),
    recipient: formatRecipient(rawPublic(publicKey))
  };
}
function recipientFingerprint(publicKey) {
  return `age1:${createHash("sha256").update(publicKey).digest("hex").slice(0, 16)}`;
}
var PASSPHRASE_FINGERPRINT = "scrypt:passphrase";

export {
  x25519Private,
  x25519Public,
  rawPublic,
  x25519,
  parseRecipient,
  parseIdentity,
  parseIdentities,
  formatRecipient,
  generateIdentity,
  recipientFingerprint,
  PASSPHRASE_FINGERPRINT
};
