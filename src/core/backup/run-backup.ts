/**
 * Logical backups: one backup id per database (or one for `--all-databases`, which also holds the globals),
 * each database streamed by `dumpToStorage`, the manifest written last, a backup report written either way.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import type { Config } from '../config/schema.ts';
import {
  assertRepositoryEncryption,
  ENCRYPTED_EXTENSION,
  type Encryptor,
  resolveEncryption,
} from '../crypto/encryption.ts';
import { DatabaseNotFoundError, DbBackupError, DumpFailedError, UsageError } from '../errors.ts';
import type { EventListener } from '../events.ts';
import { type Logger, silentLogger } from '../logger.ts';
import { childSucceeded, describeFailure, runChild } from '../pipeline/child.ts';
import { type CompressionSpec, defaultLevel, objectExtension } from '../pipeline/compression.ts';
import { dumpToStorage } from '../pipeline/dump-to-storage.ts';
import { findPgBinaries, type PgInstall, pgTool, selectClientFor } from '../postgres/binaries.ts';
import {
  childEnv,
  databaseFromUrl,
  describeServer,
  openClient,
  type PgConnection,
  resolveConnection,
  withClient,
} from '../postgres/connection.ts';
import {
  listDatabasesOf,
  missingDatabases,
  type ServerInfo,
  serverInfoOf,
  tableRowCounts,
} from '../postgres/server.ts';
import { redact } from '../redact.ts';
import { type BackupReport, BackupReportSchema } from '../report/backup-report.ts';
import { audited } from '../repository/audit-log.ts';
import { writeBackupReport, writeManifest } from '../repository/catalog.ts';
import { databaseObjectKey, globalsObjectKey, newBackupId } from '../repository/keys.ts';
import { acquireLock, type HeldLock } from '../repository/lock.ts';
import type { BackupManifest, DatabaseEntry, StoredObject } from '../repository/manifest.ts';
import { openRepository } from '../repository/repository-config.ts';
import type { Storage } from '../storage/types.ts';
import { TOOL_VERSION } from '../version.ts';
import { writeLocalReportCopy } from './local-report.ts';

export interface BackupOptions {
  config: Config;
  storage: Storage;
  log?: Logger;
  /** Injected clock (tests). */
  now?: () => Date;
  /** Aborting stops the running dump, stores nothing, releases the lock and rejects with the reason. */
  signal?: AbortSignal;
  /** Hears progress: a phase per database, stored bytes so far. */
  onEvent?: EventListener;
}

export interface BackupOutcome {
  manifests: BackupManifest[];
  reports: BackupReport[];
  /** Local copies of the reports written inside a local repository (paths). */
  reportFiles: string[];
}

/** The databases named for a backup (flags/config, else DATABASE_URL's), deduplicated; empty for `--all-databases`. */
function namedDatabases(config: Config): string[] {
  if (config.allDatabases) return [];
  const named =
    config.databases.length > 0 ? config.databases : [databaseFromUrl(config.connection.url)].filter(Boolean);
  return [...new Set(named as string[])];
}

/**
 * The databases a backup run covers: `--all-databases`, the configured list, or the database of DATABASE_URL;
 * checked on `client`, a session on the server.
 */
export async function selectDatabases(
  config: Config,
  conn: PgConnection,
  client: pg.Client,
): Promise<string[]> {
  if (config.allDatabases) return listDatabasesOf(client);
  const named = namedDatabases(config);
  if (named.length === 0) {
    throw new UsageError('no database to back up', {
      hint: 'pass --database NAME (repeatable), --all-databases, or a database in DATABASE_URL',
    });
  }
  const [missing] = await missingDatabases(client, named);
  if (missing !== undefined) {
    throw new DatabaseNotFoundError(
      `database ${JSON.stringify(missing)} does not exist on ${describeServer(conn)}`,
      {
        hint: 'check the name (it is case-sensitive); `psql -l` lists the databases',
      },
    );
  }
  return named;
}

/**
 * The server's version and the databases to back up. A backup of one named database (`only`) talks to that
 * database only: connecting proves it exists (a missing one fails with the same DatabaseNotFoundError), and the
 * session is kept for the dump's snapshot, one connection and its authentication fewer on every run.
 */
