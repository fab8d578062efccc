import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  DRILL_REPORT_SCHEMA_VERSION,
  DrillCheckSchema,
  DrillReportSchema,
  drillStatus,
  renderDrillMarkdown
} from "./chunk-DKVN5BDL.js";
import "./chunk-RBBVQCX6.js";
import "./chunk-6DG7BXTN.js";
export {
  DRILL_REPORT_SCHEMA_VERSION,
  DrillCheckSchema,
  DrillReportSchema,
  drillStatus,
  renderDrillMarkdown
};
