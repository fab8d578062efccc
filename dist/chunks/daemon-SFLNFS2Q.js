import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  Daemon,
  ScheduleNotFoundError
} from "./chunk-3VSRE27V.js";
import "./chunk-3UHRCQI7.js";
import "./chunk-FPTWPTSZ.js";
import "./chunk-INSIR7WE.js";
import "./chunk-GWMUPG7I.js";
import "./chunk-APEFBAKZ.js";
import "./chunk-WJL2A72O.js";
import "./chunk-CCT2GR2A.js";
import "./chunk-M25QI3ZN.js";
import "./chunk-KQ52AOVT.js";
import "./chunk-6G7DVWQ3.js";
import "./chunk-UKZCVACB.js";
import "./chunk-4YHTCJC5.js";
import "./chunk-DOKKMCYQ.js";
import "./chunk-PWX4R2OL.js";
import "./chunk-SNHBIPGH.js";
import "./chunk-ABJE2J4R.js";
import "./chunk-EHLPQTDT.js";
import "./chunk-MVSO23XQ.js";
import "./chunk-YVH2I7AV.js";
import "./chunk-7EYOYUC5.js";
import "./chunk-4LUQM6TS.js";
import "./chunk-H4BDQKYQ.js";
import "./chunk-XFV7CHGX.js";
import "./chunk-GVTLJDIN.js";
import "./chunk-FNXWXHAP.js";
import "./chunk-JAX2TIU5.js";
import "./chunk-MFNMZBWJ.js";
import "./chunk-UOJ3YZZT.js";
import "./chunk-F257ZKBH.js";
import "./chunk-75MW67N3.js";
import "./chunk-USZDJMRJ.js";
import "./chunk-M7IQQC2I.js";
import "./chunk-RRMRNWBX.js";
import "./chunk-NLUKSCYK.js";
import "./chunk-46WVK5C4.js";
import "./chunk-T2VRPRXO.js";
import "./chunk-GSBKU3UE.js";
import "./chunk-UYDPGYXI.js";
import "./chunk-IHOISL7K.js";
import "./chunk-QZLWGHDA.js";
import "./chunk-GTW55EHD.js";
import "./chunk-X7UALYCC.js";
import "./chunk-6V3LCTWC.js";
import "./chunk-GOB2Q2UI.js";
import "./chunk-SD5AORGX.js";
import "./chunk-WRH3XVOP.js";
import "./chunk-I6YLN742.js";
import "./chunk-PIVGSPXT.js";
import "./chunk-WPFTMBHG.js";
import "./chunk-N43V73L3.js";
import "./chunk-XSSEYECF.js";
import "./chunk-HSU6VSP5.js";
import "./chunk-TOYXLD7G.js";
import "./chunk-6DG7BXTN.js";
export {
  Daemon,
  ScheduleNotFoundError
};
