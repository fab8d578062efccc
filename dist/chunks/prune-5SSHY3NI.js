import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  applyPrune,
  assertPrunableLocation,
  groupOf,
  planPrune,
  renderPrunePlan
} from "./chunk-DOKKMCYQ.js";
import "./chunk-YVH2I7AV.js";
import "./chunk-FNXWXHAP.js";
import "./chunk-USZDJMRJ.js";
import "./chunk-M7IQQC2I.js";
import "./chunk-T2VRPRXO.js";
import "./chunk-GOB2Q2UI.js";
import "./chunk-N43V73L3.js";
import "./chunk-XSSEYECF.js";
import "./chunk-HSU6VSP5.js";
import "./chunk-TOYXLD7G.js";
import "./chunk-6DG7BXTN.js";
export {
  applyPrune,
  assertPrunableLocation,
  groupOf,
  planPrune,
  renderPrunePlan
};
