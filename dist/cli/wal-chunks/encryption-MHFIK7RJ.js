import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  ENCRYPTED_EXTENSION,
  assertRepositoryEncryption,
  decryptStreamFor,
  resolveEncryption
} from "./chunk-H4TVARBN.js";
import "./chunk-NT7NHDDW.js";
import "./chunk-OAC6ALGV.js";
import "./chunk-F5XNGLJN.js";
export {
  ENCRYPTED_EXTENSION,
  assertRepositoryEncryption,
  decryptStreamFor,
  resolveEncryption
};
