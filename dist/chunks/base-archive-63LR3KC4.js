import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  extractBaseBackup,
  verifyBaseBackup
} from "./chunk-ESKPEBSF.js";
import "./chunk-X6X66SD7.js";
import "./chunk-YKYOH46V.js";
import "./chunk-PIVGSPXT.js";
import "./chunk-XSSEYECF.js";
import "./chunk-HSU6VSP5.js";
import "./chunk-6DG7BXTN.js";
export {
  extractBaseBackup,
  verifyBaseBackup
};
