import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  external_exports
} from "./chunk-4TYDSTE7.js";
import "./chunk-F5XNGLJN.js";

// src/core/schema-runtime.ts
function useInterpretedSchemas() {
  external_exports.config({ jitless: true });
}
export {
  useInterpretedSchemas
};
