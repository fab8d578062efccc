import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  PUSHED_DIR,
  confirmPushedAheadLocally,
  markerMatches,
  readPushMarker
} from "./chunk-GEAV5WRD.js";
import "./chunk-A5XAD6WY.js";
import "./chunk-HJGBUPWE.js";
import "./chunk-F5XNGLJN.js";
export {
  PUSHED_DIR,
  confirmPushedAheadLocally,
  markerMatches,
  readPushMarker
};
