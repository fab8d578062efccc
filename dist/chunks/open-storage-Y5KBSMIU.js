import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  assertAzureCredentials,
  openConfiguredStorage,
  openStorage
} from "./chunk-DOGHXSLG.js";
import "./chunk-BVFIZFWD.js";
import "./chunk-A5GP23IT.js";
import "./chunk-IIQ7BM2O.js";
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
