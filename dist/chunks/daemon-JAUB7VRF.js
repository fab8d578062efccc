import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  Daemon,
  ScheduleNotFoundError
} from "./chunk-VLYL6HUA.js";
import "./chunk-HYWKPTH4.js";
import "./chunk-BPBGIA5R.js";
import "./chunk-52GAQ2Y7.js";
import "./chunk-GWMUPG7I.js";
import "./chunk-MI2PQZEX.js";
import "./chunk-YABHI7RE.js";
import "./chunk-5JYCIWVZ.js";
import "./chunk-46WVK5C4.js";
import "./chunk-L6ERKSW4.js";
import "./chunk-FPPVDDJY.js";
import "./chunk-T2VRPRXO.js";
import "./chunk-75RM67K4.js";
import "./chunk-GOB2Q2UI.js";
import "./chunk-BPRLA547.js";
import "./chunk-PIVGSPXT.js";
import "./chunk-LZ4JD63R.js";
import "./chunk-IIQ7BM2O.js";
import "./chunk-QZLWGHDA.js";
import "./chunk-XSSEYECF.js";
import "./chunk-HSU6VSP5.js";
import "./chunk-6DG7BXTN.js";
export {
  Daemon,
  ScheduleNotFoundError
};
