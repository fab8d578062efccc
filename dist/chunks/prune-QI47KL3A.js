import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  applyPrune,
  assertPrunableLocation,
  groupOf,
  planPrune,
  renderPrunePlan
} from "./chunk-SSL4OSKT.js";
import "./chunk-ZYJX25FK.js";
import "./chunk-66M6GDIB.js";
import "./chunk-QSDMH3OQ.js";
import "./chunk-M7IQQC2I.js";
import "./chunk-T2VRPRXO.js";
import "./chunk-GOB2Q2UI.js";
import "./chunk-RBBVQCX6.js";
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
