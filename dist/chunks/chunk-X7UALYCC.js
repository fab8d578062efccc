import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  compactTimestamp
} from "./chunk-GOB2Q2UI.js";

// src/core/backup/local-report.ts
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
function localRepositoryRoot(location, cwd = process.cwd()) {
  if (location.startsWith("file://")) return fileURLToPath(location);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) return void 0;
  return resolve(cwd, location);
}
function localReportDir(configured, storageLocation, sibling) {
  if (configured) return resolve(configured);
  const root = localRepositoryRoot(storageLocation);
  return root ? join(root, sibling) : void 0;
}
async function writeLocalReportCopy(config, _storage, report, log) {
  const dir = localReportDir(config.backup.reportDir, config.storage, "logs");
  if (!dir) return [];
  const path = join(
    dir,
    `backup_report_${compactTimestamp(new Date(report.startedAt))}_${report.backupId}.json`
  );
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(path, `${JSON.stringify(report, null, 2)}
`);
    return [path];
  } catch (error) {
    log.warn(`could not write local backup report ${path}: ${error.message}`);
    return [];
  }
}

export {
  localReportDir,
  writeLocalReportCopy
};
