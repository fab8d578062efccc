/**
 * `db-backup wal simulate`: WAL archiving and point-in-time restore proven on a scratch cluster, for CI and
 * for teams whose production server cannot be reconfigured yet. A throwaway cluster archives with our
 * wal-push into the simulation's own repository (never a production WAL area), writes timestamped
 * heartbeats at a steady rate, is base-backed-up, and is restored to random points in time; each restored
 * copy must hold exactly the heartbeats committed up to its target. The report measures archive lag,
 * achieved RPO and restore times against the targets.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBaseBackup } from '../backup/base-backup.ts';
import { type Config, ConfigSchema } from '../config/schema.ts';
import type { Logger } from '../logger.ts';
import { silentLogger } from '../logger.ts';
import { runChild } from '../pipeline/child.ts';
import { withClient } from '../postgres/connection.ts';
import { findFreePort, type LocalCluster, startLocalCluster } from '../postgres/local-cluster.ts';
import { asServerUser, isRoot } from '../postgres/server-user.ts';
import { compactTimestamp } from '../repository/keys.ts';
import { restorePitr } from '../restore/pitr.ts';
import { LocalStorage } from '../storage/local.ts';
import { localLocation } from '../storage/local-location.ts';
import { TOOL_VERSION } from '../version.ts';
import { archiveCommand } from './archive-command.ts';
import {
  type SimulationTarget,
  simulationVerdict,
  WAL_SIMULATION_REPORT_SCHEMA_VERSION,
  type WalSimulationReport,
} from './simulation-report.ts';
import { verifyWalArchive } from './verify-archive.ts';
import type { WalEntry } from './wal-entry.ts';

/** Encryption settings the scratch cluster's archive_command drops (its repository is always plain). */
const SIMULATION_UNSET_ENV = [
  'BACKUP_ENCRYPTION',
  'BACKUP_ENCRYPTION_RECIPIENTS',
  'BACKUP_ENCRYPTION_RECIPIENTS_FILE',
  'BACKUP_ENCRYPTION_PASSPHRASE',
  'BACKUP_ENCRYPTION_PASSPHRASE_FILE',
];

