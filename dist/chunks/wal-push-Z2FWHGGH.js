import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  pushFile,
  walPush
} from "./chunk-OWAQ2AGP.js";
import "./chunk-L6ERKSW4.js";
import {
  WAL_ZSTD_LEVEL
} from "./chunk-PQHJTT6K.js";
import "./chunk-T2VRPRXO.js";
import "./chunk-75RM67K4.js";
import "./chunk-GOB2Q2UI.js";
import "./chunk-BPRLA547.js";
import "./chunk-PIVGSPXT.js";
import "./chunk-RBBVQCX6.js";
import "./chunk-XSSEYECF.js";
import "./chunk-HSU6VSP5.js";
import "./chunk-6DG7BXTN.js";
export {
  WAL_ZSTD_LEVEL,
  pushFile,
  walPush
};
