import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  Daemon,
  ScheduleNotFoundError
} from "./chunk-UYURD24N.js";
import "./chunk-Q2IWU4FG.js";
import "./chunk-OWAQ2AGP.js";
import "./chunk-GWMUPG7I.js";
import "./chunk-WCDDBC3D.js";
import "./chunk-YABHI7RE.js";
import "./chunk-O7OZWJAV.js";
import "./chunk-46WVK5C4.js";
import "./chunk-L6ERKSW4.js";
import "./chunk-PQHJTT6K.js";
import "./chunk-T2VRPRXO.js";
import "./chunk-75RM67K4.js";
import "./chunk-GOB2Q2UI.js";
import "./chunk-BPRLA547.js";
import "./chunk-PIVGSPXT.js";
import "./chunk-F6GGBENF.js";
import "./chunk-RBBVQCX6.js";
import "./chunk-QZLWGHDA.js";
import "./chunk-XSSEYECF.js";
import "./chunk-HSU6VSP5.js";
import "./chunk-6DG7BXTN.js";
export {
  Daemon,
  ScheduleNotFoundError
};
