import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  assertAzureCredentials,
  openConfiguredStorage,
  openStorage
} from "./chunk-W5R3POQJ.js";
import "./chunk-GSBKU3UE.js";
import "./chunk-UYDPGYXI.js";
import "./chunk-IHOISL7K.js";
import "./chunk-LQZTC7L6.js";
import "./chunk-QZLWGHDA.js";
import "./chunk-WPFTMBHG.js";
import "./chunk-N43V73L3.js";
import "./chunk-XSSEYECF.js";
import "./chunk-HSU6VSP5.js";
import "./chunk-TOYXLD7G.js";
import "./chunk-6DG7BXTN.js";
export {
  assertAzureCredentials,
  openConfiguredStorage,
  openStorage
};
