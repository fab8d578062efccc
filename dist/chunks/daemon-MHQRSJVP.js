import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  Daemon,
  ScheduleNotFoundError
} from "./chunk-BU7SBLH5.js";
import "./chunk-HYWKPTH4.js";
import "./chunk-ATJIPK6E.js";
import "./chunk-GWMUPG7I.js";
import "./chunk-TGKQ7KSD.js";
import "./chunk-YABHI7RE.js";
import "./chunk-O7OZWJAV.js";
import "./chunk-46WVK5C4.js";
import "./chunk-L6ERKSW4.js";
import "./chunk-VA4QSJNF.js";
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
