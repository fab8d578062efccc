import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  PUSHED_DIR,
  confirmPushedAheadLocally,
  markerMatches,
  readPushMarker
} from "./chunk-7MCJDL7P.js";
import "./chunk-UWR3NHI7.js";
import "./chunk-22ZERCK6.js";
import "./chunk-6DG7BXTN.js";
export {
  PUSHED_DIR,
  confirmPushedAheadLocally,
  markerMatches,
  readPushMarker
};
