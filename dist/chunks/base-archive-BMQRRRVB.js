import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  extractBaseBackup,
  verifyBaseBackup
} from "./chunk-TNXDUTWT.js";
import "./chunk-PJ6I4TRV.js";
import "./chunk-ARZMUMQK.js";
import "./chunk-XSSEYECF.js";
import "./chunk-22ZERCK6.js";
import "./chunk-6DG7BXTN.js";
export {
  extractBaseBackup,
  verifyBaseBackup
};
