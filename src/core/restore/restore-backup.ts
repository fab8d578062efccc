/**
 * Restore of a logical backup into a database: fetch and check the archive first, then prepare the target
 * (create, refuse, clean or drop), restore globals (roles) before the database, then pg_restore.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DecryptKeys } from '../crypto/encryption.ts';
import {
  BackupNotFoundError,
  RestoreFailedError,
  RestoreTargetError,
  UsageError,
  VerificationFailedError,
} from '../errors.ts';
import type { EventListener } from '../events.ts';
import { type Logger, silentLogger } from '../logger.ts';
import { childSucceeded, describeFailure, runChild } from '../pipeline/child.ts';
import { findPgBinaries, type PgInstall, pgTool, selectClientFor } from '../postgres/binaries.ts';
import { childEnv, describeServer, type PgConnection, withClient } from '../postgres/connection.ts';
import {
  createDatabase,
  databaseExists,
  dropDatabase,
  isDatabaseEmpty,
  serverInfo,
} from '../postgres/server.ts';
import { audited } from '../repository/audit-log.ts';
import { listBackups, readManifest } from '../repository/catalog.ts';
import type { BackupManifest, DatabaseEntry } from '../repository/manifest.ts';
import type { Storage } from '../storage/types.ts';
import { majorOf } from '../verify/verify-backup.ts';
import { applyDatabaseProperties } from './database-properties.ts';
import { fetchArchive } from './fetch-archive.ts';

/** Databases that hold a cluster's machinery: restoring over them needs --force. */
export const PROTECTED_DATABASES = ['postgres', 'template0', 'template1'];

export interface RestoreRequest {
  /** A backup id, or undefined with `latest`. */
  backupId?: string;
  latest?: boolean;
  /** Which database of the backup (required when it holds several); also filters `latest`. */
  database?: string;
  /** Target database name; defaults to the source name. */
  targetDatabase?: string;
  clean?: boolean;
  dropExisting?: boolean;
  force?: boolean;
  dryRun?: boolean;
  schemas?: string[];
  tables?: string[];
  jobs?: number;
  /** Skip restoring roles/globals stored with --all-databases backups. */
  noGlobals?: boolean;
  /** Restore without ownership and grants (pg_restore --no-owner --no-acl), for servers without the roles. */
  noOwner?: boolean;
  /** Leave out the database-level settings, ACL, comment and owner carried by the archive (--no-db-settings). */
  noDbSettings?: boolean;
}

export interface RestoreOutcome {
  backupId: string;
  sourceDatabase: string;
  targetDatabase: string;
  dryRun: boolean;
  /** What was checked or done, in order; also the dry-run plan. */
  steps: string[];
  rawBytes: number;
  storedBytes: number;
  durationMs: number;
  /** Time spent downloading, decompressing and checking the archive. */
  fetchMs: number;
  /** Time spent in pg_restore (and globals), 0 for a dry run. */
  restoreMs: number;
}

/** The manifest a restore request names: an explicit id, or the latest complete backup (of `database`). */
export async function resolveBackup(
  storage: Storage,
  request: {
    backupId?: string;
    latest?: boolean;
    database?: string;
    /** Refuse `latest` without a database when the repository holds several (restores). */
    unambiguous?: boolean;
  },
): Promise<BackupManifest> {
  if (request.backupId && request.latest) throw new UsageError('give a backup id or --latest, not both');
  if (request.backupId) {
    const manifest = await readManifest(storage, request.backupId);
    if (manifest.kind === 'base') {
      throw new UsageError(
        `${manifest.id} is a base (physical) backup: it restores into a data directory, not a database`,
        {
          hint: 'use `db-backup restore --pitr --pgdata DIR --target immediate` (or another --target-…)',
        },
      );
    }
    return manifest;
  }
  if (!request.latest)
    throw new UsageError('which backup? give a backup id or --latest', {
      hint: '`db-backup list` shows the ids',
    });
  // Base backups restore only through --pitr: `--latest` means the latest logical backup.
  const backups = (
    await listBackups(storage, request.database ? { database: request.database } : undefined)
  ).filter((m) => m.kind === 'logical');
  if (!request.database && request.unambiguous) {
    // Never pick another database's backup silently: "latest" is ambiguous across databases.
    const names = [...new Set(backups.flatMap((m) => m.databases.map((d) => d.name)))].sort();
    if (names.length > 1) {
      throw new UsageError(`the repository holds backups of ${names.length} databases; which one's latest?`, {
        hint: `add --database NAME (one of ${names.map((n) => JSON.stringify(n)).join(', ')})`,
      });
    }
  }
  const latest = backups.at(-1);
  if (!latest) {
    throw new BackupNotFoundError(
      `no complete backup${request.database ? ` of ${JSON.stringify(request.database)}` : ''} in ${storage.location}`,
      { hint: 'run `db-backup backup` first, or check --storage' },
    );
  }
  return latest;
}

