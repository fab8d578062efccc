/**
 * Restore drills: restore a backup into a scratch database, check it, measure RPO and RTO, always drop the
 * scratch database, and write a report that validates against the published schema.
 */

import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { type Config, restoreJobsFor } from '../config/schema.ts';
import { resolveEncryption } from '../crypto/encryption.ts';
import { parseDuration } from '../duration.ts';
import { DbBackupError, DecryptionError, EncryptionKeyError, InternalError } from '../errors.ts';
import type { EventListener } from '../events.ts';
import { type Logger, silentLogger } from '../logger.ts';
import { type PgConnection, resolveConnection, withClient } from '../postgres/connection.ts';
import { type LocalCluster, startLocalCluster } from '../postgres/local-cluster.ts';
import { dropDatabase, serverInfo, tableRowCounts } from '../postgres/server.ts';
import { redact } from '../redact.ts';
import {
  DRILL_REPORT_SCHEMA_VERSION,
  type DrillCheck,
  type DrillReport,
  DrillReportSchema,
  drillStatus,
} from '../report/drill-report.ts';
import { appendAudit } from '../repository/audit-log.ts';
import { compactTimestamp } from '../repository/keys.ts';
import type { BackupManifest } from '../repository/manifest.ts';
import { pickDatabase, resolveBackup, restoreBackup, restoreClient } from '../restore/restore-backup.ts';
import type { Storage } from '../storage/types.ts';
import { minimumSizeCheck } from '../verify/verify-backup.ts';
import { TOOL_VERSION } from '../version.ts';
import { rowCountChecks, runSqlChecks } from './checks.ts';

export interface DrillRequest {
  database?: string;
  backupId?: string;
  /** Overrides of config.drill (durations like `60m`). */
  rpo?: string;
  rto?: string;
  scratch?: string;
  keepScratch?: boolean;
}

export interface DrillOptions {
  config: Config;
  storage: Storage;
  request: DrillRequest;
  log?: Logger;
  /** Injected clock (tests): drill start time. */
  now?: () => Date;
  signal?: AbortSignal;
  /** Hears the restore's progress (fetching, restoring, the current table). */
  onEvent?: EventListener;
}

const minutes = (ms: number) => Math.round((ms / 60_000) * 1000) / 1000;

function durationMinutes(text: string): number {
  const parsed = parseDuration(text);
  if ('error' in parsed) throw new DbBackupError(parsed.error);
  return parsed.ms / 60_000;
}

/** The scratch database name for a drill started at `at`: `db_backup_drill_<timestamp>`. */
export function scratchDatabaseName(at: Date): string {
  return `db_backup_drill_${compactTimestamp(at).toLowerCase()}`;
}

interface Scratch {
  conn: PgConnection;
  location: string;
  cluster?: LocalCluster;
}

async function openScratch(config: Config, scratch: string, log: Logger): Promise<Scratch> {
  if (scratch === 'same') return { conn: resolveConnection(config.connection), location: 'same server' };
  if (scratch === 'local') {
    log.info('starting a throwaway local PostgreSQL cluster for the drill');
    const cluster = await startLocalCluster();
    return { conn: cluster.connection, location: 'local throwaway cluster', cluster };
  }
  const conn = resolveConnection({ url: scratch });
  return { conn, location: `${conn.host ?? 'localhost'}:${conn.port ?? 5432}` };
}

/** How many objects the restore fetched and checked against the manifest (its `checksum ok:` steps). */
export function checkedObjectCount(steps: string[]): number {
  return steps.filter((step) => step.startsWith('checksum ok: ')).length;
}

