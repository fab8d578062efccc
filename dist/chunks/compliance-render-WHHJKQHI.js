import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  renderComplianceMarkdown,
  renderComplianceSvg
} from "./chunk-D5XFELNE.js";
import "./chunk-6DG7BXTN.js";
export {
  renderComplianceMarkdown,
  renderComplianceSvg
};
