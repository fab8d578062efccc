import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  Daemon,
  ScheduleNotFoundError
} from "./chunk-KXPYALZJ.js";
import "./chunk-HYWKPTH4.js";
import "./chunk-6P4QF7LY.js";
import "./chunk-YFXIIGYR.js";
import "./chunk-OZB3ENW4.js";
import "./chunk-GWMUPG7I.js";
import "./chunk-IOJFV2OS.js";
import "./chunk-7VDTONLV.js";
import "./chunk-5JYCIWVZ.js";
import "./chunk-46WVK5C4.js";
import "./chunk-M7IQQC2I.js";
import "./chunk-5L25L5XK.js";
import "./chunk-T2VRPRXO.js";
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
