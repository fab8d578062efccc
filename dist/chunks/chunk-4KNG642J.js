import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  archiveCommand
} from "./chunk-XCD7JNML.js";
import {
  restorePitr
} from "./chunk-M25QI3ZN.js";
import {
  verifyWalArchive
} from "./chunk-UKZCVACB.js";
import {
  runBaseBackup
} from "./chunk-ABJE2J4R.js";
import {
  findFreePort,
  startLocalCluster
} from "./chunk-H4BDQKYQ.js";
import {
  asServerUser,
  isRoot
} from "./chunk-XFV7CHGX.js";
import {
  withClient
} from "./chunk-MFNMZBWJ.js";
import {
  TOOL_VERSION
} from "./chunk-75MW67N3.js";
import {
  runChild
} from "./chunk-NLUKSCYK.js";
import {
  LocalStorage
} from "./chunk-GSBKU3UE.js";
import {
  localLocation
} from "./chunk-IHOISL7K.js";
import {
  silentLogger
} from "./chunk-6V3LCTWC.js";
import {
  compactTimestamp
} from "./chunk-GOB2Q2UI.js";
import {
  ConfigSchema
} from "./chunk-WPFTMBHG.js";
import {
  external_exports
} from "./chunk-N43V73L3.js";

// src/core/wal/simulate.ts
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

// src/core/wal/simulation-report.ts
var WAL_SIMULATION_REPORT_SCHEMA_VERSION = 1;
var SimulationTargetSchema = external_exports.object({
  target_time: external_exports.iso.datetime().describe("The point in time restored to (random, inside the archived window)"),
  expected_heartbeats: external_exports.number().int().nonnegative().describe("Heartbeats the source committed up to the target"),
  restored_heartbeats: external_exports.number().int().nonnegative().describe("Heartbeats the restored copy holds"),
  lost_seconds: external_exports.number().nonnegative().describe("Newest heartbeat committed before the target minus the newest one restored (0: nothing lost)"),
  restore_seconds: external_exports.number().nonnegative().describe("Unpacking the base backup plus replaying WAL to the target"),
  status: external_exports.enum(["pass", "fail"]).describe("pass: exactly the heartbeats committed up to the target were restored")
});
var WalSimulationReportSchema = external_exports.object({
  schemaVersion: external_exports.literal(WAL_SIMULATION_REPORT_SCHEMA_VERSION),
  simulation_id: external_exports.string(),
  simulation_timestamp: external_exports.iso.datetime(),
  status: external_exports.enum(["success", "non_compliant", "failure"]),
  repository: external_exports.string().describe("The simulation\u2019s own repository (never a production WAL area)"),
  duration_seconds: external_exports.number().nonnegative().describe("Length of the write workload"),
  rate_per_second: external_exports.number().positive().describe("Heartbeat commits per second requested"),
  heartbeats: external_exports.number().int().nonnegative().describe("Heartbeats committed"),
  segments_archived: external_exports.number().int().nonnegative(),
  archive_lag_seconds: external_exports.object({ max: external_exports.number().nonnegative(), p50: external_exports.number().nonnegative() }).describe("Time since the newest archived WAL, sampled every second during the workload"),
  achieved_rpo_seconds: external_exports.number().nonnegative().describe(
    "Worst data loss: the larger of the maximum archive lag and the largest loss at a restored target"
  ),
  targets: external_exports.array(SimulationTargetSchema),
  rpo_target_minutes: external_exports.number().nonnegative(),
  rto_target_minutes: external_exports.number().nonnegative(),
  max_restore_minutes: external_exports.number().nonnegative(),
  rpo_compliant: external_exports.boolean(),
  rto_compliant: external_exports.boolean(),
  compliant: external_exports.boolean(),
  error: external_exports.string().nullable().describe("Why the simulation failed, when status is failure"),
  environment: external_exports.object({ server_version: external_exports.string(), tool_version: external_exports.string() })
});
function simulationVerdict(input) {
  const lost = Math.max(0, ...input.targets.map((t) => t.lost_seconds));
  const achieved = Math.max(input.lagMaxSeconds, lost);
  const maxRestore = Math.max(0, ...input.targets.map((t) => t.restore_seconds)) / 60;
  const rpo = achieved <= input.rpoMinutes * 60 && input.targets.every((t) => t.status === "pass");
  const rto = maxRestore <= input.rtoMinutes;
  return {
    achieved_rpo_seconds: Number(achieved.toFixed(3)),
    max_restore_minutes: Number(maxRestore.toFixed(3)),
    rpo_compliant: rpo,
    rto_compliant: rto,
    compliant: rpo && rto && input.targets.length > 0,
    status: rpo && rto && input.targets.length > 0 ? "success" : "non_compliant"
  };
}

