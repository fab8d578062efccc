import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  PREFETCH_DIR,
  takePrefetched
} from "./chunk-46WVK5C4.js";
import "./chunk-T2VRPRXO.js";
import "./chunk-6DG7BXTN.js";
export {
  PREFETCH_DIR,
  takePrefetched
};
