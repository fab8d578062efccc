import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  Daemon,
  ScheduleNotFoundError
} from "./chunk-7UVFGPXZ.js";
import "./chunk-DL5SERYN.js";
import "./chunk-GWMUPG7I.js";
import "./chunk-7S6OQPGW.js";
import "./chunk-5H7GEHP3.js";
import "./chunk-6DG7BXTN.js";
export {
  Daemon,
  ScheduleNotFoundError
};