// src/core/wal/simulate.ts
var SIMULATION_UNSET_ENV = [
  "BACKUP_ENCRYPTION",
  "BACKUP_ENCRYPTION_RECIPIENTS",
  "BACKUP_ENCRYPTION_RECIPIENTS_FILE",
  "BACKUP_ENCRYPTION_PASSPHRASE",
  "BACKUP_ENCRYPTION_PASSPHRASE_FILE"
];
var sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function simulateWalArchiving(options) {
  const log = options.log ?? silentLogger;
  const started = /* @__PURE__ */ new Date();
  const id = `sim-${compactTimestamp(started)}-${randomBytes(3).toString("hex")}`;
  const work = await mkdtemp(join(tmpdir(), "db-backup-simulate-"));
  const repository = join(work, "repository");
  let cluster;
  const base = {
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
    environment: { server_version: "unknown", tool_version: TOOL_VERSION }
  };
  try {
    await mkdir(join(repository, "wal"), { recursive: true });
    if (isRoot()) await runChild("chown", ["-R", "postgres:postgres", work]);
    const plain = SIMULATION_UNSET_ENV.map((n) => `-u ${n}`);
    const walPush = archiveCommand(options.walCommand, localLocation(repository), { envPrefix: plain });
    log.info(`simulation ${id}: scratch cluster archiving into ${repository}`);
    cluster = await startLocalCluster({
      settings: {
        wal_level: "replica",
        archive_mode: "on",
        archive_command: walPush,
        archive_timeout: `${options.archiveTimeoutSeconds}s`,
        track_commit_timestamp: "on"
      }
    });
    const conn = cluster.connection;
    base.environment.server_version = await withClient(conn, "postgres", async (c) => {
      await c.query(
        "CREATE TABLE heartbeat (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT clock_timestamp())"
      );
      return (await c.query("SELECT current_setting('server_version') AS v")).rows[0].v;
    });
    const config = ConfigSchema.parse({
      storage: repository,
      connection: { host: conn.host, port: conn.port, user: conn.user, password: conn.password },
      ...options.pgBinDir ? { pgBinDir: options.pgBinDir } : {}
    });
    const storage = new LocalStorage(repository);
    const backup = await runBaseBackup({ config, storage, log });
    log.info(
      `base backup ${backup.id}; writing ${options.ratePerSecond} heartbeats/s for ${options.durationSeconds}s`
    );
    const lags = await writeHeartbeats(cluster, options);
    base.archive_lag_seconds = {
      max: Number(Math.max(0, ...lags).toFixed(3)),
      p50: Number(([...lags].sort((a, b) => a - b)[Math.floor(lags.length / 2)] ?? 0).toFixed(3))
    };
    const heartbeats = await withClient(conn, "postgres", async (c) => {
      await c.query("SELECT pg_switch_wal()");
      const { rows } = await c.query(
        "SELECT count(*)::text AS n, min(at) AS first, max(at) AS last FROM heartbeat"
      );
      return { count: Number(rows[0].n), first: rows[0].first, last: rows[0].last };
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
        rtoMinutes: options.rtoMinutes
      })
    };
  } catch (error) {
    return {
      ...base,
      ...simulationVerdict({
        lagMaxSeconds: base.archive_lag_seconds.max,
        targets: base.targets,
        rpoMinutes: options.rpoMinutes,
        rtoMinutes: options.rtoMinutes
      }),
      status: "failure",
      compliant: false,
      error: error.message
    };
  } finally {
    await cluster?.stop();
    await rm(work, { recursive: true, force: true });
  }
}
async function writeHeartbeats(cluster, options) {
  return withClient(cluster.connection, "postgres", async (c) => {
    const lags = [];
    const end = Date.now() + options.durationSeconds * 1e3;
    const interval = 1e3 / options.ratePerSecond;
    let nextSample = Date.now() + 1e3;
    let next = Date.now();
    while (Date.now() < end) {
      await c.query("INSERT INTO heartbeat DEFAULT VALUES");
      if (Date.now() >= nextSample) {
        nextSample += 1e3;
        const { rows } = await c.query(
          "SELECT extract(epoch FROM clock_timestamp() - last_archived_time)::text AS lag FROM pg_stat_archiver"
        );
        if (rows[0].lag !== null) lags.push(Number(rows[0].lag));
      }
      next += interval;
      await sleep(Math.max(0, next - Date.now()));
    }
    return lags;
  });
}
async function waitForArchive(cluster) {
  await withClient(cluster.connection, "postgres", async (c) => {
    const { rows } = await c.query("SELECT pg_walfile_name(pg_switch_wal()) AS n");
    const closed = rows[0].n;
    for (let i = 0; i < 600; i++) {
      const s = await c.query(
        "SELECT last_archived_wal AS last FROM pg_stat_archiver"
      );
      if (s.rows[0].last && s.rows[0].last >= closed) return;
      await sleep(200);
    }
    throw new Error(`the scratch cluster did not archive ${closed} within 2 minutes`);
  });
}
async function restoreAndCheck(cluster, storage, repository, work, target, index, options, log) {
  const expected = await withClient(cluster.connection, "postgres", async (c) => {
    const { rows } = await c.query(
      "SELECT count(*)::text AS n, max(at) AS last FROM heartbeat WHERE at <= $1",
      [target]
    );
    return { count: Number(rows[0].n), last: rows[0].last };
  });
  const pgdata = join(work, `restored-${index}`);
  const port = await findFreePort();
  const started = Date.now();
  log.info(`restoring to ${target.toISOString()}`);
  await restorePitr({
    storage,
    repositoryConfig: { storage: repository },
    pgdata,
    target: { kind: "time", time: target },
    walCommand: options.walCommand,
    serverSettings: {
      port: String(port),
      unix_socket_directories: work,
      archive_mode: "off",
      listen_addresses: "127.0.0.1"
    },
    start: true,
    ...options.pgBinDir ? { pgBinDir: options.pgBinDir } : {},
    log
  });
  const restoreSeconds = (Date.now() - started) / 1e3;
  try {
    const restored = await withClient({ ...cluster.connection, port }, "postgres", async (c) => {
      const { rows } = await c.query(
        "SELECT count(*)::text AS n, max(at) AS last FROM heartbeat"
      );
      return { count: Number(rows[0].n), last: rows[0].last };
    });
    const lost = expected.last && restored.last ? Math.max(0, (expected.last.getTime() - restored.last.getTime()) / 1e3) : expected.last ? options.durationSeconds : 0;
    return {
      target_time: target.toISOString(),
      expected_heartbeats: expected.count,
      restored_heartbeats: restored.count,
      lost_seconds: Number(lost.toFixed(3)),
      restore_seconds: Number(restoreSeconds.toFixed(3)),
      status: restored.count === expected.count ? "pass" : "fail"
    };
  } finally {
    const pgCtl = join(cluster.binDir, "pg_ctl");
    const args = ["stop", "-D", pgdata, "-m", "immediate", "-w"];
    await runChild(...await asServerUser(pgCtl, args));
    await rm(pgdata, { recursive: true, force: true });
  }
}

export {
  simulateWalArchiving
};
