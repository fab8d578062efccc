import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  extractBaseBackup,
  verifyBaseBackup
} from "./chunk-7EYOYUC5.js";
import "./chunk-RRMRNWBX.js";
import "./chunk-NLUKSCYK.js";
import "./chunk-PIVGSPXT.js";
import "./chunk-XSSEYECF.js";
import "./chunk-HSU6VSP5.js";
import "./chunk-6DG7BXTN.js";
export {
  extractBaseBackup,
  verifyBaseBackup
};
