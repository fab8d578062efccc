import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  repositoryStatus,
  summarizeRepository,
  toBackupRow
} from "./chunk-SNHBIPGH.js";
import "./chunk-USZDJMRJ.js";
import "./chunk-M7IQQC2I.js";
import "./chunk-GOB2Q2UI.js";
import "./chunk-N43V73L3.js";
import "./chunk-HSU6VSP5.js";
import "./chunk-6DG7BXTN.js";
export {
  repositoryStatus,
  summarizeRepository,
  toBackupRow
};
