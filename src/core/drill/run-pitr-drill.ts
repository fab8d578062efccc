/**
 * Point-in-time drills (`drill --pitr`): a base backup plus archived WAL restored into a throwaway local
 * cluster at a target (latest, a time, or a random time inside the recoverable window), the drill's checks
 * run there, and the same drill report written. RPO is the age of the newest archived WAL (what a disaster
 * now would lose), RTO the restore plus recovery time. The cluster is always stopped and removed, and its
 * copy never archives: the production WAL area gains nothing from a drill.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Config } from '../config/schema.ts';
import { resolveEncryption } from '../crypto/encryption.ts';
import { parseDuration } from '../duration.ts';
import { DbBackupError, RestoreFailedError } from '../errors.ts';
import { type Logger, silentLogger } from '../logger.ts';
import { findPgBinaries, requirePgTool } from '../postgres/binaries.ts';
import { databaseFromUrl, type PgConnection, withClient } from '../postgres/connection.ts';
import { findFreePort } from '../postgres/local-cluster.ts';
import { redact } from '../redact.ts';
import {
  DRILL_REPORT_SCHEMA_VERSION,
  type DrillCheck,
  type DrillReport,
  DrillReportSchema,
  drillStatus,
} from '../report/drill-report.ts';
import { appendAudit } from '../repository/audit-log.ts';
import { readManifest } from '../repository/catalog.ts';
import { compactTimestamp, WAL_PREFIX, walFileNameOfKey } from '../repository/keys.ts';
import type { BackupManifest } from '../repository/manifest.ts';
import { publicRepositorySettings, restorePitr, startAndAwaitRecovery } from '../restore/pitr.ts';
import type { Storage } from '../storage/types.ts';
import { majorOf } from '../verify/verify-backup.ts';
import { TOOL_VERSION } from '../version.ts';
import { verifyWalArchive } from '../wal/verify-archive.ts';
import { requireWalArea } from '../wal/wal-area.ts';
import type { WalEntry } from '../wal/wal-entry.ts';
import { runSqlChecks } from './checks.ts';
import { decryptionCheck } from './run-drill.ts';
import {
  failedRestoreCheck,
  productionWalCheck,
  readEveryTable,
  recoveryTargetCheck,
} from './run-pitr-drill-checks.ts';
import {
  createPitrScratch,
  ensureServerConfigFile,
  type PitrScratch,
  pitrScratchSettings,
  removePitrScratch,
  stopPitrScratch,
  superuserConnection,
} from './run-pitr-drill-cluster.ts';
import { lastArchivedCommit, resolveDrillTarget } from './run-pitr-drill-window.ts';

export interface PitrDrillRequest {
  /** Check this database only (default: every database of the base backup; SQL checks run in it). */
  database?: string;
  /** An ISO time, `random` (uniform inside the recoverable window), or undefined for every archived WAL file. */
  targetTime?: string;
  backupId?: string;
  rpo?: string;
  rto?: string;
}

export interface PitrDrillOptions {
  config: Config;
  storage: Storage;
  request: PitrDrillRequest;
  /** How PostgreSQL runs wal-fetch (absolute node and script): the adapter knows where its bundle lives. */
  walCommand: WalEntry;
  log?: Logger;
  now?: () => Date;
  random?: () => number;
  signal?: AbortSignal;
  /** Appends the verdict to the repository's audit log as this actor. */
  actor?: string;
}

type Pitr = NonNullable<DrillReport['pitr']>;

const minutes = (ms: number) => Math.round((ms / 60_000) * 1000) / 1000;
const durationMinutes = (text: string) => {
  const parsed = parseDuration(text);
  if ('error' in parsed) throw new DbBackupError(parsed.error);
  return parsed.ms / 60_000;
};
const walKeys = async (storage: Storage) => (await storage.list(WAL_PREFIX)).map((o) => o.key).sort();

