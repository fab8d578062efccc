import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  ENV_BINDINGS,
  configFromEnv,
  configWarnings,
  loadConfig,
  urlHasPassword
} from "./chunk-5ZLVZGEW.js";
import "./chunk-A5GP23IT.js";
import "./chunk-IIQ7BM2O.js";
import "./chunk-XSSEYECF.js";
import "./chunk-HSU6VSP5.js";
import "./chunk-6DG7BXTN.js";
export {
  ENV_BINDINGS,
  configFromEnv,
  configWarnings,
  loadConfig,
  urlHasPassword
};
