import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  WAL_ZSTD_LEVEL,
  pushFile,
  walPush
} from "./chunk-3NNIZG33.js";
import "./chunk-MNUBDQYC.js";
import "./chunk-M7IQQC2I.js";
import "./chunk-YOYA5MO3.js";
import "./chunk-PKEWZJOE.js";
import "./chunk-T2VRPRXO.js";
import "./chunk-IIQ7BM2O.js";
import "./chunk-22ZERCK6.js";
import "./chunk-6DG7BXTN.js";
export {
  WAL_ZSTD_LEVEL,
  pushFile,
  walPush
};
