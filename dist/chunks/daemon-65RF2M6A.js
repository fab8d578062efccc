import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  Daemon,
  ScheduleNotFoundError
} from "./chunk-ZZDJIJTV.js";
import "./chunk-NDPQICFH.js";
import "./chunk-GDF462HA.js";
import "./chunk-7QKKGA6T.js";
import "./chunk-7MCJDL7P.js";
import "./chunk-GWMUPG7I.js";
import "./chunk-PYPFG3IJ.js";
import "./chunk-BVFIZFWD.js";
import "./chunk-PJ6I4TRV.js";
import "./chunk-M7IQQC2I.js";
import "./chunk-CZW75PP2.js";
import "./chunk-UWR3NHI7.js";
import "./chunk-C5JDZGCW.js";
import "./chunk-ARZMUMQK.js";
import "./chunk-A5GP23IT.js";
import "./chunk-IIQ7BM2O.js";
import "./chunk-DOHSCNQU.js";
import "./chunk-XSSEYECF.js";
import "./chunk-22ZERCK6.js";
import "./chunk-6DG7BXTN.js";
export {
  Daemon,
  ScheduleNotFoundError
};
