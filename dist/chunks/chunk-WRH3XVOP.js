import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  PASSPHRASE_FINGERPRINT,
  parseIdentities,
  parseRecipient,
  rawPublic,
  recipientFingerprint,
  x25519,
  x25519Private
} from "./chunk-I6YLN742.js";
import {
  registerSecret
} from "./chunk-XSSEYECF.js";
import {
  DecryptionError,
  EncryptionKeyError
} from "./chunk-HSU6VSP5.js";

// src/core/crypto/age/stream.ts
import {
  createCipheriv as createCipheriv2,
  createDecipheriv as createDecipheriv2,
  createSecretKey,
  hkdfSync as hkdfSync2,
  randomBytes as randomBytes2
} from "node:crypto";
import { Transform } from "node:stream";

// src/core/crypto/age/header.ts
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createPublicKey,
  hkdfSync,
  randomBytes,
  scryptSync,
  timingSafeEqual
} from "node:crypto";
var VERSION_LINE = "age-encryption.org/v1";
var X25519_INFO = "age-encryption.org/v1/X25519";
var SCRYPT_LABEL = "age-encryption.org/v1/scrypt";
var MAX_SCRYPT_LOG_N = 22;
var b64 = (data) => Buffer.from(data).toString("base64").replace(/=+$/, "");
function unb64(text) {
  if (!/^[A-Za-z0-9+/]*$/.test(text)) throw new DecryptionError("age header: invalid base64");
  const data = Buffer.from(text, "base64");
  if (b64(data) !== text) throw new DecryptionError("age header: non-canonical base64");
  return data;
}
var hkdf = (ikm, salt, info) => Buffer.from(hkdfSync("sha256", ikm, salt, info, 32));
function seal(key, plaintext) {
  const cipher = createCipheriv("chacha20-poly1305", key, Buffer.alloc(12), { authTagLength: 16 });
  return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}