/** Runs one drill end to end and returns its validated report; never throws for drill failures (they are in the report). */
async function runRestoreDrillUnaudited(options: DrillOptions): Promise<DrillReport> {
  const { config, storage, request } = options;
  const log = options.log ?? silentLogger;
  const startedAt = options.now?.() ?? new Date();
  const startedMs = Date.now();
  const rpoTarget = durationMinutes(request.rpo ?? config.drill.rpo);
  const rtoTarget = durationMinutes(request.rto ?? config.drill.rto);
  const scratchName = scratchDatabaseName(startedAt);
  const keepScratch = request.keepScratch ?? config.drill.keepScratch;
  const checks: DrillCheck[] = [];
  const timings = { fetch_and_verify: 0, restore: 0, checks: 0, total: 0 };
  const measures = {
    stored_bytes: 0,
    restored_bytes: 0,
    throughput_mib_per_s: null as number | null,
    tables_checked: 0,
    rows_checked: 0,
  };
  const environment = {
    server_version: null as string | null,
    backup_server_version: null as string | null,
    pg_restore_version: null as string | null,
    tool_version: TOOL_VERSION,
    node_version: process.version,
    hostname: hostname(),
  };
  let manifest: BackupManifest | undefined;
  // A failed drill still records the database it was asked to drill (history filters by it).
  let database: string | null = request.database ?? null;
  let restoreMs: number | null = null;
  let error: DrillReport['error'] = null;
  let scratch: Scratch | undefined;
  let dropped = false;
  // Until the restore starts there is no scratch database: nothing to drop, nothing to report as kept.
  let scratchCreated = false;

  try {
    manifest = await resolveBackup(storage, {
      backupId: request.backupId,
      latest: !request.backupId,
      database: request.database,
    });
    const entry = pickDatabase(manifest, request.database);
    database = entry.name;
    environment.backup_server_version = manifest.server.version;
    scratch = await openScratch(config, request.scratch ?? config.drill.scratch, log);
    const server = await serverInfo(scratch.conn);
    environment.server_version = server.version;
    environment.pg_restore_version = (await restoreClient(server, manifest, config.pgBinDir)).version;
    const keys = resolveEncryption(config).keys;
    log.info(
      `drill: restoring ${manifest.id} (${JSON.stringify(entry.name)}) into ${scratchName} on ${scratch.location}`,
    );
    try {
      scratchCreated = true;
      const restored = await restoreBackup({
        storage,
        conn: scratch.conn,
        pgBinDir: scratch.cluster?.binDir ?? config.pgBinDir,
        log,
        manifest,
        keys,
        signal: options.signal,
        ...(options.onEvent ? { onEvent: options.onEvent } : {}),
        request: {
          database: entry.name,
          targetDatabase: scratchName,
          jobs: restoreJobsFor(config),
          // A throwaway cluster has none of the source's roles.
          noOwner: scratch.cluster !== undefined,
          noGlobals: scratch.cluster === undefined,
        },
      });
      timings.fetch_and_verify = restored.fetchMs;
      timings.restore = restored.restoreMs;
      restoreMs = restored.durationMs;
      measures.stored_bytes = restored.storedBytes;
      measures.restored_bytes = restored.rawBytes;
      measures.throughput_mib_per_s =
        restored.durationMs > 0
          ? Math.round((restored.rawBytes / 1_048_576 / (restored.durationMs / 1000)) * 100) / 100
          : null;
      checks.push(decryptionCheck(manifest, 'pass'));
      checks.push({
        name: 'stored checksum',
        status: 'pass',
        details: `sha256 of ${checkedObjectCount(restored.steps)} object(s) matches the manifest`,
      });
      checks.push({
        name: 'restore',
        status: 'pass',
        details: `pg_restore into ${scratchName} succeeded in ${(restored.restoreMs / 1000).toFixed(1)}s`,
      });
    } catch (restoreError) {
      const keyOrCipher =
        restoreError instanceof EncryptionKeyError || restoreError instanceof DecryptionError;
      checks.push(decryptionCheck(manifest, keyOrCipher ? 'fail' : 'not reached', restoreError));
      const checksumFailed =
        restoreError instanceof DbBackupError && restoreError.code === 'VERIFICATION_FAILED';
      if (!keyOrCipher)
        checks.push({
          name: checksumFailed ? 'stored checksum' : 'restore',
          status: 'fail',
          details: redact((restoreError as Error).message),
        });
      throw restoreError;
    }
    const checksStarted = Date.now();
    const counts = await withClient(scratch.conn, scratchName, (client) => tableRowCounts(client));
    const rowChecks = rowCountChecks(entry.tables, counts, manifest.options.schemaOnly);
    checks.push(...rowChecks);
    measures.tables_checked = entry.tables.length;
    measures.rows_checked = entry.tables.reduce((n, t) => n + t.rows, 0);
    checks.push(...(await runSqlChecks(scratch.conn, scratchName, config.drill.checks)));
    if (config.daemon.minSizeBytes > 0) {
      const size = minimumSizeCheck(manifest, config.daemon.minSizeBytes);
      checks.push({ name: size.name, status: size.ok ? 'pass' : 'fail', details: size.details });
    }
    timings.checks = Date.now() - checksStarted;
  } catch (caught) {
    const known = caught instanceof DbBackupError ? caught : undefined;
    error = {
      code: known?.code ?? 'INTERNAL',
      message: redact((caught as Error).message ?? String(caught)),
      hint: redact(known?.hint ?? InternalError.defaultHint),
    };
    log.warn(`drill failed: ${error.message}`);
  } finally {
    // A local cluster is stopped whether or not the scratch database was created in it.
    if (scratch && !keepScratch && (scratchCreated || scratch.cluster))
      dropped = await dropScratch(scratch, scratchName, log);
    else if (scratch?.cluster && keepScratch)
      log.warn(`--keep-scratch: the local cluster stays at ${scratch.cluster.dataDir}`);
  }
  timings.total = Date.now() - startedMs;

  const backupAge = manifest ? minutes(startedAt.getTime() - Date.parse(manifest.finishedAt)) : null;
  const restoreMinutes = restoreMs === null ? null : minutes(restoreMs);
  const failed = error !== null || checks.some((c) => c.status === 'fail');
  const rpoCompliant = backupAge !== null && backupAge <= rpoTarget;
  const rtoCompliant = restoreMinutes !== null && restoreMinutes <= rtoTarget;
  return DrillReportSchema.parse({
    schemaVersion: DRILL_REPORT_SCHEMA_VERSION,
    drill_id: `drill-${compactTimestamp(startedAt)}-${randomBytes(3).toString('hex')}`,
    drill_timestamp: startedAt.toISOString(),
    status: drillStatus(failed, rpoCompliant, rtoCompliant),
    backup_id: manifest?.id ?? null,
    database,
    backup_finished_at: manifest?.finishedAt ?? null,
    backup_age_minutes: backupAge,
    restore_duration_minutes: restoreMinutes,
    rpo_target_minutes: rpoTarget,
    rto_target_minutes: rtoTarget,
    rpo_compliant: rpoCompliant,
    rto_compliant: rtoCompliant,
    scratch: {
      database: scratchName,
      location: scratch && scratchCreated ? scratch.location : 'not opened',
      dropped,
    },
    checks,
    measures,
    timings_ms: timings,
    environment,
    error,
  });
}

