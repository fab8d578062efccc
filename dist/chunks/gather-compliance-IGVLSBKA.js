import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  gatherComplianceReport
} from "./chunk-RY4ECKAW.js";
import "./chunk-75MW67N3.js";
import "./chunk-QSDMH3OQ.js";
import "./chunk-M7IQQC2I.js";
import "./chunk-B5CY5NQT.js";
import "./chunk-X7UALYCC.js";
import "./chunk-6V3LCTWC.js";
import "./chunk-DKVN5BDL.js";
import "./chunk-GOB2Q2UI.js";
import "./chunk-3BHSYJYN.js";
import "./chunk-RBBVQCX6.js";
import "./chunk-HSU6VSP5.js";
import "./chunk-TOYXLD7G.js";
import "./chunk-6DG7BXTN.js";
export {
  gatherComplianceReport
};
