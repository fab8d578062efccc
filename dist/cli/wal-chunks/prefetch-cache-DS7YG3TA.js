import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  PREFETCH_DIR,
  takePrefetched
} from "./chunk-OMNLILXJ.js";
import "./chunk-RXDERO4O.js";
import "./chunk-F5XNGLJN.js";
export {
  PREFETCH_DIR,
  takePrefetched
};
