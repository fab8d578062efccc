import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  buildSchedules,
  cronProblem,
  missedRun,
  nextRuns,
  previousRun
} from "./chunk-FPTWPTSZ.js";
import "./chunk-WPFTMBHG.js";
import "./chunk-N43V73L3.js";
import "./chunk-HSU6VSP5.js";
import "./chunk-TOYXLD7G.js";
import "./chunk-6DG7BXTN.js";
export {
  buildSchedules,
  cronProblem,
  missedRun,
  nextRuns,
  previousRun
};
