import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  WAL_ZSTD_LEVEL,
  pushFile,
  walPush
} from "./chunk-VG7QT5IE.js";
import "./chunk-7LQIPIPX.js";
import "./chunk-IEH47XW4.js";
import "./chunk-M7IQQC2I.js";
import "./chunk-4EOZAY5O.js";
import "./chunk-FJXK4UDS.js";
import "./chunk-IIQ7BM2O.js";
import "./chunk-22ZERCK6.js";
import "./chunk-6DG7BXTN.js";
export {
  WAL_ZSTD_LEVEL,
  pushFile,
  walPush
};
