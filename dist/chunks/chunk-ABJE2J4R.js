import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  dumpToStorage
} from "./chunk-EHLPQTDT.js";
import {
  openRepository
} from "./chunk-MVSO23XQ.js";
import {
  readWalArea,
  walAreaEncryption
} from "./chunk-YVH2I7AV.js";
import {
  serverInfo
} from "./chunk-JAX2TIU5.js";
import {
  childEnv,
  describeServer,
  resolveConnection,
  withClient
} from "./chunk-MFNMZBWJ.js";
import {
  findPgBinaries,
  requirePgTool,
  selectClientFor
} from "./chunk-F257ZKBH.js";
import {
  TOOL_VERSION
} from "./chunk-75MW67N3.js";
import {
  writeManifest
} from "./chunk-USZDJMRJ.js";
import {
  defaultLevel,
  objectExtension
} from "./chunk-NLUKSCYK.js";
import {
  formatLsn,
  parseLsn,
  segmentName,
  segnoBeforeLsn,
  segnoOfLsn
} from "./chunk-T2VRPRXO.js";
import {
  silentLogger
} from "./chunk-6V3LCTWC.js";
import {
  baseBackupManifestKey,
  baseBackupObjectKey,
  newBackupId,
  walObjectKey
} from "./chunk-GOB2Q2UI.js";
import {
  ENCRYPTED_EXTENSION,
  assertRepositoryEncryption,
  resolveEncryption
} from "./chunk-WRH3XVOP.js";
import {
  DumpFailedError,
  EncryptionKeyError,
  UsageError
} from "./chunk-HSU6VSP5.js";

// src/core/backup/base-backup.ts
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";

// src/core/backup/tar-tap.ts
import { Transform } from "node:stream";
var BLOCK = 512;
var TarTap = class extends Transform {
  /** Captured members by name (only those asked for). */
  captured = /* @__PURE__ */ new Map();
  wanted;
  pending = Buffer.alloc(0);
  /** Bytes of the current member's data (plus padding) still to skip or capture. */
  remaining = 0;
  dataLeft = 0;
  current;
  ended = false;
  constructor(names) {
    super({ highWaterMark: 1 << 20 });
    this.wanted = new Set(names);
  }
  _transform(chunk, _enc, callback) {
    this.push(chunk);
    if (!this.ended) this.scan(chunk);
    callback();
  }
  scan(chunk) {
    let offset = 0;
    while (offset < chunk.length && !this.ended) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, chunk.length - offset);
        if (this.current && this.dataLeft > 0) {
          const data = Math.min(take, this.dataLeft);
          this.current.chunks.push(chunk.subarray(offset, offset + data));
          this.dataLeft -= data;
        }
        this.remaining -= take;
        offset += take;
        if (this.remaining === 0 && this.current) {
          this.captured.set(this.current.name, Buffer.concat(this.current.chunks));
          this.current = void 0;
        }
        continue;
      }
      const need = BLOCK - this.pending.length;
      const piece = chunk.subarray(offset, offset + need);
      this.pending = Buffer.concat([this.pending, piece]);
      offset += piece.length;
      if (this.pending.length < BLOCK) return;
      const header = this.pending;
      this.pending = Buffer.alloc(0);
      if (header.every((b) => b === 0)) {
        this.ended = true;
        return;
      }
      const size = sizeOf(header.subarray(124, 136));
      const name = header.subarray(0, 100).toString("utf8").replace(/\0.*$/s, "");
      this.remaining = Math.ceil(size / BLOCK) * BLOCK;
      this.dataLeft = size;
      this.current = this.wanted.has(name) ? { name, chunks: [] } : void 0;
      if (this.current && size === 0) {
        this.captured.set(name, Buffer.alloc(0));
        this.current = void 0;
      }
    }
  }
};
function sizeOf(field) {
  if (field[0] & 128) {
    let value = 0;
    for (let i = 1; i < field.length; i++) value = value * 256 + field[i];
    return value;
  }
  return Number.parseInt(field.toString("ascii").replace(/\0.*$/s, "").trim() || "0", 8);
}

