import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  walEntryCommand
} from "./chunk-PWX4R2OL.js";
import "./chunk-6DG7BXTN.js";
export {
  walEntryCommand
};
