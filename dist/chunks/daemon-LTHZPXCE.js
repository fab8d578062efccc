import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  Daemon,
  ScheduleNotFoundError
} from "./chunk-SWMISYX3.js";
import "./chunk-JQ4PQB5R.js";
import "./chunk-HOXG7KB4.js";
import "./chunk-WUS74WSR.js";
import "./chunk-GWMUPG7I.js";
import "./chunk-2YHVMSOB.js";
import "./chunk-TSR4GHSP.js";
import "./chunk-L2TUIKEM.js";
import "./chunk-3WLX4GXK.js";
import "./chunk-CMNCG3GO.js";
import "./chunk-XXPMW7MX.js";
import "./chunk-4YHTCJC5.js";
import "./chunk-SSL4OSKT.js";
import "./chunk-PWX4R2OL.js";
import "./chunk-75RM67K4.js";
import "./chunk-BSK3MDH7.js";
import "./chunk-L6H6GTSQ.js";
import "./chunk-UDRUYN5W.js";
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
import "./chunk-YABHI7RE.js";
import "./chunk-QZLWGHDA.js";
import "./chunk-B5CY5NQT.js";
import "./chunk-X7UALYCC.js";
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
  Daemon,
  ScheduleNotFoundError
};
