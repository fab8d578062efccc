import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  buildSchedules,
  cronProblem,
  missedRun,
  nextRuns,
  previousRun
} from "./chunk-HOXG7KB4.js";
import "./chunk-3BHSYJYN.js";
import "./chunk-RBBVQCX6.js";
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
