import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  archiveCommand,
  archiveCommandSetting,
  localRootOf
} from "./chunk-TSR4GHSP.js";
import "./chunk-75RM67K4.js";
import "./chunk-XFV7CHGX.js";
import "./chunk-GOB2Q2UI.js";
import "./chunk-PIVGSPXT.js";
import "./chunk-HSU6VSP5.js";
import "./chunk-6DG7BXTN.js";
export {
  archiveCommand,
  archiveCommandSetting,
  localRootOf
};
