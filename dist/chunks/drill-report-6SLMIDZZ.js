import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  DRILL_REPORT_SCHEMA_VERSION,
  DrillCheckSchema,
  DrillReportSchema,
  drillStatus,
  renderDrillMarkdown
} from "./chunk-SD5AORGX.js";
import "./chunk-N43V73L3.js";
import "./chunk-6DG7BXTN.js";
export {
  DRILL_REPORT_SCHEMA_VERSION,
  DrillCheckSchema,
  DrillReportSchema,
  drillStatus,
  renderDrillMarkdown
};