/** Runs one point-in-time drill and returns its validated report; drill failures are in the report, not thrown. */
export async function runPitrDrill(options: PitrDrillOptions): Promise<DrillReport> {
  const { config, storage, request } = options;
  const log = options.log ?? silentLogger;
  const startedAt = options.now?.() ?? new Date();
  const startedMs = Date.now();
  const rpoTarget = durationMinutes(request.rpo ?? config.drill.rpo);
  const rtoTarget = durationMinutes(request.rto ?? config.drill.rto);
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
  const pitr: Pitr = {
    target: request.targetTime ?? 'latest',
    target_time: null,
    base_backup_id: null,
    recovered_to: null,
    newest_wal: null,
    newest_wal_archived_at: null,
    window: null,
  };
  let manifest: BackupManifest | undefined;
  let restoreMs: number | null = null;
  let error: DrillReport['error'] = null;
  let scratch: PitrScratch | undefined;
  let binDir: string | undefined;
  let removed = false;
  let walBefore: string[] = [];
  const stopOnAbort = () => {
    if (scratch) void stopPitrScratch(scratch, binDir).catch(() => undefined);
  };
  options.signal?.addEventListener('abort', stopOnAbort, { once: true });

  try {
    const area = await requireWalArea(storage);
    walBefore = await walKeys(storage);
    const archive = await verifyWalArchive(storage, startedAt);
    pitr.newest_wal = archive.newestSegment;
    pitr.newest_wal_archived_at = archive.newestArchivedAt;
    const segmentNames = walBefore.map(walFileNameOfKey).filter((n): n is string => n !== undefined);
    // pg_waldump reads only its own major's WAL format.
    const serverBinDir = (await findPgBinaries({ pgBinDir: config.pgBinDir })).find(
      (i) => String(i.major) === area.pgMajor,
    )?.binDir;
    const newestCommit = async () =>
      serverBinDir ? lastArchivedCommit({ storage, area, segmentNames, binDir: serverBinDir }) : undefined;
    const target = await resolveDrillTarget(request.targetTime, archive.window, newestCommit, options.random);
    if (target.kind === 'time') pitr.target_time = target.time.toISOString();
    if (archive.window) pitr.window = archive.window;
    options.signal?.throwIfAborted();

    scratch = await createPitrScratch(await findFreePort());
    log.info(
      `drill --pitr: restoring to ${pitr.target_time ?? 'the newest archived WAL'} in ${scratch.work}`,
    );
    const restored = await restorePitr({
      storage,
      repositoryConfig: publicRepositorySettings(config),
      pgdata: scratch.pgdata,
      target,
      action: 'promote',
      timeline: 'latest',
      ...(request.backupId ? { backupId: request.backupId } : {}),
      walCommand: options.walCommand,
      // Opens an encrypted base backup; restore_command takes the identity from the environment.
      keys: resolveEncryption(config).keys,
      serverSettings: pitrScratchSettings(scratch),
      start: false,
      ...(config.pgBinDir ? { pgBinDir: config.pgBinDir } : {}),
      log,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    manifest = await readManifest(storage, restored.backupId);
    pitr.base_backup_id = manifest.id;
    environment.backup_server_version = manifest.server.version;
    const base = manifest.objects.find((o) => o.role === 'base');
    measures.stored_bytes = base?.storedSize ?? 0;
    measures.restored_bytes = base?.rawSize ?? 0;
    timings.fetch_and_verify = restored.durationMs;
    checks.push(decryptionCheck(manifest, 'pass'));
    checks.push({
      name: 'stored checksum',
      status: 'pass',
      details: `sha256 of base backup ${manifest.id} matches its manifest; unpacked into the throwaway data directory`,
    });

    const install = (await findPgBinaries({ pgBinDir: config.pgBinDir })).find(
      (i) => i.major === majorOf(manifest!.server.version),
    );
    if (!install) {
      throw new RestoreFailedError(
        `no PostgreSQL ${majorOf(manifest.server.version)} server programs to run the drill's throwaway cluster`,
        { hint: `install PostgreSQL ${majorOf(manifest.server.version)} server programs on the drill host` },
      );
    }
    binDir = install.binDir;
    await ensureServerConfigFile(scratch.pgdata);
    const recoveryStarted = Date.now();
    await startAndAwaitRecovery(
      await requirePgTool(install, 'pg_ctl'),
      scratch.pgdata,
      'promote',
      600_000,
      options.signal,
    );
    timings.restore = Date.now() - recoveryStarted;
    restoreMs = timings.fetch_and_verify + timings.restore;
    measures.throughput_mib_per_s =
      restoreMs > 0
        ? Math.round((measures.restored_bytes / 1_048_576 / (restoreMs / 1000)) * 100) / 100
        : null;

    const checksStarted = Date.now();
    const conn = await superuserConnection(
      scratch,
      [config.connection.user ?? '', 'postgres', process.env.PGUSER ?? ''].filter(Boolean),
    );
    const facts = await recoveredFacts(conn);
    environment.server_version = facts.version;
    pitr.recovered_to = facts.recoveredTo;
    checks.push({
      name: 'point-in-time recovery',
      status: 'pass',
      details: `base backup ${manifest.id} plus archived WAL replayed to ${restored.target} and promoted in ${(timings.restore / 1000).toFixed(1)}s`,
    });
    checks.push(await recoveryTargetCheck(target, facts.recoveredTo, newestCommit));
    const wanted = request.database
      ? [request.database]
      : manifest.databases.map((d) => d.name).filter((n) => !/^template[01]$/.test(n));
    const read = await readEveryTable(conn, wanted);
    checks.push(...read.checks);
    measures.tables_checked = read.tables;
    measures.rows_checked = read.rows;
    const sqlDatabase =
      request.database ?? config.databases[0] ?? databaseFromUrl(config.connection.url) ?? 'postgres';
    checks.push(...(await runSqlChecks(conn, sqlDatabase, config.drill.checks)));
    timings.checks = Date.now() - checksStarted;
  } catch (caught) {
    if (restoreMs === null && manifest) checks.push(failedRestoreCheck(caught));
    error = {
      code: caught instanceof DbBackupError ? caught.code : 'UNEXPECTED',
      message: redact((caught as Error).message ?? String(caught)),
    };
    log.warn(`drill --pitr failed: ${error.message}`);
  } finally {
    options.signal?.removeEventListener('abort', stopOnAbort);
    if (scratch) removed = await removePitrScratch(scratch, binDir);
  }
  if (pitr.newest_wal !== null) checks.push(await productionWalCheck(storage, walBefore, walKeys));
  timings.total = Date.now() - startedMs;

  const walAge = pitr.newest_wal_archived_at
    ? minutes(startedAt.getTime() - Date.parse(pitr.newest_wal_archived_at))
    : null;
  const restoreMinutes = restoreMs === null ? null : minutes(restoreMs);
  const failed = error !== null || checks.some((c) => c.status === 'fail');
  const rpoCompliant = walAge !== null && walAge <= rpoTarget;
  const rtoCompliant = restoreMinutes !== null && restoreMinutes <= rtoTarget;
  return DrillReportSchema.parse({
    schemaVersion: DRILL_REPORT_SCHEMA_VERSION,
    drill_id: `drill-${compactTimestamp(startedAt)}-${randomBytes(3).toString('hex')}`,
    drill_timestamp: startedAt.toISOString(),
    status: drillStatus(failed, rpoCompliant, rtoCompliant),
    backup_id: manifest?.id ?? null,
    database: request.database ?? null,
    backup_finished_at: manifest?.finishedAt ?? null,
    backup_age_minutes: walAge,
    restore_duration_minutes: restoreMinutes,
    rpo_target_minutes: rpoTarget,
    rto_target_minutes: rtoTarget,
    rpo_compliant: rpoCompliant,
    rto_compliant: rtoCompliant,
    scratch: {
      database: request.database ?? 'every database (throwaway cluster)',
      location: scratch ? 'local throwaway cluster (point-in-time)' : 'not opened',
      dropped: removed,
    },
    checks,
    measures,
    timings_ms: timings,
    environment,
    error,
    pitr,
  });
}

/** The restored copy's version and the commit time of the last transaction it replayed. */
async function recoveredFacts(conn: PgConnection): Promise<{ version: string; recoveredTo: string | null }> {
  return withClient(conn, 'template1', async (c) => {
    const { rows } = await c.query<{ v: string; t: string | null }>(
      `SELECT current_setting('server_version') AS v,
              to_char(pg_last_xact_replay_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS t`,
    );
    return { version: rows[0]!.v, recoveredTo: rows[0]!.t };
  });
}

/** Runs one point-in-time drill (see runPitrDrill) and appends its verdict to the audit log for `actor`. */
export async function runPitrDrillAudited(options: PitrDrillOptions): Promise<DrillReport> {
  const report = await runPitrDrill(options);
  if (options.actor) {
    await appendAudit(options.storage, {
      actor: options.actor,
      operation: 'drill',
      target: report.database ?? report.backup_id ?? 'latest',
      outcome: report.status === 'success' ? 'success' : 'failure',
      details: `${report.drill_id}: ${report.status} (point in time ${report.pitr?.target_time ?? 'latest'}${report.backup_id ? `, base backup ${report.backup_id}` : ''})`,
    }).catch(() => undefined);
  }
  return report;
}
