import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  drillReportObjectKey,
  listDrillReports,
  saveDrillReport,
  summarizeDrills
} from "./chunk-B5CY5NQT.js";
import "./chunk-X7UALYCC.js";
import "./chunk-6V3LCTWC.js";
import "./chunk-DKVN5BDL.js";
import "./chunk-GOB2Q2UI.js";
import "./chunk-RBBVQCX6.js";
import "./chunk-HSU6VSP5.js";
import "./chunk-6DG7BXTN.js";
export {
  drillReportObjectKey,
  listDrillReports,
  saveDrillReport,
  summarizeDrills
};
