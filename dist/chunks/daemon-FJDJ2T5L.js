import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  Daemon,
  ScheduleNotFoundError
} from "./chunk-ZJWKETZW.js";
import "./chunk-QDL6GORP.js";
import "./chunk-GWMUPG7I.js";
import "./chunk-SSOW7PA3.js";
import "./chunk-BVFIZFWD.js";
import "./chunk-PJ6I4TRV.js";
import "./chunk-M7IQQC2I.js";
import "./chunk-YLNRMCY6.js";
import "./chunk-FJXK4UDS.js";
import "./chunk-ARZMUMQK.js";
import "./chunk-YV53MW6H.js";
import "./chunk-IIQ7BM2O.js";
import "./chunk-DOHSCNQU.js";
import "./chunk-XSSEYECF.js";
import "./chunk-22ZERCK6.js";
import "./chunk-6DG7BXTN.js";
export {
  Daemon,
  ScheduleNotFoundError
};