/** The database entry of `manifest` that a request means. */
export function pickDatabase(manifest: BackupManifest, database: string | undefined): DatabaseEntry {
  if (database === undefined) {
    if (manifest.databases.length === 1) return manifest.databases[0]!;
    throw new UsageError(
      `backup ${manifest.id} holds ${manifest.databases.length} databases; choose one with --database`,
      {
        hint: `databases: ${manifest.databases.map((d) => JSON.stringify(d.name)).join(', ')}`,
      },
    );
  }
  const entry = manifest.databases.find((d) => d.name === database);
  if (!entry)
    throw new BackupNotFoundError(
      `backup ${manifest.id} does not contain database ${JSON.stringify(database)}; it holds ${manifest.databases.map((d) => JSON.stringify(d.name)).join(', ')}`,
      {
        hint: `-d/--database names the database in the backup; to restore into a database named ${JSON.stringify(database)}, use --target-database ${JSON.stringify(database)}`,
      },
    );
  return entry;
}

/** A libpq connection string naming only `dbname`, safe for any database name (quotes, `=`, leading `-`). */
export function dbnameConninfo(name: string): string {
  return `dbname='${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The pg_restore install for this server and archive: same major preferred, never older than either. */
export async function restoreClient(
  server: { major: number },
  manifest: BackupManifest,
  pgBinDir?: string,
): Promise<PgInstall> {
  return selectClientFor(
    Math.max(server.major, majorOf(manifest.client.pgDump)),
    await findPgBinaries({ pgBinDir }),
    pgBinDir,
  );
}

export interface RestoreOptions {
  storage: Storage;
  conn: PgConnection;
  request: RestoreRequest;
  pgBinDir?: string;
  log?: Logger;
  workDir?: string;
  /** Aborting kills running children (pg_restore, psql) and fails the restore. */
  signal?: AbortSignal;
  /** A manifest already resolved by the caller (drills), instead of `request.backupId`/`latest`. */
  manifest?: BackupManifest;
  /** Identities and passphrases for encrypted backups (see resolveEncryption). */
  keys?: DecryptKeys;
  /** Hears progress: fetching (bytes read), restoring (the current table). */
  onEvent?: EventListener;
}

/** Restores one database of a backup into `targetDatabase` on `conn`; with `dryRun`, checks everything and changes nothing. */
async function restoreBackupUnaudited(options: RestoreOptions): Promise<RestoreOutcome> {
  const { storage, conn, request } = options;
  const log = options.log ?? silentLogger;
  const started = Date.now();
  const manifest = options.manifest ?? (await resolveBackup(storage, { ...request, unambiguous: true }));
  const entry = pickDatabase(manifest, request.database);
  const target = request.targetDatabase ?? entry.name;
  const steps: string[] = [];
  if (PROTECTED_DATABASES.includes(target) && !request.force) {
    throw new RestoreTargetError(
      `refusing to restore into ${JSON.stringify(target)}: it is a system database`,
      {
        hint: 'choose another --target-database, or pass --force if you really mean it',
      },
    );
  }
  const server = await serverInfo(conn);
  const install = await restoreClient(server, manifest, options.pgBinDir);
  const object = manifest.objects.find((o) => o.key === entry.objectKey);
  if (!object)
    throw new VerificationFailedError(`manifest of ${manifest.id} has no object ${entry.objectKey}`);
  const globals = request.noGlobals ? undefined : manifest.objects.find((o) => o.role === 'globals');

  const workDir = await mkdtemp(join(options.workDir ?? tmpdir(), 'db-backup-restore-'));
  try {
    log.info(`fetching ${object.key}`);
    options.onEvent?.({ type: 'phase', operation: 'restore', phase: `fetching ${object.key}` });
    const archive = await fetchArchive(storage, manifest, object, workDir, 'archive', options.keys, (bytes) =>
      options.onEvent?.({ type: 'bytes', operation: 'restore', bytes, totalBytes: object.storedSize }),
    );
    steps.push(`checksum ok: ${object.key} (${archive.storedBytes} bytes stored, ${archive.rawBytes} raw)`);
    const globalsFile = globals
      ? await fetchArchive(storage, manifest, globals, workDir, 'globals.sql', options.keys)
      : undefined;
    if (globalsFile) steps.push(`checksum ok: ${globals!.key}`);
    const listed = await runChild(pgTool(install, 'pg_restore'), ['--list', archive.path], {
      signal: options.signal,
    });
    if (!childSucceeded(listed)) {
      throw new VerificationFailedError(
        `archive of ${manifest.id} is unreadable: ${describeFailure('pg_restore --list', listed)}`,
      );
    }
    steps.push(
      `archive readable: ${listed.stdout.split('\n').filter((l) => /^\d+;/.test(l)).length} entries`,
    );
    const fetchMs = Date.now() - started;

    const exists = await databaseExists(conn, target);
    const empty = exists ? await isDatabaseEmpty(conn, target) : true;
    if (exists && !empty && !request.clean && !request.dropExisting) {
      throw new RestoreTargetError(
        `target database ${JSON.stringify(target)} on ${describeServer(conn)} is not empty`,
        {
          hint: 'pass --clean to drop and recreate its objects, --drop-existing to recreate the database, or choose another --target-database',
        },
      );
    }
    if (!exists || request.dropExisting) await assertCanCreateDatabase(conn);
    if (request.dryRun) {
      steps.push(
        exists
          ? `target ${JSON.stringify(target)} exists${empty ? ' and is empty' : request.dropExisting ? ': would drop and recreate it' : ': would clean its objects'}`
          : `target ${JSON.stringify(target)} would be created`,
      );
      if (globalsFile) steps.push('roles and globals would be restored first');
      steps.push(`would run pg_restore ${install.version} with ${request.jobs ?? 1} job(s)`);
      return outcome(manifest, entry, target, true, steps, archive, started, fetchMs);
    }

    if (globalsFile) {
      await restoreGlobals(install, conn, globalsFile.path, log, options.signal);
      steps.push('roles and globals restored');
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
      type: 'phase',
      operation: 'restore',
      phase: `restoring into ${JSON.stringify(target)}`,
    });
    if (request.schemas?.length) {
      await createSchemasIfMissing(conn, target, request.schemas);
      steps.push(`ensured schema(s) ${request.schemas.map((s) => JSON.stringify(s)).join(', ')}`);
    }
    await runPgRestore(
      install,
      conn,
      target,
      archive.path,
      request,
      exists && !empty && !!request.clean,
      options.signal,
      options.onEvent
        ? (table) => options.onEvent?.({ type: 'table', operation: 'restore', table })
        : undefined,
    );
    steps.push(`restored ${JSON.stringify(entry.name)} into ${JSON.stringify(target)}`);
    if (!request.noDbSettings) {
      steps.push(
        ...(await applyDatabaseProperties({
          install,
          conn,
          archivePath: archive.path,
          source: entry.name,
          target,
          log,
          workDir,
          ...(request.noOwner ? { skipOwner: true } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
        })),
      );
    }
    return outcome(manifest, entry, target, false, steps, archive, started, fetchMs);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

function outcome(
  manifest: BackupManifest,
  entry: DatabaseEntry,
  target: string,
  dryRun: boolean,
  steps: string[],
  archive: { rawBytes: number; storedBytes: number },
  started: number,
  fetchMs: number,
): RestoreOutcome {
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
    durationMs,
  };
}

async function assertCanCreateDatabase(conn: PgConnection): Promise<void> {
  const allowed = await withClient(conn, 'postgres', async (client) => {
    const { rows } = await client.query<{ ok: boolean }>(
      'SELECT (rolsuper OR rolcreatedb) AS ok FROM pg_roles WHERE rolname = current_user',
    );
    return rows[0]?.ok === true;
  });
  if (!allowed) {
    throw new RestoreTargetError(`the connecting role may not create databases on ${describeServer(conn)}`, {
      hint: 'grant CREATEDB to the role, or create the target database first and restore into it',
    });
  }
}

/**
 * pg_restore --schema restores the objects in a schema but not the schema itself, so a selective restore
 * into a fresh database would fail on its first CREATE TABLE; create the named schemas first.
 */
async function createSchemasIfMissing(conn: PgConnection, target: string, schemas: string[]): Promise<void> {
  await withClient(conn, target, async (client) => {
    for (const schema of schemas) {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${client.escapeIdentifier(schema)}`);
    }
  });
}

