import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  summarizeArchive,
  verifyWalArchive
} from "./chunk-XXPMW7MX.js";
import "./chunk-4YHTCJC5.js";
import "./chunk-ZYJX25FK.js";
import "./chunk-QSDMH3OQ.js";
import "./chunk-M7IQQC2I.js";
import "./chunk-T2VRPRXO.js";
import "./chunk-GOB2Q2UI.js";
import "./chunk-RBBVQCX6.js";
import "./chunk-HSU6VSP5.js";
import "./chunk-6DG7BXTN.js";
export {
  summarizeArchive,
  verifyWalArchive
};
