import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  Daemon,
  ScheduleNotFoundError
} from "./chunk-3SBDMP5L.js";
import "./chunk-M2A7WIC4.js";
import "./chunk-VG7QT5IE.js";
import "./chunk-7LQIPIPX.js";
import "./chunk-IEH47XW4.js";
import "./chunk-GWMUPG7I.js";
import "./chunk-R4S7T7BH.js";
import "./chunk-BVFIZFWD.js";
import "./chunk-PJ6I4TRV.js";
import "./chunk-M7IQQC2I.js";
import "./chunk-4EOZAY5O.js";
import "./chunk-FJXK4UDS.js";
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
