import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  audited
} from "./chunk-FNXWXHAP.js";
import {
  createDatabase,
  databaseExists,
  dropDatabase,
  isDatabaseEmpty,
  quoteIdent,
  serverInfo
} from "./chunk-JAX2TIU5.js";
import {
  childEnv,
  describeServer,
  withClient
} from "./chunk-MFNMZBWJ.js";
import {
  majorOf
} from "./chunk-UOJ3YZZT.js";
import {
  findPgBinaries,
  pgTool,
  selectClientFor
} from "./chunk-F257ZKBH.js";
import {
  listBackups,
  readManifest
} from "./chunk-USZDJMRJ.js";
import {
  readFromStorage,
  storedDigest
} from "./chunk-RRMRNWBX.js";
import {
  childSucceeded,
  describeFailure,
  runChild
} from "./chunk-NLUKSCYK.js";
import {
  silentLogger
} from "./chunk-6V3LCTWC.js";
import {
  decryptStreamFor
} from "./chunk-WRH3XVOP.js";
import {
  BackupNotFoundError,
  EncryptionKeyError,
  RestoreFailedError,
  RestoreTargetError,
  UsageError,
  VerificationFailedError
} from "./chunk-HSU6VSP5.js";

// src/core/restore/restore-backup.ts
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join as join3 } from "node:path";

// src/core/restore/database-properties.ts
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
async function propertiesSql(install, archivePath, workDir, signal) {
  const listed = await runChild(pgTool(install, "pg_restore"), ["--create", "--list", archivePath], {
    signal
  });
  const wanted = listed.stdout.split("\n").filter((line) => /^\d+;\s*\d+\s+\d+\s+(DATABASE PROPERTIES|DATABASE|COMMENT|ACL) - /.test(line)).filter((line) => !/ (COMMENT|ACL) - /.test(line) || / (COMMENT|ACL) - DATABASE /.test(line));
  if (wanted.length === 0) return "";
  const listFile = join(workDir, "properties.list");
  await writeFile(listFile, `${wanted.join("\n")}
`);
  const sql = await runChild(
    pgTool(install, "pg_restore"),
    ["--create", `--use-list=${listFile}`, "--file=-", archivePath],
    { signal }
  );
  return sql.stdout;
}
var escapeRegex = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
function rewriteForTarget(sql, source, target) {
  const quoted = `"${source.replace(/"/g, '""')}"`;
  const forms = [quoted, .../^[a-z_][a-z0-9_$]*$/.test(source) ? [source] : []].map(escapeRegex);
  const databaseRef = new RegExp(`(DATABASE) (?:${forms.join("|")})(?=[ ;])`, "g");
  const statements = [];
  let owner;
  for (const statement of sql.split(/;\n/).map((s) => s.trim())) {
    const lines = statement.split("\n").filter((l) => !l.startsWith("\\") && !l.startsWith("--") && l.trim() !== "");
    const text = lines.join("\n").trim();
    if (text === "" || /^(SET|SELECT) /.test(text) || /^CREATE DATABASE /.test(text)) continue;
    const ownerMatch = /^ALTER DATABASE .+ OWNER TO (.+)$/s.exec(text);
    if (ownerMatch) {
      owner = ownerMatch[1].trim();
      continue;
    }
    statements.push(`${text.replace(databaseRef, `$1 ${quoteIdent(target)}`)};`);
  }
  return { ...owner ? { owner } : {}, statements };
}
async function applyDatabaseProperties(options) {
  const { install, conn, target, log } = options;
  const sql = await propertiesSql(install, options.archivePath, options.workDir, options.signal);
  const { owner, statements } = rewriteForTarget(sql, options.source, target);
  const done = [];
  if (owner && !options.skipOwner) {
    const role = owner.replace(/^"(.*)"$/s, "$1").replace(/""/g, '"');
    const exists = await withClient(conn, "postgres", async (client) => {
      const { rows } = await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [role]);
      return rows.length > 0;
    });
    if (exists) statements.unshift(`ALTER DATABASE ${quoteIdent(target)} OWNER TO ${owner};`);
    else
      log.warn(
        `the source database's owner ${JSON.stringify(role)} does not exist here: ${target} keeps its current owner`
      );
  }
  if (statements.length === 0) return done;
  const sqlFile = join(options.workDir, "properties.sql");
  await writeFile(sqlFile, `${statements.join("\n")}
`, { mode: 384 });
  const result = await runChild(
    pgTool(install, "psql"),
    ["-X", "-q", "-v", "ON_ERROR_STOP=0", "-f", sqlFile],
    {
      env: childEnv(conn, target),
      ...options.signal ? { signal: options.signal } : {}
    }
  );
  const errors = result.stderr.split("\n").filter((line) => /ERROR:/.test(line));
  for (const error of errors)
    log.warn(`a database property was not restored: ${error.replace(/^.*ERROR:\s*/, "")}`);
  done.push(
    `database properties applied to ${JSON.stringify(target)}: ${statements.length - errors.length} of ${statements.length} statement(s)`
  );
  return done;
}

