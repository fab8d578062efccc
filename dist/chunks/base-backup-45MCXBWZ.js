import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  parseBackupLabel,
  parseSegmentSize,
  runBaseBackup,
  stopLsnFromBackupManifest
} from "./chunk-L6H6GTSQ.js";
import "./chunk-UDRUYN5W.js";
import "./chunk-PPLZXOVB.js";
import "./chunk-ZYJX25FK.js";
import "./chunk-JAX2TIU5.js";
import "./chunk-MFNMZBWJ.js";
import "./chunk-GUSLEWKG.js";
import "./chunk-75MW67N3.js";
import "./chunk-QSDMH3OQ.js";
import "./chunk-M7IQQC2I.js";
import "./chunk-YKYOH46V.js";
import "./chunk-T2VRPRXO.js";
import "./chunk-6V3LCTWC.js";
import "./chunk-GOB2Q2UI.js";
import "./chunk-3FE7MB4I.js";
import "./chunk-I6YLN742.js";
import "./chunk-PIVGSPXT.js";
import "./chunk-RBBVQCX6.js";
import "./chunk-XSSEYECF.js";
import "./chunk-HSU6VSP5.js";
import "./chunk-6DG7BXTN.js";
export {
  parseBackupLabel,
  parseSegmentSize,
  runBaseBackup,
  stopLsnFromBackupManifest
};
