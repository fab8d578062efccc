import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  assertAzureCredentials,
  openConfiguredStorage,
  openStorage
} from "./chunk-E6Y6DUHT.js";
import "./chunk-XTOZA25Y.js";
import "./chunk-YV53MW6H.js";
import "./chunk-IIQ7BM2O.js";
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
