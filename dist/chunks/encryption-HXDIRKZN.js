import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  ENCRYPTED_EXTENSION,
  assertRepositoryEncryption,
  decryptStreamFor,
  resolveEncryption
} from "./chunk-WRH3XVOP.js";
import "./chunk-I6YLN742.js";
import "./chunk-XSSEYECF.js";
import "./chunk-HSU6VSP5.js";
import "./chunk-6DG7BXTN.js";
export {
  ENCRYPTED_EXTENSION,
  assertRepositoryEncryption,
  decryptStreamFor,
  resolveEncryption
};
