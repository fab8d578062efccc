import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  Daemon,
  ScheduleNotFoundError
} from "./chunk-HK2LRD54.js";
import "./chunk-YWBOS6ZS.js";
import "./chunk-GWMUPG7I.js";
import "./chunk-5D23QMPY.js";
import "./chunk-5H7GEHP3.js";
import "./chunk-6DG7BXTN.js";
export {
  Daemon,
  ScheduleNotFoundError
};
