import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  Daemon,
  ScheduleNotFoundError
} from "./chunk-QBUHQBCE.js";
import "./chunk-MXPAVXVS.js";
import "./chunk-BEPWK526.js";
import "./chunk-YMSXPBO5.js";
import "./chunk-7MCJDL7P.js";
import "./chunk-GWMUPG7I.js";
import "./chunk-GXY4L6GQ.js";
import "./chunk-BVFIZFWD.js";
import "./chunk-PJ6I4TRV.js";
import "./chunk-M7IQQC2I.js";
import "./chunk-6Y7IXQNR.js";
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
