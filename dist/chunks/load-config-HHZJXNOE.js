import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  ENV_BINDINGS,
  configFromEnv,
  configWarnings,
  loadConfig,
  urlHasPassword
} from "./chunk-N4VNTJZ4.js";
import "./chunk-LZ4JD63R.js";
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
