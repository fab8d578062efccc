import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  archiveCommand,
  archiveCommandSetting
} from "./chunk-XCD7JNML.js";
import "./chunk-WJL2A72O.js";
import "./chunk-XFV7CHGX.js";
import "./chunk-IHOISL7K.js";
import "./chunk-GOB2Q2UI.js";
import "./chunk-PIVGSPXT.js";
import "./chunk-HSU6VSP5.js";
import "./chunk-6DG7BXTN.js";
export {
  archiveCommand,
  archiveCommandSetting
};