export interface SimulateOptions {
  durationSeconds: number;
  ratePerSecond: number;
  targets: number;
  /** archive_timeout of the scratch cluster: bounds the lag on a quiet server. */
  archiveTimeoutSeconds: number;
  rpoMinutes: number;
  rtoMinutes: number;
  /** How PostgreSQL runs our WAL entry (absolute node and script). */
  walCommand: WalEntry;
  pgBinDir?: string;
  random?: () => number;
  log?: Logger;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs the simulation and returns its report (status `failure` with `error` when it could not run). */
export async function simulateWalArchiving(options: SimulateOptions): Promise<WalSimulationReport> {
  const log = options.log ?? silentLogger;
  const started = new Date();
  const id = `sim-${compactTimestamp(started)}-${randomBytes(3).toString('hex')}`;
  const work = await mkdtemp(join(tmpdir(), 'db-backup-simulate-'));
  const repository = join(work, 'repository');
  let cluster: LocalCluster | undefined;
  const base: Omit<
    WalSimulationReport,
    | 'status'
    | 'achieved_rpo_seconds'
    | 'max_restore_minutes'
    | 'rpo_compliant'
    | 'rto_compliant'
    | 'compliant'
  > = {
    schemaVersion: WAL_SIMULATION_REPORT_SCHEMA_VERSION,
    simulation_id: id,
    simulation_timestamp: started.toISOString(),
    repository: localLocation(repository),
    duration_seconds: options.durationSeconds,
    rate_per_second: options.ratePerSecond,
    heartbeats: 0,
    segments_archived: 0,
    archive_lag_seconds: { max: 0, p50: 0 },
    targets: [],
    rpo_target_minutes: options.rpoMinutes,
    rto_target_minutes: options.rtoMinutes,
    error: null,
    environment: { server_version: 'unknown', tool_version: TOOL_VERSION },
  };
  try {
    // The server (as postgres when we are root) writes the WAL area; everything else is written by us.
    await mkdir(join(repository, 'wal'), { recursive: true });
    if (isRoot()) await runChild('chown', ['-R', 'postgres:postgres', work]);
    // The scratch repository is plain: encryption keys in the environment must not make its WAL encrypted.
    const plain = SIMULATION_UNSET_ENV.map((n) => `-u ${n}`);
    const walPush = archiveCommand(options.walCommand, localLocation(repository), { envPrefix: plain });
    log.info(`simulation ${id}: scratch cluster archiving into ${repository}`);
    cluster = await startLocalCluster({
      settings: {
        wal_level: 'replica',
        archive_mode: 'on',
        archive_command: walPush,
        archive_timeout: `${options.archiveTimeoutSeconds}s`,
        track_commit_timestamp: 'on',
      },
    });
    const conn = cluster.connection;
    base.environment.server_version = await withClient(conn, 'postgres', async (c) => {
      await c.query(
        'CREATE TABLE heartbeat (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT clock_timestamp())',
      );
      return (await c.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v;
    });
    const config: Config = ConfigSchema.parse({
      storage: repository,
      connection: { host: conn.host, port: conn.port, user: conn.user, password: conn.password },
      ...(options.pgBinDir ? { pgBinDir: options.pgBinDir } : {}),
    });
    const storage = new LocalStorage(repository);
    const backup = await runBaseBackup({ config, storage, log });
    log.info(
      `base backup ${backup.id}; writing ${options.ratePerSecond} heartbeats/s for ${options.durationSeconds}s`,
    );
    const lags = await writeHeartbeats(cluster, options);
    base.archive_lag_seconds = {
      max: Number(Math.max(0, ...lags).toFixed(3)),
      p50: Number(([...lags].sort((a, b) => a - b)[Math.floor(lags.length / 2)] ?? 0).toFixed(3)),
    };
    const heartbeats = await withClient(conn, 'postgres', async (c) => {
      await c.query('SELECT pg_switch_wal()');
      const { rows } = await c.query<{ n: string; first: Date; last: Date }>(
        'SELECT count(*)::text AS n, min(at) AS first, max(at) AS last FROM heartbeat',
      );
      return { count: Number(rows[0]!.n), first: rows[0]!.first, last: rows[0]!.last };
    });
    base.heartbeats = heartbeats.count;
    await waitForArchive(cluster);
    base.segments_archived = (await verifyWalArchive(storage)).segments;
    const random = options.random ?? Math.random;
    const from = Math.max(heartbeats.first.getTime(), Date.parse(backup.finishedAt)) + 1;
    for (let i = 0; i < options.targets; i++) {
      const target = new Date(from + Math.floor(random() * Math.max(1, heartbeats.last.getTime() - from)));
      base.targets.push(await restoreAndCheck(cluster, storage, repository, work, target, i, options, log));
    }
    return {
      ...base,
      ...simulationVerdict({
        lagMaxSeconds: base.archive_lag_seconds.max,
        targets: base.targets,
        rpoMinutes: options.rpoMinutes,
        rtoMinutes: options.rtoMinutes,
      }),
    };
  } catch (error) {
    return {
      ...base,
      ...simulationVerdict({
        lagMaxSeconds: base.archive_lag_seconds.max,
        targets: base.targets,
        rpoMinutes: options.rpoMinutes,
        rtoMinutes: options.rtoMinutes,
      }),
      status: 'failure',
      compliant: false,
      error: (error as Error).message,
    };
  } finally {
    await cluster?.stop();
    await rm(work, { recursive: true, force: true });
  }
}

/** Commits heartbeats at the requested rate; samples the archive lag (now − last archived time) every second. */
async function writeHeartbeats(cluster: LocalCluster, options: SimulateOptions): Promise<number[]> {
  return withClient(cluster.connection, 'postgres', async (c) => {
    const lags: number[] = [];
    const end = Date.now() + options.durationSeconds * 1000;
    const interval = 1000 / options.ratePerSecond;
    let nextSample = Date.now() + 1000;
    let next = Date.now();
    while (Date.now() < end) {
      await c.query('INSERT INTO heartbeat DEFAULT VALUES');
      if (Date.now() >= nextSample) {
        nextSample += 1000;
        const { rows } = await c.query<{ lag: string | null }>(
          'SELECT extract(epoch FROM clock_timestamp() - last_archived_time)::text AS lag FROM pg_stat_archiver',
        );
        if (rows[0]!.lag !== null) lags.push(Number(rows[0]!.lag));
      }
      next += interval;
      await sleep(Math.max(0, next - Date.now()));
    }
    return lags;
  });
}

/**
 * Waits until the segment holding the last heartbeat is archived. pg_switch_wal() returns the end of the
 * segment it closed, or, when the caller's switch already closed it, the start of the empty current one:
 * pg_walfile_name of either boundary names that closed segment.
 */
async function waitForArchive(cluster: LocalCluster): Promise<void> {
  await withClient(cluster.connection, 'postgres', async (c) => {
    const { rows } = await c.query<{ n: string }>('SELECT pg_walfile_name(pg_switch_wal()) AS n');
    const closed = rows[0]!.n;
    for (let i = 0; i < 600; i++) {
      const s = await c.query<{ last: string | null }>(
        'SELECT last_archived_wal AS last FROM pg_stat_archiver',
      );
      if (s.rows[0]!.last && s.rows[0]!.last >= closed) return;
      await sleep(200);
    }
    throw new Error(`the scratch cluster did not archive ${closed} within 2 minutes`);
  });
}

async function restoreAndCheck(
  cluster: LocalCluster,
  storage: LocalStorage,
  repository: string,
  work: string,
  target: Date,
  index: number,
  options: SimulateOptions,
  log: Logger,
): Promise<SimulationTarget> {
  const expected = await withClient(cluster.connection, 'postgres', async (c) => {
    const { rows } = await c.query<{ n: string; last: Date | null }>(
      'SELECT count(*)::text AS n, max(at) AS last FROM heartbeat WHERE at <= $1',
      [target],
    );
    return { count: Number(rows[0]!.n), last: rows[0]!.last };
  });
  const pgdata = join(work, `restored-${index}`);
  const port = await findFreePort();
  const started = Date.now();
  log.info(`restoring to ${target.toISOString()}`);
  await restorePitr({
    storage,
    repositoryConfig: { storage: repository },
    pgdata,
    target: { kind: 'time', time: target },
    walCommand: options.walCommand,
    serverSettings: {
      port: String(port),
      unix_socket_directories: work,
      archive_mode: 'off',
      listen_addresses: '127.0.0.1',
    },
    start: true,
    ...(options.pgBinDir ? { pgBinDir: options.pgBinDir } : {}),
    log,
  });
  const restoreSeconds = (Date.now() - started) / 1000;
  try {
    const restored = await withClient({ ...cluster.connection, port }, 'postgres', async (c) => {
      const { rows } = await c.query<{ n: string; last: Date | null }>(
        'SELECT count(*)::text AS n, max(at) AS last FROM heartbeat',
      );
      return { count: Number(rows[0]!.n), last: rows[0]!.last };
    });
    const lost =
      expected.last && restored.last
        ? Math.max(0, (expected.last.getTime() - restored.last.getTime()) / 1000)
        : expected.last
          ? options.durationSeconds
          : 0;
    return {
      target_time: target.toISOString(),
      expected_heartbeats: expected.count,
      restored_heartbeats: restored.count,
      lost_seconds: Number(lost.toFixed(3)),
      restore_seconds: Number(restoreSeconds.toFixed(3)),
      status: restored.count === expected.count ? 'pass' : 'fail',
    };
  } finally {
    const pgCtl = join(cluster.binDir, 'pg_ctl');
    const args = ['stop', '-D', pgdata, '-m', 'immediate', '-w'];
    await runChild(...(await asServerUser(pgCtl, args)));
    await rm(pgdata, { recursive: true, force: true });
  }
}
