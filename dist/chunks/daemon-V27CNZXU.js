import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  Daemon,
  ScheduleNotFoundError
} from "./chunk-OQTLPUNY.js";
import "./chunk-NRCXNQ2B.js";
import "./chunk-GWMUPG7I.js";
import "./chunk-4ZUS55GF.js";
import "./chunk-WNLS4ENF.js";
import "./chunk-PJ6I4TRV.js";
import "./chunk-IMAMLWHF.js";
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
