import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  PUSHED_DIR,
  confirmPushedAheadLocally,
  markerMatches,
  readPushMarker
} from "./chunk-KGXDCMNZ.js";
import "./chunk-NOJ5WRAG.js";
import "./chunk-HSU6VSP5.js";
import "./chunk-6DG7BXTN.js";
export {
  PUSHED_DIR,
  confirmPushedAheadLocally,
  markerMatches,
  readPushMarker
};