async function serverSideOf(
  config: Config,
  conn: PgConnection,
  only: string | undefined,
): Promise<{ server: ServerInfo; databases: string[]; session?: pg.Client }> {
  if (only === undefined) {
    return withClient(conn, 'postgres', async (client) => ({
      server: await serverInfoOf(client),
      databases: await selectDatabases(config, conn, client),
    }));
  }
  const session = await openClient(conn, only);
  try {
    return { server: await serverInfoOf(session), databases: [only], session };
  } catch (error) {
    await session.end().catch(() => undefined);
    throw error;
  }
}

/** Runs the configured backup: every selected database, each under its own lock; throws on the first failure. */
async function runBackupUnaudited(options: BackupOptions): Promise<BackupOutcome> {
  const { config, storage } = options;
  const log = options.log ?? silentLogger;
  const now = options.now ?? (() => new Date());
  const conn = resolveConnection(config.connection);
  // Independent start-up steps run together, and the server questions share one session: they are fixed
  // overhead on every backup, however small.
  const encryption = resolveEncryption(config);
  const opened = openRepository(storage, {
    create: true,
    encryption: encryption.encryptor?.record ?? null,
  });
  // With one database there is one group, whose lock can be taken while the server is being asked.
  const named = namedDatabases(config);
  const only = named.length === 1 ? named[0] : undefined;
  const settled = await Promise.allSettled([
    serverSideOf(config, conn, only),
    findPgBinaries({ pgBinDir: config.pgBinDir }),
    opened,
    only === undefined ? undefined : opened.then(() => acquireLock(storage, only)),
  ]);
  const session = settled[0].status === 'fulfilled' ? settled[0].value.session : undefined;
  // Ending a session waits for the server; the dump starts it and the run waits for it last (once).
  let sessionClosed: Promise<unknown> | undefined;
  const closeSession = () => {
    sessionClosed ??= session ? session.end().catch(() => undefined) : Promise.resolve();
    return sessionClosed;
  };
  const earlyLock = settled[3].status === 'fulfilled' ? settled[3].value : undefined;
  try {
    for (const step of settled) if (step.status === 'rejected') throw step.reason;
    const [{ server, databases }, installs, repository] = settled.map(
      (step) => (step as PromiseFulfilledResult<unknown>).value,
    ) as [Awaited<ReturnType<typeof serverSideOf>>, PgInstall[], Awaited<typeof opened>];
    assertRepositoryEncryption(repository, encryption.encryptor, storage.location);
    const install = selectClientFor(server.major, installs, config.pgBinDir);
    const compression: CompressionSpec = {
      algorithm: config.backup.compression,
      level: config.backup.compressionLevel ?? defaultLevel(config.backup.compression),
    };
    const groups = config.allDatabases
      ? [{ label: 'all', databases }]
      : databases.map((d) => ({ label: d, databases: [d] }));
    const outcome: BackupOutcome = { manifests: [], reports: [], reportFiles: [] };
    for (const group of groups) {
      const context: GroupContext = {
        ...options,
        log,
        now,
        conn,
        server,
        install,
        compression,
        group,
        ...(encryption.encryptor ? { encryptor: encryption.encryptor } : {}),
        ...(session ? { session, closeSession } : {}),
        ...(earlyLock ? { lock: earlyLock } : {}),
      };
      const { manifest, report, reportFiles } = await backupGroup(context).catch(async (error: unknown) => {
        if (!(error instanceof FailedGroup)) throw error;
        outcome.reports.push(error.report);
        outcome.reportFiles.push(...(await writeLocalReportCopy(config, storage, error.report, log)));
        throw error.cause;
      });
      outcome.manifests.push(manifest);
      outcome.reports.push(report);
      outcome.reportFiles.push(...reportFiles);
    }
    return outcome;
  } finally {
    // Ended and released already when the group ran; still held when something failed before it.
    await Promise.all([closeSession(), earlyLock?.release().catch(() => undefined)]);
  }
}

