import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  Daemon,
  ScheduleNotFoundError
} from "./chunk-YOW5O7LG.js";
import "./chunk-CAHJQWEI.js";
import "./chunk-TODYDBP6.js";
import "./chunk-5H7GEHP3.js";
import "./chunk-6DG7BXTN.js";
export {
  Daemon,
  ScheduleNotFoundError
};
