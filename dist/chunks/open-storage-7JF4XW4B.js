import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  assertAzureCredentials,
  openConfiguredStorage,
  openStorage
} from "./chunk-5UOK63WM.js";
import "./chunk-YABHI7RE.js";
import "./chunk-LQZTC7L6.js";
import "./chunk-QZLWGHDA.js";
import "./chunk-3BHSYJYN.js";
import "./chunk-RBBVQCX6.js";
import "./chunk-XSSEYECF.js";
import "./chunk-HSU6VSP5.js";
import "./chunk-TOYXLD7G.js";
import "./chunk-6DG7BXTN.js";
export {
  assertAzureCredentials,
  openConfiguredStorage,
  openStorage
};
