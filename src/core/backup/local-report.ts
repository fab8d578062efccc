/**
 * Backup reports also land as plain files inside a local repository (`<repo>/logs/backup_report_<ts>.json`),
 * where cron users and log shippers look for them; remote repositories keep only the in-repository copy
 * unless `backup.reportDir` is set.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config/schema.ts';
import type { Logger } from '../logger.ts';
import type { BackupReport } from '../report/backup-report.ts';
import { compactTimestamp } from '../repository/keys.ts';
import type { Storage } from '../storage/types.ts';

/** The filesystem root of a local repository location (plain path or file:// URL), else undefined. */
export function localRepositoryRoot(location: string, cwd = process.cwd()): string | undefined {
  if (location.startsWith('file://')) return fileURLToPath(location);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) return undefined;
  return resolve(cwd, location);
}

/**
 * The directory where local report files go: the configured one, or `<dir>` inside a local repository (never
 * beside it: the repository's parent may be a shared directory such as /var/lib).
 */
export function localReportDir(
  configured: string | undefined,
  storageLocation: string,
  sibling: string,
): string | undefined {
  if (configured) return resolve(configured);
  const root = localRepositoryRoot(storageLocation);
  return root ? join(root, sibling) : undefined;
}

/** Writes `backup_report_<timestamp>.json` to the local report directory; returns the paths written. */
export async function writeLocalReportCopy(
  config: Config,
  _storage: Storage,
  report: BackupReport,
  log: Logger,
): Promise<string[]> {
  const dir = localReportDir(config.backup.reportDir, config.storage, 'logs');
  if (!dir) return [];
  const path = join(
    dir,
    `backup_report_${compactTimestamp(new Date(report.startedAt))}_${report.backupId}.json`,
  );
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(path, `${JSON.stringify(report, null, 2)}\n`);
    return [path];
  } catch (error) {
    log.warn(`could not write local backup report ${path}: ${(error as Error).message}`);
    return [];
  }
}
