import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  PUSHED_DIR,
  confirmPushedAheadLocally,
  linkPushedAhead,
  markerMatches,
  pruneMarkers,
  readPushMarker,
  removePushMarker
} from "./chunk-PSOB6KPM.js";
import "./chunk-6ZJBLKSQ.js";
import "./chunk-ZI4K5DST.js";
import "./chunk-7VKVL3KC.js";
import "./chunk-F5XNGLJN.js";
export {
  PUSHED_DIR,
  confirmPushedAheadLocally,
  linkPushedAhead,
  markerMatches,
  pruneMarkers,
  readPushMarker,
  removePushMarker
};
