import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  Daemon,
  ScheduleNotFoundError
} from "./chunk-RUC74PHA.js";
import "./chunk-ZYX3IASI.js";
import "./chunk-FZQSHMXL.js";
import "./chunk-KGXDCMNZ.js";
import "./chunk-GWMUPG7I.js";
import "./chunk-UQAY6BBF.js";
import "./chunk-7VDTONLV.js";
import "./chunk-PGIW3QCT.js";
import "./chunk-M7IQQC2I.js";
import "./chunk-RQBS5VD5.js";
import "./chunk-NOJ5WRAG.js";
import "./chunk-T2VRPRXO.js";
import "./chunk-ARZMUMQK.js";
import "./chunk-A5GP23IT.js";
import "./chunk-IIQ7BM2O.js";
import "./chunk-QZLWGHDA.js";
import "./chunk-XSSEYECF.js";
import "./chunk-HSU6VSP5.js";
import "./chunk-6DG7BXTN.js";
export {
  Daemon,
  ScheduleNotFoundError
};
