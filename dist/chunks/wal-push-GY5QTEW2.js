import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  PUSHED_DIR,
  WAL_ZSTD_LEVEL,
  pushFile,
  walPush
} from "./chunk-7RBXKGCM.js";
import "./chunk-POR7MWAB.js";
import "./chunk-KQKKSUNZ.js";
import "./chunk-IIQ7BM2O.js";
import "./chunk-22ZERCK6.js";
import "./chunk-6DG7BXTN.js";
export {
  PUSHED_DIR,
  WAL_ZSTD_LEVEL,
  pushFile,
  walPush
};
