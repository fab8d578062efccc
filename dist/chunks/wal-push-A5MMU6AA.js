import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  pushFile,
  walPush
} from "./chunk-BEPWK526.js";
import {
  WAL_ZSTD_LEVEL
} from "./chunk-YMSXPBO5.js";
import "./chunk-7MCJDL7P.js";
import "./chunk-M7IQQC2I.js";
import "./chunk-6Y7IXQNR.js";
import "./chunk-UWR3NHI7.js";
import "./chunk-C5JDZGCW.js";
import "./chunk-IIQ7BM2O.js";
import "./chunk-XSSEYECF.js";
import "./chunk-22ZERCK6.js";
import "./chunk-6DG7BXTN.js";
export {
  WAL_ZSTD_LEVEL,
  pushFile,
  walPush
};