interface GroupContext extends BackupOptions {
  log: Logger;
  now: () => Date;
  conn: PgConnection;
  server: { version: string; versionNum: number; major: number };
  install: PgInstall;
  compression: CompressionSpec;
  group: { label: string; databases: string[] };
  /** Encrypts every stored object of the backup (age), when configured. */
  encryptor?: Encryptor;
  /** An open session on the (only) database, which its dump uses. */
  session?: pg.Client;
  /** Starts ending `session` once the dump no longer needs it, without waiting for the server. */
  closeSession?: () => Promise<unknown>;
  /** The group's lock, when it was taken during start-up; the group releases it. */
  lock?: HeldLock;
}

/** Carries the failure report of a group out of `backupGroup` together with the original error. */
class FailedGroup extends Error {
  readonly report: BackupReport;
  constructor(report: BackupReport, cause: unknown) {
    super('backup failed', { cause });
    this.report = report;
  }
}

async function backupGroup(
  ctx: GroupContext,
): Promise<{ manifest: BackupManifest; report: BackupReport; reportFiles: string[] }> {
  const { config, storage, log, group } = ctx;
  const startedAt = ctx.now();
  const id = newBackupId(group.label, startedAt);
  const lock = ctx.lock ?? (await acquireLock(storage, group.label));
  const objects: StoredObject[] = [];
  try {
    log.info(
      `backup ${id}: ${group.databases.map((d) => JSON.stringify(d)).join(', ')} from ${describeServer(ctx.conn)}`,
    );
    const entries: DatabaseEntry[] = [];
    if (config.allDatabases) objects.push(await dumpGlobals(ctx, id));
    const usedKeys = new Set<string>();
    for (const database of group.databases) {
      ctx.signal?.throwIfAborted();
      const { entry, object } = await dumpDatabase(ctx, id, database, usedKeys);
      entries.push(entry);
      objects.push(object);
    }
    const finishedAt = ctx.now();
    const manifest: BackupManifest = {
      formatVersion: 1,
      id,
      kind: 'logical',
      databases: entries,
      allDatabases: config.allDatabases,
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationMs: finishedAt.getTime() - startedAt.getTime(),
      server: { version: ctx.server.version, versionNum: ctx.server.versionNum },
      client: { pgDump: ctx.install.version, path: ctx.install.binDir },
      tool: { name: 'db-backup', version: TOOL_VERSION },
      format: config.backup.format,
      compression: ctx.compression,
      encryption: ctx.encryptor?.record ?? null,
      objects,
      options: {
        schemaOnly: config.backup.schemaOnly,
        dataOnly: config.backup.dataOnly,
        tables: config.backup.tables,
        excludeTables: config.backup.excludeTables,
      },
      tags: config.backup.tags,
      host: describeServer(ctx.conn),
    };
    // The manifest is the commit point: before it, the backup does not exist for anyone.
    await writeManifest(storage, manifest);
    const report = buildReport(ctx, id, startedAt, finishedAt, objects, null);
    // What follows the commit point is bookkeeping whose steps do not depend on each other: run them together.
    const [reportFiles] = await Promise.all([
      writeLocalReportCopy(config, storage, report, log),
      writeBackupReport(storage, report).catch((e: unknown) => log.warn(`backup report not stored: ${e}`)),
      lock.release().catch(() => undefined),
    ]);
    log.info(`backup ${id} complete: ${objects.reduce((n, o) => n + o.storedSize, 0)} bytes stored`);
    return { manifest, report, reportFiles };
  } catch (error) {
    for (const object of objects) await storage.delete(object.key).catch(() => undefined);
    const failedAt = ctx.now();
    const code = error instanceof DbBackupError ? error.code : 'UNEXPECTED';
    const report = buildReport(ctx, id, startedAt, failedAt, [], {
      code,
      message: redact((error as Error).message),
    });
    await writeBackupReport(storage, report).catch(() => undefined);
    throw new FailedGroup(report, error);
  } finally {
    await lock.release().catch(() => undefined);
  }
}

function buildReport(
  ctx: GroupContext,
  backupId: string,
  startedAt: Date,
  finishedAt: Date,
  objects: StoredObject[],
  error: BackupReport['error'],
): BackupReport {
  const storedBytes = objects.reduce((n, o) => n + o.storedSize, 0);
  const rawBytes = objects.reduce((n, o) => n + o.rawSize, 0);
  return BackupReportSchema.parse({
    schemaVersion: 1,
    backupId,
    status: error ? 'failed' : 'success',
    databases: ctx.group.databases,
    allDatabases: ctx.config.allDatabases,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs: finishedAt.getTime() - startedAt.getTime(),
    storedBytes,
    rawBytes,
    compressionRatio: storedBytes > 0 ? Math.round((rawBytes / storedBytes) * 100) / 100 : null,
    storage: ctx.storage.location,
    toolVersion: TOOL_VERSION,
    error,
  });
}

