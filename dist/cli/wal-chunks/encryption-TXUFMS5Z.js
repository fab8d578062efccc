import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  ENCRYPTED_EXTENSION,
  assertRepositoryEncryption,
  decryptStreamFor,
  resolveEncryption
} from "./chunk-RVK4JI43.js";
import "./chunk-NT7NHDDW.js";
import "./chunk-7VKVL3KC.js";
import "./chunk-F5XNGLJN.js";
export {
  ENCRYPTED_EXTENSION,
  assertRepositoryEncryption,
  decryptStreamFor,
  resolveEncryption
};
