import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  pushFile,
  walPush
} from "./chunk-W4L7QQK6.js";
import "./chunk-TSR4GHSP.js";
import {
  WAL_ZSTD_LEVEL
} from "./chunk-RKYKQBIO.js";
import "./chunk-75RM67K4.js";
import "./chunk-MVSO23XQ.js";
import "./chunk-YVH2I7AV.js";
import "./chunk-XFV7CHGX.js";
import "./chunk-75MW67N3.js";
import "./chunk-M7IQQC2I.js";
import "./chunk-T2VRPRXO.js";
import "./chunk-GOB2Q2UI.js";
import "./chunk-3FE7MB4I.js";
import "./chunk-I6YLN742.js";
import "./chunk-PIVGSPXT.js";
import "./chunk-N43V73L3.js";
import "./chunk-XSSEYECF.js";
import "./chunk-HSU6VSP5.js";
import "./chunk-6DG7BXTN.js";
export {
  WAL_ZSTD_LEVEL,
  pushFile,
  walPush
};
