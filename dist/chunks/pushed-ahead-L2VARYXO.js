import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  PUSHED_DIR,
  confirmPushedAheadLocally,
  linkPushedAhead,
  markerMatches,
  pruneMarkers,
  readPushMarker,
  removePushMarker
} from "./chunk-WJL2A72O.js";
import "./chunk-IHOISL7K.js";
import "./chunk-GOB2Q2UI.js";
import "./chunk-HSU6VSP5.js";
import "./chunk-6DG7BXTN.js";
export {
  PUSHED_DIR,
  confirmPushedAheadLocally,
  linkPushedAhead,
  markerMatches,
  pruneMarkers,
  readPushMarker,
  removePushMarker
};
