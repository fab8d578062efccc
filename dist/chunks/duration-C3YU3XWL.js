import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  formatDuration,
  parseDuration
} from "./chunk-TOYXLD7G.js";
import "./chunk-6DG7BXTN.js";
export {
  formatDuration,
  parseDuration
};
