import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  WAL_ZSTD_LEVEL,
  pushFile,
  walPush
} from "./chunk-FZQSHMXL.js";
import "./chunk-KGXDCMNZ.js";
import "./chunk-M7IQQC2I.js";
import "./chunk-RQBS5VD5.js";
import "./chunk-NOJ5WRAG.js";
import "./chunk-T2VRPRXO.js";
import "./chunk-IIQ7BM2O.js";
import "./chunk-HSU6VSP5.js";
import "./chunk-6DG7BXTN.js";
export {
  WAL_ZSTD_LEVEL,
  pushFile,
  walPush
};
