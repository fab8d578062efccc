import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  Daemon,
  ScheduleNotFoundError
} from "./chunk-5COGMHJB.js";
import "./chunk-5RMOP6I3.js";
import "./chunk-GWMUPG7I.js";
import "./chunk-6JV2GKTD.js";
import "./chunk-5H7GEHP3.js";
import "./chunk-6DG7BXTN.js";
export {
  Daemon,
  ScheduleNotFoundError
};