// src/core/backup/base-backup.ts
function parseBackupLabel(label) {
  const start = /^START WAL LOCATION: ([0-9A-F]+\/[0-9A-F]+)/m.exec(label);
  const timeline = /^START TIMELINE: (\d+)/m.exec(label);
  if (!start || !parseLsn(start[1]))
    throw new DumpFailedError("pg_basebackup sent a backup_label without START WAL LOCATION");
  return { startLsn: parseLsn(start[1]), timeline: timeline ? Number(timeline[1]) : 1 };
}
function stopLsnFromBackupManifest(text) {
  const ranges = JSON.parse(text)["WAL-Ranges"] ?? [];
  const last = ranges.at(-1);
  return last ? parseLsn(last["End-LSN"]) : void 0;
}
async function runBaseBackup(options) {
  const { config, storage } = options;
  const log = options.log ?? silentLogger;
  const now = options.now ?? (() => /* @__PURE__ */ new Date());
  const conn = resolveConnection(config.connection);
  const encryption = resolveEncryption(config);
  const encryptor = encryption.encryptor;
  const [server, installs, repository] = await Promise.all([
    serverInfo(conn),
    findPgBinaries({ pgBinDir: config.pgBinDir }),
    openRepository(storage, { create: true, encryption: encryptor?.record ?? null })
  ]);
  assertRepositoryEncryption(repository, encryptor, storage.location);
  await assertWalAreaMatches(storage, repository.encryption !== null);
  const install = selectClientFor(server.major, installs, config.pgBinDir);
  const pgBasebackup = await requirePgTool(install, "pg_basebackup");
  const facts = await withClient(conn, "postgres", async (client) => {
    const { rows } = await client.query(
      `SELECT (SELECT system_identifier::text FROM pg_control_system()) AS sysid,
              current_setting('wal_segment_size') AS segsize, current_setting('archive_mode') AS archive`
    );
    const dbs = await client.query(
      "SELECT datname AS name, pg_database_size(oid)::text AS size FROM pg_database WHERE datallowconn AND NOT datistemplate ORDER BY datname"
    );
    return { ...rows[0], databases: dbs.rows };
  });
  if (facts.archive === "off") {
    throw new UsageError(
      `archive_mode is off on ${describeServer(conn)}: a base backup without archived WAL cannot be restored`,
      {
        hint: "set archive_mode = on and archive_command = 'db-backup wal-push %p' first (see the README, WAL archiving), then restart the server"
      }
    );
  }
  const segmentSize = parseSegmentSize(facts.segsize);
  const compression = {
    algorithm: config.backup.compression,
    level: config.backup.compressionLevel ?? defaultLevel(config.backup.compression)
  };
  const startedAt = now();
  const id = newBackupId("base", startedAt);
  const key = baseBackupObjectKey(
    id,
    `${objectExtension("tar", compression.algorithm)}${encryptor ? ENCRYPTED_EXTENSION : ""}`
  );
  log.info(`base backup ${id} of ${describeServer(conn)} (PostgreSQL ${server.version})`);
  const tap = new TarTap(["backup_label", "backup_manifest"]);
  const stored = await dumpToStorage({
    producer: {
      name: "pg_basebackup",
      command: pgBasebackup,
      // -X none: the archive holds the WAL; pg_basebackup waits until the backup's last segment is archived.
      args: ["-D", "-", "-Ft", "-X", "none", "-c", "fast", "--no-password", "-l", `db-backup ${id}`],
      env: childEnv(conn)
    },
    compression,
    storage,
    key,
    tap,
    ...encryptor ? { encryptor } : {}
  });
  const label = tap.captured.get("backup_label");
  if (!label) {
    await storage.delete(key);
    throw new DumpFailedError("pg_basebackup produced no backup_label; the backup was discarded", {
      hint: "the data directory may use tablespaces, which a streamed single tar cannot hold"
    });
  }
  const { startLsn, timeline } = parseBackupLabel(label.toString("utf8"));
  const backupManifestText = tap.captured.get("backup_manifest");
  let backupManifest = null;
  if (backupManifestText) {
    backupManifest = {
      key: baseBackupManifestKey(id, encryptor !== void 0),
      size: backupManifestText.length,
      sha256: createHash("sha256").update(backupManifestText).digest("hex")
    };
    const body = encryptor ? await buffer(Readable.from([backupManifestText]).pipe(encryptor.stream())) : backupManifestText;
    await storage.put(backupManifest.key, body, { ifNoneExists: true });
  }
  const stopLsn = backupManifestText && stopLsnFromBackupManifest(backupManifestText.toString("utf8")) || // Before PostgreSQL 13 there is no backup_manifest: the current position is a safe (later) stop.
  parseLsn(
    await withClient(
      conn,
      "postgres",
      async (c) => (await c.query("SELECT pg_current_wal_lsn()::text AS l")).rows[0].l
    )
  );
  const base = {
    systemIdentifier: facts.sysid,
    timeline,
    startLsn: formatLsn(startLsn),
    stopLsn: formatLsn(stopLsn),
    walSegmentSize: segmentSize,
    walStart: segmentName(timeline, segnoOfLsn(startLsn, segmentSize), segmentSize),
    walStop: segmentName(timeline, segnoBeforeLsn(stopLsn, segmentSize), segmentSize),
    backupManifest
  };
  const finishedAt = now();
  const manifest = {
    formatVersion: 1,
    id,
    kind: "base",
    databases: facts.databases.map((d) => ({
      name: d.name,
      sizeBytes: Number(d.size),
      objectKey: key,
      tables: []
    })),
    allDatabases: true,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs: finishedAt.getTime() - startedAt.getTime(),
    server: { version: server.version, versionNum: server.versionNum },
    client: { pgDump: install.version, path: install.binDir },
    tool: { name: "db-backup", version: TOOL_VERSION },
    format: "tar",
    compression,
    encryption: encryptor?.record ?? null,
    objects: [
      {
        key,
        role: "base",
        storedSize: stored.stored.size,
        storedSha256: stored.stored.sha256,
        rawSize: stored.raw.size,
        ...stored.raw.sha256 ? { rawSha256: stored.raw.sha256 } : {}
      }
    ],
    options: { schemaOnly: false, dataOnly: false, tables: [], excludeTables: [] },
    tags: config.backup.tags,
    host: describeServer(conn),
    base
  };
  await writeManifest(storage, manifest);
  if (!await storage.stat(walObjectKey(base.systemIdentifier, base.walStop, encryptor !== void 0))) {
    log.warn(
      `the WAL this backup needs (${base.walStart}..${base.walStop}) is not in ${storage.location}: check that archive_command pushes into this repository`
    );
  }
  return manifest;
}
async function assertWalAreaMatches(storage, repositoryEncrypted) {
  const area = await readWalArea(storage);
  if (!area || walAreaEncryption(area) !== null === repositoryEncrypted) return;
  throw new EncryptionKeyError(
    `the WAL archived in ${storage.location} is ${repositoryEncrypted ? "plain" : "encrypted"}, and the repository is ${repositoryEncrypted ? "encrypted" : "plain"}`,
    {
      hint: "give archive_command the same encryption settings as the backups (BACKUP_ENCRYPTION_RECIPIENTS in the server\u2019s environment), or use a new repository"
    }
  );
}
function parseSegmentSize(text) {
  const m = /^(\d+)\s*(B|kB|MB|GB)?$/.exec(text.trim());
  if (!m) throw new DumpFailedError(`cannot read wal_segment_size ${JSON.stringify(text)}`);
  const unit = { B: 1, kB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 }[m[2] ?? "B"];
  return Number(m[1]) * unit;
}

export {
  parseBackupLabel,
  stopLsnFromBackupManifest,
  runBaseBackup,
  parseSegmentSize
};
