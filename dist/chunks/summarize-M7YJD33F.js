import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  repositoryStatus,
  summarizeRepository,
  toBackupRow
} from "./chunk-BSK3MDH7.js";
import "./chunk-QSDMH3OQ.js";
import "./chunk-M7IQQC2I.js";
import "./chunk-GOB2Q2UI.js";
import "./chunk-RBBVQCX6.js";
import "./chunk-HSU6VSP5.js";
import "./chunk-6DG7BXTN.js";
export {
  repositoryStatus,
  summarizeRepository,
  toBackupRow
};
