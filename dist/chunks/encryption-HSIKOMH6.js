import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  ENCRYPTED_EXTENSION,
  assertRepositoryEncryption,
  decryptStreamFor,
  resolveEncryption
} from "./chunk-C5JDZGCW.js";
import "./chunk-XSSEYECF.js";
import "./chunk-22ZERCK6.js";
import "./chunk-6DG7BXTN.js";
export {
  ENCRYPTED_EXTENSION,
  assertRepositoryEncryption,
  decryptStreamFor,
  resolveEncryption
};
