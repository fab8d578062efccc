import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  assertAzureCredentials,
  openConfiguredStorage,
  openStorage
} from "./chunk-SI6B46PF.js";
import "./chunk-WNLS4ENF.js";
import "./chunk-EIKM5JY4.js";
import "./chunk-NEBEBRHP.js";
import "./chunk-3NU47UHY.js";
import "./chunk-DOHSCNQU.js";
import "./chunk-XSSEYECF.js";
import "./chunk-22ZERCK6.js";
import "./chunk-6DG7BXTN.js";
export {
  assertAzureCredentials,
  openConfiguredStorage,
  openStorage
};
