import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  Daemon,
  ScheduleNotFoundError
} from "./chunk-G3Y3LZ22.js";
import "./chunk-2UJAUIRO.js";
import "./chunk-3NNIZG33.js";
import "./chunk-MNUBDQYC.js";
import "./chunk-GWMUPG7I.js";
import "./chunk-MATLXB43.js";
import "./chunk-BVFIZFWD.js";
import "./chunk-PJ6I4TRV.js";
import "./chunk-M7IQQC2I.js";
import "./chunk-YOYA5MO3.js";
import "./chunk-PKEWZJOE.js";
import "./chunk-T2VRPRXO.js";
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
