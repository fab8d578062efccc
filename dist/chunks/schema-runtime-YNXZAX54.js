import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  external_exports
} from "./chunk-N43V73L3.js";
import "./chunk-6DG7BXTN.js";

// src/core/schema-runtime.ts
function useInterpretedSchemas() {
  external_exports.config({ jitless: true });
}
export {
  useInterpretedSchemas
};