function open(key, sealed) {
  if (sealed.length < 16) return void 0;
  const decipher = createDecipheriv("chacha20-poly1305", key, Buffer.alloc(12), { authTagLength: 16 });
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]);
  } catch {
    return void 0;
  }
}
function x25519Stanza(fileKey, recipient) {
  const ephemeral = x25519Private(randomBytes(32));
  const share = rawPublic(createPublicKey(ephemeral));
  const shared = x25519(ephemeral, recipient);
  const wrapKey = hkdf(shared, Buffer.concat([share, recipient]), X25519_INFO);
  return { type: "X25519", args: [b64(share)], body: seal(wrapKey, fileKey) };
}
function scryptStanza(fileKey, passphrase, logN) {
  const salt = randomBytes(16);
  const key = scryptSync(passphrase, Buffer.concat([Buffer.from(SCRYPT_LABEL), salt]), 32, {
    N: 2 ** logN,
    r: 8,
    p: 1,
    maxmem: 256 * 2 ** logN * 8 + 1024 * 1024
  });
  return { type: "scrypt", args: [b64(salt), String(logN)], body: seal(key, fileKey) };
}
function headerWithoutMac(stanzas) {
  const lines = [VERSION_LINE];
  for (const stanza of stanzas) {
    lines.push(`-> ${[stanza.type, ...stanza.args].join(" ")}`);
    const body = b64(stanza.body);
    for (let i = 0; i < body.length; i += 64) lines.push(body.slice(i, i + 64));
    if (body.length % 64 === 0) lines.push("");
  }
  return `${lines.join("\n")}
---`;
}
function headerMac(fileKey, header) {
  return createHmac("sha256", hkdf(fileKey, Buffer.alloc(0), "header")).update(header).digest();
}
function encodeHeader(fileKey, stanzas) {
  const header = headerWithoutMac(stanzas);
  return Buffer.from(`${header} ${b64(headerMac(fileKey, header))}
`);
}
function parseHeader(data) {
  const end = data.indexOf("\n---", 0, "latin1");
  if (end < 0) return void 0;
  const macEnd = data.indexOf("\n", end + 4);
  if (macEnd < 0) return void 0;
  const text = data.subarray(0, macEnd).toString("latin1");
  const lines = text.split("\n");
  if (lines[0] !== VERSION_LINE) throw new DecryptionError("not an age v1 file (wrong version line)");
  const stanzas = [];
  let i = 1;
  while (i < lines.length && lines[i].startsWith("-> ")) {
    const [type, ...args] = lines[i].slice(3).split(" ");
    if (!type || args.some((a) => a === "")) throw new DecryptionError("age header: malformed stanza line");
    i++;
    const bodyLines = [];
    for (; ; ) {
      const line = lines[i++];
      if (line === void 0) throw new DecryptionError("age header: truncated stanza");
      if (line.length > 64) throw new DecryptionError("age header: stanza line longer than 64 columns");
      bodyLines.push(line);
      if (line.length < 64) break;
    }
    stanzas.push({ type, args, body: unb64(bodyLines.join("")) });
  }
  const macLine = lines[i];
  if (i !== lines.length - 1 || !macLine?.startsWith("--- "))
    throw new DecryptionError("age header: malformed");
  return {
    stanzas,
    macInput: `${lines.slice(0, i).join("\n")}
---`,
    mac: unb64(macLine.slice(4)),
    length: macEnd + 1
  };
}
function unwrapFileKey(header, keys) {
  const scrypt = header.stanzas.filter((s) => s.type === "scrypt");
  if (scrypt.length > 0 && header.stanzas.length !== 1) {
    throw new DecryptionError("age header: an scrypt stanza must be the only stanza");
  }
  let fileKey;
  if (scrypt.length === 1) {
    const [saltText, logNText] = scrypt[0].args;
    const logN = Number(logNText);
    if (!saltText || !/^[1-9]\d*$/.test(logNText ?? "") || scrypt[0].args.length !== 2) {
      throw new DecryptionError("age header: malformed scrypt stanza");
    }
    if (logN > MAX_SCRYPT_LOG_N) {
      throw new DecryptionError(
        `age header: scrypt work factor 2^${logN} is above the limit 2^${MAX_SCRYPT_LOG_N}`
      );
    }
    if (keys.passphrases.length === 0) {
      throw new EncryptionKeyError("this backup is encrypted with a passphrase, and none is configured", {
        hint: "set BACKUP_ENCRYPTION_PASSPHRASE (or _FILE)"
      });
    }
    const salt = unb64(saltText);
    for (const passphrase of keys.passphrases) {
      const key = scryptSync(passphrase, Buffer.concat([Buffer.from(SCRYPT_LABEL), salt]), 32, {
        N: 2 ** logN,
        r: 8,
        p: 1,
        maxmem: 256 * 2 ** logN * 8 + 1024 * 1024
      });
      fileKey = open(key, scrypt[0].body);
      if (fileKey) break;
    }
    if (!fileKey) {
      throw new EncryptionKeyError("the configured passphrase does not decrypt this backup", {
        hint: "check BACKUP_ENCRYPTION_PASSPHRASE; backups keep the passphrase they were made with"
      });
    }
  } else {
    for (const stanza of header.stanzas.filter((s) => s.type === "X25519")) {
      if (stanza.args.length !== 1) throw new DecryptionError("age header: malformed X25519 stanza");
      const share = unb64(stanza.args[0]);
      if (share.length !== 32) throw new DecryptionError("age header: malformed X25519 share");
      for (const identity of keys.identities) {
        const shared = x25519(identity.privateKeyObject, share);
        if (shared.every((b) => b === 0)) throw new DecryptionError("age header: low-order X25519 share");
        const wrapKey = hkdf(shared, Buffer.concat([share, identity.publicKey]), X25519_INFO);
        fileKey = open(wrapKey, stanza.body);
        if (fileKey) break;
      }
      if (fileKey) break;
    }
    if (!fileKey) {
      throw new EncryptionKeyError(
        keys.identities.length === 0 ? "this backup is encrypted, and no identity is configured to decrypt it" : "none of the configured identities can decrypt this backup",
        {
          hint: "set BACKUP_ENCRYPTION_IDENTITY_FILE to the identity (AGE-SECRET-KEY-1\u2026) of one of its recipients"
        }
      );
    }
  }
  if (fileKey.length !== 16) throw new DecryptionError("age header: wrapped file key has the wrong length");
  if (!timingSafeEqual(
    headerMac(fileKey, header.macInput),
    header.mac.length === 32 ? header.mac : Buffer.alloc(32)
  )) {
    throw new DecryptionError("age header: MAC mismatch (the header was altered)");
  }
  return fileKey;
}

