import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  Daemon,
  ScheduleNotFoundError
} from "./chunk-WMTV46VC.js";
import "./chunk-SIKGNLEV.js";
import "./chunk-Y6WAQ6GW.js";
import "./chunk-5H7GEHP3.js";
import "./chunk-6DG7BXTN.js";
export {
  Daemon,
  ScheduleNotFoundError
};