function pgDumpArgs(config: Config, snapshot: string, directory?: string): string[] {
  const args = directory
    ? ['--format=directory', `--jobs=${config.backup.jobs}`, `--file=${directory}`, '--compress=0']
    : ['--format=custom', '--compress=0'];
  args.push(`--snapshot=${snapshot}`, '--no-password');
  if (config.backup.schemaOnly) args.push('--schema-only');
  if (config.backup.dataOnly) args.push('--data-only');
  for (const table of config.backup.tables) args.push(`--table=${table}`);
  for (const table of config.backup.excludeTables) args.push(`--exclude-table=${table}`);
  return args;
}

interface DumpedDatabase {
  entry: DatabaseEntry;
  object: StoredObject;
}

async function dumpDatabase(
  ctx: GroupContext,
  id: string,
  database: string,
  usedKeys: Set<string>,
): Promise<DumpedDatabase> {
  const extension = `${objectExtension(
    ctx.config.backup.format === 'directory' ? 'dump.tar' : 'dump',
    ctx.compression.algorithm,
  )}${ctx.encryptor ? ENCRYPTED_EXTENSION : ''}`;
  let key = databaseObjectKey(id, database, extension);
  // Distinct names can share a slug ("Sales" and "sales"); keep their objects apart.
  for (let n = 2; usedKeys.has(key); n++) key = databaseObjectKey(id, `${database}_${n}`, extension);
  usedKeys.add(key);
  ctx.log.info(`dumping ${JSON.stringify(database)}`);
  ctx.onEvent?.({ type: 'phase', operation: 'backup', phase: `dumping ${JSON.stringify(database)}` });
  const inSession = (fn: (client: pg.Client) => Promise<DumpedDatabase>) =>
    ctx.session
      ? fn(ctx.session).finally(() => void ctx.closeSession?.())
      : withClient(ctx.conn, database, fn);
  return inSession(async (client) => {
    // One exported snapshot serves pg_dump and the row counts, so the counts describe exactly what was dumped.
    // The row counts run beside pg_dump's COPY, so parallel workers would take CPU from the dump itself. One
    // round trip: the dump waits for it. The transaction is read-only; ending the session ends it.
    const opened = (await client.query(
      'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL max_parallel_workers_per_gather = 0; SELECT pg_export_snapshot() AS s',
    )) as unknown as pg.QueryResult<{ s: string }>[];
    const snapshot = opened.at(-1)!.rows[0]!.s;
    const dump =
      ctx.config.backup.format === 'directory'
        ? dumpDirectoryFormat(ctx, database, snapshot, key)
        : dumpToStorage({
            producer: {
              name: 'pg_dump',
              command: pgTool(ctx.install, 'pg_dump'),
              args: pgDumpArgs(ctx.config, snapshot),
              env: childEnv(ctx.conn, database),
            },
            compression: ctx.compression,
            storage: ctx.storage,
            key,
            ...(ctx.encryptor ? { encryptor: ctx.encryptor } : {}),
            ...dumpLimits(ctx),
          });
    const counted = ctx.config.backup.schemaOnly ? Promise.resolve([]) : tableRowCounts(client);
    // Wait for all three: when the server goes away, pg_dump's own message explains it best, so it wins over
    // the counting connection's "terminated unexpectedly", whichever noticed first.
    const [dumped, countedRows, sized] = await Promise.allSettled([dump, counted, databaseSizeOf(client)]);
    if (dumped.status === 'rejected') throw dumped.reason;
    // The object is stored but its backup cannot be described: remove it now rather than leave garbage.
    if (countedRows.status === 'rejected' || sized.status === 'rejected') {
      await ctx.storage.delete(key).catch(() => undefined);
    }
    if (countedRows.status === 'rejected') {
      throw new DumpFailedError(
        `counting rows of ${JSON.stringify(database)} failed: ${(countedRows.reason as Error).message}`,
      );
    }
    if (sized.status === 'rejected') throw sized.reason;
    const [result, tables, sizeBytes] = [dumped.value, countedRows.value, sized.value];
    return {
      entry: { name: database, sizeBytes, objectKey: key, tables },
      object: {
        key,
        role: 'database',
        database,
        storedSize: result.stored.size,
        storedSha256: result.stored.sha256,
        rawSize: result.raw.size,
        ...(result.raw.sha256 ? { rawSha256: result.raw.sha256 } : {}),
      },
    };
  });
}

