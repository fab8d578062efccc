import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  PUSHED_DIR,
  confirmPushedAheadLocally,
  markerMatches,
  readPushMarker
} from "./chunk-YCAY3K4G.js";
import "./chunk-UXASRUHX.js";
import "./chunk-OAC6ALGV.js";
import "./chunk-F5XNGLJN.js";
export {
  PUSHED_DIR,
  confirmPushedAheadLocally,
  markerMatches,
  readPushMarker
};