// src/core/crypto/age/stream.ts
var CHUNK = 64 * 1024;
var TAG = 16;
var MAX_HEADER = 64 * 1024;
function payloadKey(fileKey, nonce) {
  return Buffer.from(hkdfSync2("sha256", fileKey, nonce, "payload", 32));
}
function chunkNonce(counter, last) {
  const nonce = Buffer.alloc(12);
  nonce.writeBigUInt64BE(counter, 3);
  nonce[11] = last ? 1 : 0;
  return nonce;
}
function takeBytes(queue, n) {
  const first = queue[0];
  if (first.length >= n) {
    if (first.length === n) queue.shift();
    else queue[0] = first.subarray(n);
    return first.subarray(0, n);
  }
  const out = Buffer.allocUnsafe(n);
  let filled = 0;
  while (filled < n) {
    const head = queue[0];
    const take = Math.min(head.length, n - filled);
    head.copy(out, filled, 0, take);
    filled += take;
    if (take === head.length) queue.shift();
    else queue[0] = head.subarray(take);
  }
  return out;
}
function takePieces(queue, n) {
  const pieces = [];
  let taken = 0;
  while (taken < n) {
    const head = queue[0];
    const take = Math.min(head.length, n - taken);
    pieces.push(take === head.length ? head : head.subarray(0, take));
    taken += take;
    if (take === head.length) queue.shift();
    else queue[0] = head.subarray(take);
  }
  return pieces;
}
function createAgeSealer(options) {
  const recipients = options.recipients ?? [];
  if (recipients.length > 0 === (options.passphrase !== void 0)) {
    throw new EncryptionKeyError("encrypt to recipients or with a passphrase, not both and not neither");
  }
  const fileKey = randomBytes2(16);
  const stanzas = options.passphrase !== void 0 ? [scryptStanza(fileKey, options.passphrase, options.scryptLogN ?? 18)] : recipients.map((r) => x25519Stanza(fileKey, r));
  const nonce = randomBytes2(16);
  const key = createSecretKey(payloadKey(fileKey, nonce));
  let counter = 0n;
  let pending = [];
  let pendingBytes = 0;
  let started = false;
  const sealChunk = (pieces, last, out) => {
    const cipher = createCipheriv2("chacha20-poly1305", key, chunkNonce(counter++, last), {
      authTagLength: TAG
    });
    for (const piece of pieces) out.push(cipher.update(piece));
    cipher.final();
    out.push(cipher.getAuthTag());
  };
  const begin = (out) => {
    if (started) return;
    started = true;
    out.push(encodeHeader(fileKey, stanzas), nonce);
  };
  return {
    update(data, owned = false) {
      const out = [];
      begin(out);
      pending.push(data);
      pendingBytes += data.length;
      while (pendingBytes > CHUNK) {
        sealChunk(takePieces(pending, CHUNK), false, out);
        pendingBytes -= CHUNK;
      }
      if (!owned && pending.length > 0) pending = [Buffer.concat(pending, pendingBytes)];
      return out;
    },
    final() {
      const out = [];
      begin(out);
      sealChunk(pending.length > 0 ? pending : [Buffer.alloc(0)], true, out);
      pending = [];
      return out;
    }
  };
}
function createAgeEncryptStream(options) {
  const sealer = createAgeSealer(options);
  return new Transform({
    // Large buffers and one push per input: every push is a write downstream (a syscall for files).
    highWaterMark: 1024 * 1024,
    transform(data, _encoding, callback) {
      for (const part of sealer.update(data, true)) this.push(part);
      callback();
    },
    flush(callback) {
      for (const part of sealer.final()) this.push(part);
      callback();
    }
  });
}
function createAgeDecryptStream(options) {
  const keys = { identities: options.identities ?? [], passphrases: options.passphrases ?? [] };
  let head = Buffer.alloc(0);
  let key;
  let counter = 0n;
  const queue = [];
  let queued = 0;
  const openChunk = (sealed, last) => {
    if (sealed.length < TAG) throw new DecryptionError("age payload: truncated chunk");
    const decipher = createDecipheriv2("chacha20-poly1305", key, chunkNonce(counter, last), {
      authTagLength: TAG
    });
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG));
    try {
      const plain = decipher.update(sealed.subarray(0, sealed.length - TAG));
      decipher.final();
      counter++;
      return plain;
    } catch {
      throw new DecryptionError(
        last ? "age payload: the last chunk does not authenticate (damaged, truncated or extended file)" : `age payload: chunk ${counter} does not authenticate (damaged or reordered)`
      );
    }
  };
  return new Transform({
    highWaterMark: 1024 * 1024,
    transform(data, _encoding, callback) {
      try {
        if (head !== void 0) {
          head = Buffer.concat([head, data]);
          const header = parseHeader(head);
          if (!header) {
            if (head.length > MAX_HEADER) throw new DecryptionError("not an age file (no header end found)");
            return callback();
          }
          if (head.length < header.length + 16) return callback();
          const fileKey = unwrapFileKey(header, keys);
          key = createSecretKey(payloadKey(fileKey, head.subarray(header.length, header.length + 16)));
          const rest = head.subarray(header.length + 16);
          if (rest.length > 0) queue.push(rest);
          queued = rest.length;
          head = void 0;
        } else {
          queue.push(data);
          queued += data.length;
        }
        const out = [];
        while (queued > CHUNK + TAG) {
          out.push(openChunk(takeBytes(queue, CHUNK + TAG), false));
          queued -= CHUNK + TAG;
        }
        if (out.length > 0) this.push(out.length === 1 ? out[0] : Buffer.concat(out));
        callback();
      } catch (error) {
        callback(error);
      }
    },
    flush(callback) {
      try {
        if (head !== void 0) throw new DecryptionError("not an age file, or truncated inside its header");
        const last = Buffer.concat(queue);
        if (last.length === TAG && counter > 0n) {
          throw new DecryptionError("age payload: an empty final chunk after data is not allowed");
        }
        this.push(openChunk(last, true));
        callback();
      } catch (error) {
        callback(error);
      }
    }
  });
}

