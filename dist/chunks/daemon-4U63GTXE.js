import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  Daemon,
  ScheduleNotFoundError
} from "./chunk-U5CS7FUR.js";
import "./chunk-7RBXKGCM.js";
import "./chunk-POR7MWAB.js";
import "./chunk-5A6K3D6L.js";
import "./chunk-GWMUPG7I.js";
import "./chunk-34TWI2H7.js";
import "./chunk-WNLS4ENF.js";
import "./chunk-PJ6I4TRV.js";
import "./chunk-KQKKSUNZ.js";
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
