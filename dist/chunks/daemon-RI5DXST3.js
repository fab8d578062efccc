import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  Daemon,
  ScheduleNotFoundError
} from "./chunk-OIWGJKTU.js";
import "./chunk-LKDVWW72.js";
import "./chunk-GWMUPG7I.js";
import "./chunk-5D5KO5E4.js";
import "./chunk-WNLS4ENF.js";
import "./chunk-PJ6I4TRV.js";
import "./chunk-Z6DCLM76.js";
import "./chunk-ARZMUMQK.js";
import "./chunk-EIKM5JY4.js";
import "./chunk-NEBEBRHP.js";
import "./chunk-DOHSCNQU.js";
import "./chunk-XSSEYECF.js";
import "./chunk-22ZERCK6.js";
import "./chunk-6DG7BXTN.js";
export {
  Daemon,
  ScheduleNotFoundError
};
