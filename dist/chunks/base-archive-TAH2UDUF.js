import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  extractBaseBackup,
  verifyBaseBackup
} from "./chunk-O7OZWJAV.js";
import "./chunk-PIVGSPXT.js";
import "./chunk-XSSEYECF.js";
import "./chunk-HSU6VSP5.js";
import "./chunk-6DG7BXTN.js";
export {
  extractBaseBackup,
  verifyBaseBackup
};
