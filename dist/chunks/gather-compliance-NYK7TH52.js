import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  gatherComplianceReport
} from "./chunk-PXSYYKW7.js";
import "./chunk-75MW67N3.js";
import "./chunk-USZDJMRJ.js";
import "./chunk-M7IQQC2I.js";
import "./chunk-GTW55EHD.js";
import "./chunk-X7UALYCC.js";
import "./chunk-6V3LCTWC.js";
import "./chunk-GOB2Q2UI.js";
import "./chunk-SD5AORGX.js";
import "./chunk-WPFTMBHG.js";
import "./chunk-N43V73L3.js";
import "./chunk-HSU6VSP5.js";
import "./chunk-TOYXLD7G.js";
import "./chunk-6DG7BXTN.js";
export {
  gatherComplianceReport
};
