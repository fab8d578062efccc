import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  checkedObjectCount,
  decryptionCheck,
  runRestoreDrill,
  scratchDatabaseName
} from "./chunk-2PGJ7X7J.js";
import "./chunk-BQTSHQW6.js";
import "./chunk-XFV7CHGX.js";
import "./chunk-7YPVXMR2.js";
import "./chunk-66M6GDIB.js";
import "./chunk-JAX2TIU5.js";
import "./chunk-MFNMZBWJ.js";
import "./chunk-EME52JRJ.js";
import "./chunk-GUSLEWKG.js";
import "./chunk-75MW67N3.js";
import "./chunk-QSDMH3OQ.js";
import "./chunk-M7IQQC2I.js";
import "./chunk-X6X66SD7.js";
import "./chunk-YKYOH46V.js";
import "./chunk-6V3LCTWC.js";
import "./chunk-DKVN5BDL.js";
import "./chunk-GOB2Q2UI.js";
import "./chunk-3FE7MB4I.js";
import "./chunk-I6YLN742.js";
import "./chunk-PIVGSPXT.js";
import "./chunk-3BHSYJYN.js";
import "./chunk-RBBVQCX6.js";
import "./chunk-XSSEYECF.js";
import "./chunk-HSU6VSP5.js";
import "./chunk-TOYXLD7G.js";
import "./chunk-6DG7BXTN.js";
export {
  checkedObjectCount,
  decryptionCheck,
  runRestoreDrill,
  scratchDatabaseName
};