// src/core/crypto/encryption.ts
function resolveEncryption(config) {
  const { recipients, passphrase, identities, required, scryptWorkFactor } = config.encryption;
  if (recipients.length > 0 && passphrase !== void 0) {
    throw new EncryptionKeyError("configure recipients or a passphrase for new backups, not both", {
      hint: "unset BACKUP_ENCRYPTION_PASSPHRASE or BACKUP_ENCRYPTION_RECIPIENTS"
    });
  }
  const parsedIdentities = parseIdentities(identities.join("\n"));
  for (const id of identities) registerSecret(id.trim());
  const keys = {
    identities: parsedIdentities,
    passphrases: passphrase === void 0 ? [] : [passphrase]
  };
  let encryptor;
  if (recipients.length > 0) {
    const publicKeys = recipients.map(parseRecipient);
    const fingerprints = publicKeys.map(recipientFingerprint);
    encryptor = {
      record: {
        scheme: "age-v1",
        recipientFingerprint: fingerprints[0],
        recipientFingerprints: fingerprints
      },
      stream: () => createAgeEncryptStream({ recipients: publicKeys }),
      sealer: () => createAgeSealer({ recipients: publicKeys })
    };
  } else if (passphrase !== void 0) {
    encryptor = {
      record: { scheme: "age-v1", recipientFingerprint: PASSPHRASE_FINGERPRINT },
      stream: () => createAgeEncryptStream({ passphrase, scryptLogN: scryptWorkFactor }),
      sealer: () => createAgeSealer({ passphrase, scryptLogN: scryptWorkFactor })
    };
  }
  if (required && !encryptor && parsedIdentities.length === 0) {
    throw new EncryptionKeyError("BACKUP_ENCRYPTION=true but no encryption key is configured", {
      hint: "set BACKUP_ENCRYPTION_RECIPIENTS (age1\u2026) or BACKUP_ENCRYPTION_PASSPHRASE; `db-backup keygen` makes a key pair"
    });
  }
  return { ...encryptor ? { encryptor } : {}, keys, required };
}
function decryptStreamFor(record, keys) {
  const passphraseMode = record.recipientFingerprint === PASSPHRASE_FINGERPRINT;
  if (passphraseMode ? keys.passphrases.length === 0 : keys.identities.length === 0) {
    throw new EncryptionKeyError(
      passphraseMode ? "this backup is encrypted with a passphrase, and none is configured" : `this backup is encrypted (recipient ${record.recipientFingerprint}), and no identity is configured`,
      {
        hint: passphraseMode ? "set BACKUP_ENCRYPTION_PASSPHRASE (or _FILE)" : "set BACKUP_ENCRYPTION_IDENTITY_FILE to the identity file (AGE-SECRET-KEY-1\u2026) of one of its recipients"
      }
    );
  }
  return () => createAgeDecryptStream(keys);
}
function assertRepositoryEncryption(repository, encryptor, location) {
  if (repository.encryption && !encryptor) {
    throw new EncryptionKeyError(`repository ${location} is encrypted, and no encryption key is configured`, {
      hint: "set BACKUP_ENCRYPTION_RECIPIENTS (or BACKUP_ENCRYPTION_PASSPHRASE) as when the repository was created"
    });
  }
  if (!repository.encryption && encryptor) {
    throw new EncryptionKeyError(
      `repository ${location} is not encrypted; refusing to add encrypted backups to it`,
      {
        hint: "use a new repository (--storage) for encrypted backups, or unset the encryption keys"
      }
    );
  }
}
var ENCRYPTED_EXTENSION = ".age";

export {
  createAgeDecryptStream,
  resolveEncryption,
  decryptStreamFor,
  assertRepositoryEncryption,
  ENCRYPTED_EXTENSION
};
