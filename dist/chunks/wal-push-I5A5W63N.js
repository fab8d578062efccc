import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  pushFile,
  walPush
} from "./chunk-6P4QF7LY.js";
import {
  WAL_ZSTD_LEVEL
} from "./chunk-YFXIIGYR.js";
import "./chunk-OZB3ENW4.js";
import "./chunk-M7IQQC2I.js";
import "./chunk-5L25L5XK.js";
import "./chunk-T2VRPRXO.js";
import "./chunk-GOB2Q2UI.js";
import "./chunk-BPRLA547.js";
import "./chunk-IIQ7BM2O.js";
import "./chunk-XSSEYECF.js";
import "./chunk-HSU6VSP5.js";
import "./chunk-6DG7BXTN.js";
export {
  WAL_ZSTD_LEVEL,
  pushFile,
  walPush
};
