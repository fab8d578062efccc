import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  runPitrDrill,
  runPitrDrillAudited
} from "./chunk-L2TUIKEM.js";
import "./chunk-3WLX4GXK.js";
import "./chunk-CMNCG3GO.js";
import "./chunk-XXPMW7MX.js";
import "./chunk-4YHTCJC5.js";
import "./chunk-PPLZXOVB.js";
import "./chunk-ZYJX25FK.js";
import "./chunk-ESKPEBSF.js";
import "./chunk-2PGJ7X7J.js";
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
import "./chunk-46WVK5C4.js";
import "./chunk-6G7DVWQ3.js";
import "./chunk-T2VRPRXO.js";
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
  runPitrDrill,
  runPitrDrillAudited
};