/**
 * The drill's decryption check: real for encrypted backups (the restore decrypted every object with the
 * configured keys), skipped for plain ones; `not reached` when the restore failed before decrypting mattered.
 */
export function decryptionCheck(
  manifest: Pick<BackupManifest, 'encryption' | 'objects'>,
  outcome: 'pass' | 'fail' | 'not reached',
  error?: unknown,
): DrillCheck {
  if (!manifest.encryption) return { name: 'decryption', status: 'skip', details: 'backup is not encrypted' };
  const fingerprints = manifest.encryption.recipientFingerprints ?? [
    manifest.encryption.recipientFingerprint,
  ];
  if (outcome === 'fail') {
    return { name: 'decryption', status: 'fail', details: redact((error as Error).message) };
  }
  if (outcome === 'not reached') {
    return {
      name: 'decryption',
      status: 'skip',
      details: 'the restore failed before decryption could be judged',
    };
  }
  return {
    name: 'decryption',
    status: 'pass',
    details: `${manifest.objects.length} object(s) decrypted (age v1, recipient ${fingerprints.join(', ')}) with the configured keys`,
  };
}

/** Drops the scratch database (and stops a throwaway cluster); reports whether it is gone. */
async function dropScratch(scratch: Scratch, name: string, log: Logger): Promise<boolean> {
  try {
    if (scratch.cluster) {
      await scratch.cluster.stop();
      return true;
    }
    await dropDatabase(scratch.conn, name, { force: true });
    return true;
  } catch (error) {
    log.warn(`could not drop scratch database ${name}: ${(error as Error).message}; drop it by hand`);
    return false;
  }
}

/**
 * Runs one drill end to end (see runRestoreDrillUnaudited); with `actor`, its verdict is appended to the
 * repository's audit log.
 */
export async function runRestoreDrill(options: DrillOptions & { actor?: string }): Promise<DrillReport> {
  const report = await runRestoreDrillUnaudited(options);
  if (options.actor) {
    await appendAudit(options.storage, {
      actor: options.actor,
      operation: 'drill',
      target: report.database ?? report.backup_id ?? 'latest',
      outcome: report.status === 'success' ? 'success' : 'failure',
      details: `${report.drill_id}: ${report.status}${report.backup_id ? ` (backup ${report.backup_id})` : ''}`,
    }).catch(() => undefined);
  }
  return report;
}
