import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  PASSPHRASE_FINGERPRINT,
  formatRecipient,
  generateIdentity,
  parseIdentities,
  parseIdentity,
  parseRecipient,
  rawPublic,
  recipientFingerprint,
  x25519,
  x25519Private,
  x25519Public
} from "./chunk-I6YLN742.js";
import "./chunk-HSU6VSP5.js";
import "./chunk-6DG7BXTN.js";
export {
  PASSPHRASE_FINGERPRINT,
  formatRecipient,
  generateIdentity,
  parseIdentities,
  parseIdentity,
  parseRecipient,
  rawPublic,
  recipientFingerprint,
  x25519,
  x25519Private,
  x25519Public
};
