import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  PUSHED_DIR,
  confirmPushedAheadLocally,
  markerMatches,
  readPushMarker
} from "./chunk-YL3FAX7H.js";
import "./chunk-FP2DX2A3.js";
import "./chunk-KA7NTCSA.js";
import "./chunk-F5XNGLJN.js";
export {
  PUSHED_DIR,
  confirmPushedAheadLocally,
  markerMatches,
  readPushMarker
};