// src/core/restore/fetch-archive.ts
import { mkdir } from "node:fs/promises";
import { join as join2 } from "node:path";
async function fetchArchive(storage, manifest, object, workDir, name, keys = { identities: [], passphrases: [] }, onBytes) {
  const decrypt = manifest.encryption ? decryptStreamFor(manifest.encryption, keys) : void 0;
  const isTar = object.role === "database" && manifest.format === "directory";
  const path = join2(workDir, isTar ? `${name}.dir` : name);
  if (isTar) await mkdir(path, { mode: 448 });
  const checksumError = (stored) => new VerificationFailedError(
    `checksum mismatch for ${object.key}: stored bytes hash to ${stored.sha256.slice(0, 16)}\u2026 (${stored.size} bytes), the manifest says ${object.storedSha256.slice(0, 16)}\u2026 (${object.storedSize} bytes); nothing was restored`,
    {
      hint: "the stored backup is damaged: restore an older backup (`db-backup list`) and run `db-backup verify --all`"
    }
  );
  const matches = (d) => d.sha256 === object.storedSha256 && d.size === object.storedSize;
  let result;
  try {
    result = await readFromStorage({
      storage,
      key: object.key,
      compression: manifest.compression.algorithm,
      sink: isTar ? { kind: "process", name: "tar", command: "tar", args: ["-x", "-f", "-", "-C", path] } : { kind: "file", path },
      // pg_restore reads the file, not Node: the codec's checksum and the raw size guard the raw bytes.
      rawDigest: isTar,
      ...decrypt ? { decrypt } : {},
      ...onBytes ? { onBytes } : {}
    });
  } catch (error) {
    if (error instanceof EncryptionKeyError) throw error;
    const stored = await storedDigest(storage, object.key).catch(() => void 0);
    if (stored && !matches(stored)) throw checksumError(stored);
    throw error;
  }
  if (!matches(result.stored)) throw checksumError(result.stored);
  if (result.raw.size !== object.rawSize || result.raw.sha256 !== void 0 && object.rawSha256 !== void 0 && result.raw.sha256 !== object.rawSha256) {
    throw new VerificationFailedError(
      `decompressed ${object.key} does not match the manifest; nothing was restored`
    );
  }
  if (result.sinkResult && !childSucceeded(result.sinkResult)) {
    throw new VerificationFailedError(
      `cannot unpack ${object.key}: ${describeFailure("tar", result.sinkResult)}`
    );
  }
  return { path, rawBytes: result.raw.size, storedBytes: result.stored.size };
}

