import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  localLocation,
  localRootOf
} from "./chunk-IHOISL7K.js";
import "./chunk-6DG7BXTN.js";
export {
  localLocation,
  localRootOf
};
