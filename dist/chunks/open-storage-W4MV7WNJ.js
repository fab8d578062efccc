import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  assertAzureCredentials,
  openConfiguredStorage,
  openStorage
} from "./chunk-2UFCRC3H.js";
import "./chunk-YABHI7RE.js";
import "./chunk-F6GGBENF.js";
import "./chunk-RBBVQCX6.js";
import "./chunk-LQZTC7L6.js";
import "./chunk-QZLWGHDA.js";
import "./chunk-XSSEYECF.js";
import "./chunk-HSU6VSP5.js";
import "./chunk-6DG7BXTN.js";
export {
  assertAzureCredentials,
  openConfiguredStorage,
  openStorage
};
