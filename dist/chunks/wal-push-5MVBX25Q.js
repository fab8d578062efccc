import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  pushFile,
  walPush
} from "./chunk-3UHRCQI7.js";
import "./chunk-WJL2A72O.js";
import {
  WAL_ZSTD_LEVEL
} from "./chunk-KQ52AOVT.js";
import "./chunk-MVSO23XQ.js";
import "./chunk-YVH2I7AV.js";
import "./chunk-75MW67N3.js";
import "./chunk-M7IQQC2I.js";
import "./chunk-T2VRPRXO.js";
import "./chunk-IHOISL7K.js";
import "./chunk-GOB2Q2UI.js";
import "./chunk-WRH3XVOP.js";
import "./chunk-I6YLN742.js";
import "./chunk-N43V73L3.js";
import "./chunk-XSSEYECF.js";
import "./chunk-HSU6VSP5.js";
import "./chunk-6DG7BXTN.js";
export {
  WAL_ZSTD_LEVEL,
  pushFile,
  walPush
};
