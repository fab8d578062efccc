import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  Daemon,
  ScheduleNotFoundError
} from "./chunk-YLQP5MSV.js";
import "./chunk-MVI6ERAR.js";
import "./chunk-2PBHP4ZI.js";
import "./chunk-5H7GEHP3.js";
import "./chunk-6DG7BXTN.js";
export {
  Daemon,
  ScheduleNotFoundError
};
