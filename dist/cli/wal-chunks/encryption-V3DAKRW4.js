import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  ENCRYPTED_EXTENSION,
  assertRepositoryEncryption,
  decryptStreamFor,
  resolveEncryption
} from "./chunk-ZQ5WTMBI.js";
import "./chunk-NT7NHDDW.js";
import "./chunk-KA7NTCSA.js";
import "./chunk-F5XNGLJN.js";
export {
  ENCRYPTED_EXTENSION,
  assertRepositoryEncryption,
  decryptStreamFor,
  resolveEncryption
};