/**
 * Parallel dumps (`--format directory --jobs N`) cannot stream: pg_dump writes one file per table. They go to a
 * private temp directory, then stream as a tar archive through the same compress-hash-store pipeline.
 */
async function dumpDirectoryFormat(ctx: GroupContext, database: string, snapshot: string, key: string) {
  const workDir = await mkdtemp(join(tmpdir(), 'db-backup-dump-'));
  const dumpDir = join(workDir, 'dump');
  try {
    const pgDump = await runChild(pgTool(ctx.install, 'pg_dump'), pgDumpArgs(ctx.config, snapshot, dumpDir), {
      env: childEnv(ctx.conn, database),
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
    ctx.signal?.throwIfAborted();
    if (!childSucceeded(pgDump)) throw new DumpFailedError(describeFailure('pg_dump', pgDump));
    return await dumpToStorage({
      producer: { name: 'tar', command: 'tar', args: ['-C', dumpDir, '-cf', '-', '.'] },
      compression: ctx.compression,
      storage: ctx.storage,
      key,
      ...(ctx.encryptor ? { encryptor: ctx.encryptor } : {}),
      ...dumpLimits(ctx),
    });
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** Abort signal and size limit of every dump of a backup. */
function dumpLimits(ctx: GroupContext): {
  signal?: AbortSignal;
  maxStoredBytes?: number;
  onBytes?: (bytes: number) => void;
} {
  const maxMb = ctx.config.daemon.maxSizeMb;
  const onEvent = ctx.onEvent;
  return {
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    ...(onEvent
      ? { onBytes: (bytes: number) => onEvent({ type: 'bytes', operation: 'backup', bytes }) }
      : {}),
    ...(maxMb !== undefined ? { maxStoredBytes: Math.round(maxMb * 1_048_576) } : {}),
  };
}

async function databaseSizeOf(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ size: string }>(
    'SELECT pg_database_size(current_database())::text AS size',
  );
  return Number(rows[0]!.size);
}

async function dumpGlobals(ctx: GroupContext, id: string): Promise<StoredObject> {
  const key = globalsObjectKey(
    id,
    `${objectExtension('sql', ctx.compression.algorithm)}${ctx.encryptor ? ENCRYPTED_EXTENSION : ''}`,
  );
  ctx.log.info('dumping roles and other globals');
  const result = await dumpToStorage({
    producer: {
      name: 'pg_dumpall',
      command: pgTool(ctx.install, 'pg_dumpall'),
      args: ['--globals-only', '--no-password'],
      env: childEnv(ctx.conn, 'postgres'),
    },
    compression: ctx.compression,
    storage: ctx.storage,
    key,
    ...(ctx.encryptor ? { encryptor: ctx.encryptor } : {}),
    ...dumpLimits(ctx),
  });
  return {
    key,
    role: 'globals',
    storedSize: result.stored.size,
    storedSha256: result.stored.sha256,
    rawSize: result.raw.size,
    ...(result.raw.sha256 ? { rawSha256: result.raw.sha256 } : {}),
  };
}

/**
 * Runs the configured backup (see runBackupUnaudited); with `actor`, the outcome is appended to the
 * repository's audit log.
 */
export async function runBackup(options: BackupOptions & { actor?: string }): Promise<BackupOutcome> {
  if (!options.actor) return runBackupUnaudited(options);
  const target = options.config.allDatabases
    ? 'all databases'
    : options.config.databases.join(',') || 'DATABASE_URL';
  return audited(
    options.storage,
    { actor: options.actor, operation: 'backup', target },
    () => runBackupUnaudited(options),
    (outcome) => outcome.manifests.map((m) => m.id).join(', '),
  );
}