// src/core/restore/restore-backup.ts
var PROTECTED_DATABASES = ["postgres", "template0", "template1"];
async function resolveBackup(storage, request) {
  if (request.backupId && request.latest) throw new UsageError("give a backup id or --latest, not both");
  if (request.backupId) {
    const manifest = await readManifest(storage, request.backupId);
    if (manifest.kind === "base") {
      throw new UsageError(
        `${manifest.id} is a base (physical) backup: it restores into a data directory, not a database`,
        {
          hint: "use `db-backup restore --pitr --pgdata DIR --target immediate` (or another --target-\u2026)"
        }
      );
    }
    return manifest;
  }
  if (!request.latest)
    throw new UsageError("which backup? give a backup id or --latest", {
      hint: "`db-backup list` shows the ids"
    });
  const backups = (await listBackups(storage, request.database ? { database: request.database } : void 0)).filter((m) => m.kind === "logical");
  if (!request.database && request.unambiguous) {
    const names = [...new Set(backups.flatMap((m) => m.databases.map((d) => d.name)))].sort();
    if (names.length > 1) {
      throw new UsageError(`the repository holds backups of ${names.length} databases; which one's latest?`, {
        hint: `add --database NAME (one of ${names.map((n) => JSON.stringify(n)).join(", ")})`
      });
    }
  }
  const latest = backups.at(-1);
  if (!latest) {
    throw new BackupNotFoundError(
      `no complete backup${request.database ? ` of ${JSON.stringify(request.database)}` : ""} in ${storage.location}`,
      { hint: "run `db-backup backup` first, or check --storage" }
    );
  }
  return latest;
}
function pickDatabase(manifest, database) {
  if (database === void 0) {
    if (manifest.databases.length === 1) return manifest.databases[0];
    throw new UsageError(
      `backup ${manifest.id} holds ${manifest.databases.length} databases; choose one with --database`,
      {
        hint: `databases: ${manifest.databases.map((d) => JSON.stringify(d.name)).join(", ")}`
      }
    );
  }
  const entry = manifest.databases.find((d) => d.name === database);
  if (!entry)
    throw new BackupNotFoundError(
      `backup ${manifest.id} does not contain database ${JSON.stringify(database)}; it holds ${manifest.databases.map((d) => JSON.stringify(d.name)).join(", ")}`,
      {
        hint: `-d/--database names the database in the backup; to restore into a database named ${JSON.stringify(database)}, use --target-database ${JSON.stringify(database)}`
      }
    );
  return entry;
}
function dbnameConninfo(name) {
  return `dbname='${name.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}
async function restoreClient(server, manifest, pgBinDir) {
  return selectClientFor(
    Math.max(server.major, majorOf(manifest.client.pgDump)),
    await findPgBinaries({ pgBinDir }),
    pgBinDir
  );
}
async function restoreBackupUnaudited(options) {
  const { storage, conn, request } = options;
  const log = options.log ?? silentLogger;
  const started = Date.now();
  const manifest = options.manifest ?? await resolveBackup(storage, { ...request, unambiguous: true });
  const entry = pickDatabase(manifest, request.database);
  const target = request.targetDatabase ?? entry.name;
  const steps = [];
  if (PROTECTED_DATABASES.includes(target) && !request.force) {
    throw new RestoreTargetError(
      `refusing to restore into ${JSON.stringify(target)}: it is a system database`,
      {
        hint: "choose another --target-database, or pass --force if you really mean it"
      }
    );
  }
  const server = await serverInfo(conn);
  const install = await restoreClient(server, manifest, options.pgBinDir);
  const object = manifest.objects.find((o) => o.key === entry.objectKey);
  if (!object)
    throw new VerificationFailedError(`manifest of ${manifest.id} has no object ${entry.objectKey}`);
  const globals = request.noGlobals ? void 0 : manifest.objects.find((o) => o.role === "globals");
  const workDir = await mkdtemp(join3(options.workDir ?? tmpdir(), "db-backup-restore-"));
  try {
    log.info(`fetching ${object.key}`);
    options.onEvent?.({ type: "phase", operation: "restore", phase: `fetching ${object.key}` });
    const archive = await fetchArchive(
      storage,
      manifest,
      object,
      workDir,
      "archive",
      options.keys,
      (bytes) => options.onEvent?.({ type: "bytes", operation: "restore", bytes, totalBytes: object.storedSize })
    );
    steps.push(`checksum ok: ${object.key} (${archive.storedBytes} bytes stored, ${archive.rawBytes} raw)`);
    const globalsFile = globals ? await fetchArchive(storage, manifest, globals, workDir, "globals.sql", options.keys) : void 0;
    if (globalsFile) steps.push(`checksum ok: ${globals.key}`);
    const listed = await runChild(pgTool(install, "pg_restore"), ["--list", archive.path], {
      signal: options.signal
    });
    if (!childSucceeded(listed)) {
      throw new VerificationFailedError(
        `archive of ${manifest.id} is unreadable: ${describeFailure("pg_restore --list", listed)}`
      );
    }
    steps.push(
      `archive readable: ${listed.stdout.split("\n").filter((l) => /^\d+;/.test(l)).length} entries`
    );
    const fetchMs = Date.now() - started;
    const exists = await databaseExists(conn, target);
    const empty = exists ? await isDatabaseEmpty(conn, target) : true;
    if (exists && !empty && !request.clean && !request.dropExisting) {
      throw new RestoreTargetError(
        `target database ${JSON.stringify(target)} on ${describeServer(conn)} is not empty`,
        {
          hint: "pass --clean to drop and recreate its objects, --drop-existing to recreate the database, or choose another --target-database"
        }
      );
    }
    if (!exists || request.dropExisting) await assertCanCreateDatabase(conn);
    if (request.dryRun) {
      steps.push(
        exists ? `target ${JSON.stringify(target)} exists${empty ? " and is empty" : request.dropExisting ? ": would drop and recreate it" : ": would clean its objects"}` : `target ${JSON.stringify(target)} would be created`
      );
      if (globalsFile) steps.push("roles and globals would be restored first");
      steps.push(`would run pg_restore ${install.version} with ${request.jobs ?? 1} job(s)`);
      return outcome(manifest, entry, target, true, steps, archive, started, fetchMs);
    }
    if (globalsFile) {
      await restoreGlobals(install, conn, globalsFile.path, log, options.signal);
      steps.push("roles and globals restored");
    }
    if (exists && request.dropExisting) {
      await dropDatabase(conn, target, { force: true });
      steps.push(`dropped ${JSON.stringify(target)}`);
    }
    if (!exists || request.dropExisting) {
      await createDatabase(conn, target);
      steps.push(`created ${JSON.stringify(target)}`);
    }
    log.info(`restoring ${JSON.stringify(entry.name)} into ${JSON.stringify(target)}`);
    options.onEvent?.({
      type: "phase",
      operation: "restore",
      phase: `restoring into ${JSON.stringify(target)}`
    });
    if (request.schemas?.length) {
      await createSchemasIfMissing(conn, target, request.schemas);
      steps.push(`ensured schema(s) ${request.schemas.map((s) => JSON.stringify(s)).join(", ")}`);
    }
    await runPgRestore(
      install,
      conn,
      target,
      archive.path,
      request,
      exists && !empty && !!request.clean,
      options.signal,
      options.onEvent ? (table) => options.onEvent?.({ type: "table", operation: "restore", table }) : void 0
    );
    steps.push(`restored ${JSON.stringify(entry.name)} into ${JSON.stringify(target)}`);
    if (!request.noDbSettings) {
      steps.push(
        ...await applyDatabaseProperties({
          install,
          conn,
          archivePath: archive.path,
          source: entry.name,
          target,
          log,
          workDir,
          ...request.noOwner ? { skipOwner: true } : {},
          ...options.signal ? { signal: options.signal } : {}
        })
      );
    }
    return outcome(manifest, entry, target, false, steps, archive, started, fetchMs);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
function outcome(manifest, entry, target, dryRun, steps, archive, started, fetchMs) {
  const durationMs = Date.now() - started;
  return {
    fetchMs,
    restoreMs: dryRun ? 0 : durationMs - fetchMs,
    backupId: manifest.id,
    sourceDatabase: entry.name,
    targetDatabase: target,
    dryRun,
    steps,
    rawBytes: archive.rawBytes,
    storedBytes: archive.storedBytes,
    durationMs
  };
}
async function assertCanCreateDatabase(conn) {
  const allowed = await withClient(conn, "postgres", async (client) => {
    const { rows } = await client.query(
      "SELECT (rolsuper OR rolcreatedb) AS ok FROM pg_roles WHERE rolname = current_user"
    );
    return rows[0]?.ok === true;
  });
  if (!allowed) {
    throw new RestoreTargetError(`the connecting role may not create databases on ${describeServer(conn)}`, {
      hint: "grant CREATEDB to the role, or create the target database first and restore into it"
    });
  }
}
async function createSchemasIfMissing(conn, target, schemas) {
  await withClient(conn, target, async (client) => {
    for (const schema of schemas) {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${client.escapeIdentifier(schema)}`);
    }
  });
}
async function restoreGlobals(install, conn, file, log, signal) {
  const result = await runChild(pgTool(install, "psql"), ["-X", "-q", "-v", "ON_ERROR_STOP=0", "-f", file], {
    env: childEnv(conn, "postgres"),
    signal
  });
  const errors = result.stderr.split("\n").filter((line) => /ERROR:/.test(line) && !/already exists/.test(line));
  if (result.code !== 0 || errors.length > 0) {
    throw new RestoreFailedError(
      `restoring roles and globals failed:
    ${errors.slice(0, 8).join("\n    ")}`
    );
  }
  const skipped = result.stderr.split("\n").filter((l) => /already exists/.test(l)).length;
  if (skipped > 0) log.info(`${skipped} role(s) or tablespace(s) already existed and were kept`);
}
async function runPgRestore(install, conn, target, archivePath, request, clean, signal, onTable) {
  const args = [
    `--dbname=${dbnameConninfo(target)}`,
    "--exit-on-error",
    "--no-password",
    `--jobs=${request.jobs ?? 1}`
  ];
  if (clean) args.push("--clean", "--if-exists");
  if (request.noOwner) args.push("--no-owner", "--no-acl");
  for (const schema of request.schemas ?? []) args.push(`--schema=${schema}`);
  for (const table of request.tables ?? []) args.push(`--table=${table}`);
  args.push(archivePath);
  const env = childEnv(conn, target);
  if (onTable) args.splice(args.length - 1, 0, "--verbose");
  const result = await runChild(pgTool(install, "pg_restore"), args, {
    env,
    signal,
    ...onTable ? {
      onStderrLine: (line) => {
        const m = /processing data for table "([^"]+)"|creating (?:TABLE|INDEX|MATERIALIZED VIEW) "([^"]+)"/.exec(
          line
        );
        if (m) onTable(m[1] ?? m[2]);
      }
    } : {}
  });
  if (!childSucceeded(result)) {
    throw new RestoreFailedError(
      `pg_restore into ${JSON.stringify(target)} failed: ${describeFailure("pg_restore", result)}`,
      {
        hint: "the target may be partly restored: restore again with --drop-existing once the cause is fixed"
      }
    );
  }
}
async function restoreBackup(options) {
  if (!options.actor || options.request.dryRun) return restoreBackupUnaudited(options);
  const target = `${options.request.backupId ?? `latest${options.request.database ? ` of ${options.request.database}` : ""}`} -> ${options.request.targetDatabase ?? options.request.database ?? "source name"}`;
  return audited(
    options.storage,
    { actor: options.actor, operation: "restore", target },
    () => restoreBackupUnaudited(options)
  );
}

export {
  PROTECTED_DATABASES,
  resolveBackup,
  pickDatabase,
  dbnameConninfo,
  restoreClient,
  restoreBackup
};
