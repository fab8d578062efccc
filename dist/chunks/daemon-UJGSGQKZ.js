import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  Daemon,
  ScheduleNotFoundError
} from "./chunk-CAUXSABX.js";
import "./chunk-QKVJ5PXV.js";
import "./chunk-GWMUPG7I.js";
import "./chunk-LYPXU2JM.js";
import "./chunk-XTOZA25Y.js";
import "./chunk-PGIW3QCT.js";
import "./chunk-WW25XJAF.js";
import "./chunk-ARZMUMQK.js";
import "./chunk-YV53MW6H.js";
import "./chunk-IIQ7BM2O.js";
import "./chunk-QZLWGHDA.js";
import "./chunk-XSSEYECF.js";
import "./chunk-HSU6VSP5.js";
import "./chunk-6DG7BXTN.js";
export {
  Daemon,
  ScheduleNotFoundError
};