/** Applies a pg_dumpall --globals-only script; roles that already exist are not an error. */
async function restoreGlobals(
  install: PgInstall,
  conn: PgConnection,
  file: string,
  log: Logger,
  signal?: AbortSignal,
): Promise<void> {
  const result = await runChild(pgTool(install, 'psql'), ['-X', '-q', '-v', 'ON_ERROR_STOP=0', '-f', file], {
    env: childEnv(conn, 'postgres'),
    signal,
  });
  const errors = result.stderr
    .split('\n')
    .filter((line) => /ERROR:/.test(line) && !/already exists/.test(line));
  if (result.code !== 0 || errors.length > 0) {
    throw new RestoreFailedError(
      `restoring roles and globals failed:\n    ${errors.slice(0, 8).join('\n    ')}`,
    );
  }
  const skipped = result.stderr.split('\n').filter((l) => /already exists/.test(l)).length;
  if (skipped > 0) log.info(`${skipped} role(s) or tablespace(s) already existed and were kept`);
}

async function runPgRestore(
  install: PgInstall,
  conn: PgConnection,
  target: string,
  archivePath: string,
  request: RestoreRequest,
  clean: boolean,
  signal?: AbortSignal,
  onTable?: (table: string) => void,
): Promise<void> {
  const args = [
    `--dbname=${dbnameConninfo(target)}`,
    '--exit-on-error',
    '--no-password',
    `--jobs=${request.jobs ?? 1}`,
  ];
  if (clean) args.push('--clean', '--if-exists');
  if (request.noOwner) args.push('--no-owner', '--no-acl');
  for (const schema of request.schemas ?? []) args.push(`--schema=${schema}`);
  for (const table of request.tables ?? []) args.push(`--table=${table}`);
  args.push(archivePath);
  const env = childEnv(conn, target);
  // With a progress listener, pg_restore --verbose names each table as it loads it.
  if (onTable) args.splice(args.length - 1, 0, '--verbose');
  const result = await runChild(pgTool(install, 'pg_restore'), args, {
    env,
    signal,
    ...(onTable
      ? {
          onStderrLine: (line: string) => {
            const m =
              /processing data for table "([^"]+)"|creating (?:TABLE|INDEX|MATERIALIZED VIEW) "([^"]+)"/.exec(
                line,
              );
            if (m) onTable(m[1] ?? m[2]!);
          },
        }
      : {}),
  });
  if (!childSucceeded(result)) {
    throw new RestoreFailedError(
      `pg_restore into ${JSON.stringify(target)} failed: ${describeFailure('pg_restore', result)}`,
      {
        hint: 'the target may be partly restored: restore again with --drop-existing once the cause is fixed',
      },
    );
  }
}

/**
 * Restores one database of a backup (see RestoreOptions); with `actor`, the outcome is appended to the
 * repository's audit log.
 */
export async function restoreBackup(options: RestoreOptions & { actor?: string }): Promise<RestoreOutcome> {
  if (!options.actor || options.request.dryRun) return restoreBackupUnaudited(options);
  const target = `${options.request.backupId ?? `latest${options.request.database ? ` of ${options.request.database}` : ''}`} -> ${options.request.targetDatabase ?? options.request.database ?? 'source name'}`;
  return audited(options.storage, { actor: options.actor, operation: 'restore', target }, () =>
    restoreBackupUnaudited(options),
  );
}
