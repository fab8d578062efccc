import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  chooseBaseBackup,
  parsePitrTarget,
  recoverySettings,
  walHeadOf
} from "./chunk-6G7DVWQ3.js";
import "./chunk-T2VRPRXO.js";
import "./chunk-HSU6VSP5.js";
import "./chunk-6DG7BXTN.js";
export {
  chooseBaseBackup,
  parsePitrTarget,
  recoverySettings,
  walHeadOf
};
