import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  PUSHED_DIR,
  confirmPushedAheadLocally,
  markerMatches,
  readPushMarker
} from "./chunk-MFPX4WET.js";
import "./chunk-2NU4527B.js";
import "./chunk-RXMWT3GR.js";
import "./chunk-F5XNGLJN.js";
export {
  PUSHED_DIR,
  confirmPushedAheadLocally,
  markerMatches,
  readPushMarker
};
