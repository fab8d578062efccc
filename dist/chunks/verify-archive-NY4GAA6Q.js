import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  summarizeArchive,
  verifyWalArchive
} from "./chunk-UKZCVACB.js";
import "./chunk-4YHTCJC5.js";
import "./chunk-YVH2I7AV.js";
import "./chunk-USZDJMRJ.js";
import "./chunk-M7IQQC2I.js";
import "./chunk-T2VRPRXO.js";
import "./chunk-GOB2Q2UI.js";
import "./chunk-N43V73L3.js";
import "./chunk-HSU6VSP5.js";
import "./chunk-6DG7BXTN.js";
export {
  summarizeArchive,
  verifyWalArchive
};
