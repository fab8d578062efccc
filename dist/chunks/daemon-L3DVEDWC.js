import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  Daemon,
  ScheduleNotFoundError
} from "./chunk-RHX4JVWR.js";
import "./chunk-F5ND4KCR.js";
import "./chunk-GWMUPG7I.js";
import "./chunk-LBG5MMZW.js";
import "./chunk-5H7GEHP3.js";
import "./chunk-6DG7BXTN.js";
export {
  Daemon,
  ScheduleNotFoundError
};
