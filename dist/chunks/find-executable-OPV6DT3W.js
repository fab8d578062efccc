import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  findExecutable
} from "./chunk-PIVGSPXT.js";
import "./chunk-6DG7BXTN.js";
export {
  findExecutable
};
