import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  Daemon,
  ScheduleNotFoundError
} from "./chunk-FLURI6RH.js";
import "./chunk-3OZLDBTP.js";
import "./chunk-JWIF76DN.js";
import "./chunk-5H7GEHP3.js";
import "./chunk-6DG7BXTN.js";
export {
  Daemon,
  ScheduleNotFoundError
};
