import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  parseBackupLabel,
  parseSegmentSize,
  runBaseBackup,
  stopLsnFromBackupManifest
} from "./chunk-ABJE2J4R.js";
import "./chunk-EHLPQTDT.js";
import "./chunk-MVSO23XQ.js";
import "./chunk-YVH2I7AV.js";
import "./chunk-JAX2TIU5.js";
import "./chunk-MFNMZBWJ.js";
import "./chunk-F257ZKBH.js";
import "./chunk-75MW67N3.js";
import "./chunk-USZDJMRJ.js";
import "./chunk-M7IQQC2I.js";
import "./chunk-NLUKSCYK.js";
import "./chunk-T2VRPRXO.js";
import "./chunk-UYDPGYXI.js";
import "./chunk-6V3LCTWC.js";
import "./chunk-GOB2Q2UI.js";
import "./chunk-WRH3XVOP.js";
import "./chunk-I6YLN742.js";
import "./chunk-PIVGSPXT.js";
import "./chunk-N43V73L3.js";
import "./chunk-XSSEYECF.js";
import "./chunk-HSU6VSP5.js";
import "./chunk-6DG7BXTN.js";
export {
  parseBackupLabel,
  parseSegmentSize,
  runBaseBackup,
  stopLsnFromBackupManifest
};
