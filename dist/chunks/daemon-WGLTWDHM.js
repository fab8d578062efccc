import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  Daemon,
  ScheduleNotFoundError
} from "./chunk-NYEGSWNY.js";
import "./chunk-2UJAUIRO.js";
import "./chunk-5FTKPHAK.js";
import "./chunk-MNUBDQYC.js";
import "./chunk-GWMUPG7I.js";
import "./chunk-BADWEWKQ.js";
import "./chunk-BVFIZFWD.js";
import "./chunk-PJ6I4TRV.js";
import "./chunk-M7IQQC2I.js";
import "./chunk-PRZVPKUI.js";
import "./chunk-PKEWZJOE.js";
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
