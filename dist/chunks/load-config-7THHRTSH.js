import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  ENV_BINDINGS,
  configFromEnv,
  configWarnings,
  loadConfig,
  urlHasPassword
} from "./chunk-PRSUU2LU.js";
import "./chunk-WPFTMBHG.js";
import "./chunk-N43V73L3.js";
import "./chunk-XSSEYECF.js";
import "./chunk-HSU6VSP5.js";
import "./chunk-TOYXLD7G.js";
import "./chunk-6DG7BXTN.js";
export {
  ENV_BINDINGS,
  configFromEnv,
  configWarnings,
  loadConfig,
  urlHasPassword
};
