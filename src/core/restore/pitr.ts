/**
 * `db-backup restore --pitr`: unpack the chosen base backup into an empty data directory, point
 * restore_command at wal-fetch (the repository named in a config file beside it, credentials only from the
 * server's environment), write the recovery target and recovery.signal, and with `start` run the server
 * until recovery has reached the target.
 */
import { existsSync } from 'node:fs';
import { appendFile, chmod, mkdir, open, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { extractBaseBackup } from '../backup/base-archive.ts';
import { type DecryptKeys, decryptStreamFor } from '../crypto/encryption.ts';
import { EncryptionKeyError, PitrTargetError, RestoreFailedError, RestoreTargetError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { silentLogger } from '../logger.ts';
import { runChild } from '../pipeline/child.ts';
import { findExecutable } from '../pipeline/find-executable.ts';
import { findPgBinaries, requirePgTool } from '../postgres/binaries.ts';
import { asServerUser, isRoot } from '../postgres/server-user.ts';
import { listBackups } from '../repository/catalog.ts';
import { walClusterPrefix, walFileNameOfKey } from '../repository/keys.ts';
import type { Storage } from '../storage/types.ts';
import { majorOf } from '../verify/verify-backup.ts';
import { PREFETCH_DIR } from '../wal/prefetch-cache.ts';
import { requireWalArea, walAreaEncryption } from '../wal/wal-area.ts';
import type { WalEntry } from '../wal/wal-entry.ts';
import { findWalGaps } from '../wal/wal-inventory.ts';
import {
  chooseBaseBackup,
  type PitrTarget,
  type RecoveryAction,
  recoverySettings,
  walHeadOf,
} from './pitr-plan.ts';
import { segmentsToPrefetch, startWalPrefetch, type WalPrefetcher } from './pitr-prefetch.ts';
import { buildRestoreCommand, localRepositoryRoot } from './pitr-restore-command.ts';

export const RESTORE_CONFIG_FILE = 'db-backup-restore.json';
export const PITR_LOG_FILE = 'db-backup-pitr.log';

export interface PitrOptions {
  storage: Storage;
  /** Repository settings for wal-fetch, without secrets (written to RESTORE_CONFIG_FILE); `storage` is required. */
  repositoryConfig: { storage: string } & Record<string, unknown>;
  pgdata: string;
  target: PitrTarget;
  action?: RecoveryAction;
  /** recovery_target_timeline: `latest` (default), `current`, or a number. */
  timeline?: string;
  backupId?: string;
  /** How PostgreSQL runs wal-fetch: absolute node and script paths. */
  walCommand: WalEntry;
  /** Extra server settings for the restored copy (port, socket directory, archive_mode, ...). */
  serverSettings?: Record<string, string>;
  start?: boolean;
  pgBinDir?: string;
  timeoutMs?: number;
  /**
   * Identities/passphrases for an encrypted repository: they open the base backup here; the WAL is opened by
   * restore_command, which reads its key from the restored server's environment.
   */
  keys?: DecryptKeys;
  log?: Logger;
  /** Stops waiting for recovery (the caller stops the server). */
  signal?: AbortSignal;
}

export interface PitrOutcome {
  backupId: string;
  pgdata: string;
  target: string;
  /** With `start`: how recovery ended. */
  recovery?: 'promoted' | 'paused' | 'shutdown';
  durationMs: number;
}

/** The repository settings wal-fetch needs, without any secret: credentials come from the server's environment. */
export function publicRepositorySettings(config: {
  storage: string;
  s3: object;
  azure: object;
}): { storage: string } & Record<string, unknown> {
  const strip = (o: object, secrets: string[]) =>
    Object.fromEntries(Object.entries(o).filter(([k, v]) => !secrets.includes(k) && v !== undefined));
  return {
    storage: config.storage,
    s3: strip(config.s3, ['accessKeyId', 'secretAccessKey', 'sessionToken']),
    azure: strip(config.azure, ['connectionString', 'key', 'sasToken']),
  };
}

/** Runs a point-in-time restore; see the module comment. */
export async function restorePitr(options: PitrOptions): Promise<PitrOutcome> {
  const started = Date.now();
  const log = options.log ?? silentLogger;
  const pgdata = resolve(options.pgdata);
  await assertEmptyDirectory(pgdata);
  const area = await requireWalArea(options.storage);
  const walFiles = (await options.storage.list(walClusterPrefix(area.systemIdentifier)))
    .map((o) => ({ name: walFileNameOfKey(o.key), storedAt: o.modified }))
    .filter((o): o is { name: string; storedAt: Date } => o.name !== undefined);
  const head = walHeadOf(walFiles, area.walSegmentSize);
  const manifest = chooseBaseBackup(
    await listBackups(options.storage),
    options.target,
    head,
    options.backupId,
  );
  const gaps = findWalGaps(
    walFiles.map((f) => f.name),
    manifest.base.walStart,
    area.walSegmentSize,
  );
  if (gaps.length > 0) {
    throw new PitrTargetError(
      `the archive misses WAL after base backup ${manifest.id}: ${gaps.slice(0, 5).join(', ')}${gaps.length > 5 ? ', …' : ''}`,
      {
        hint: 'recovery cannot pass a missing segment; run `db-backup wal verify`, or choose a target before the gap',
      },
    );
  }
  const decrypt = decryptorOf(manifest, options.keys);
  const install = (await findPgBinaries({ pgBinDir: options.pgBinDir })).find(
    (i) => i.major === majorOf(manifest.server.version),
  );
  if (options.start && !install) {
    throw new RestoreFailedError(
      `no PostgreSQL ${majorOf(manifest.server.version)} server programs to start the restored copy`,
      {
        hint: `install PostgreSQL ${majorOf(manifest.server.version)} or restore without --start`,
      },
    );
  }
  log.info(`restoring base backup ${manifest.id} into ${pgdata}`);
  await mkdir(join(pgdata, PREFETCH_DIR), { recursive: true, mode: 0o700 });
  await chmod(pgdata, 0o700);
  const root = isRoot();
  const encryptedWal = walAreaEncryption(area) !== null;
  if (root) await runChild('chown', ['-R', 'postgres:postgres', pgdata]);
  // With --start this process lives until recovery ends: it fetches the WAL recovery will ask for while the
  // server starts and replays (see pitr-prefetch.ts). Not while the base backup unpacks: zstd and tar keep
  // both cores of a small machine busy then, and the prefetch only slowed them down (measured).
  const owner = root ? await ownerOf(join(pgdata, PREFETCH_DIR)) : undefined;
  let prefetcher: WalPrefetcher | undefined;
  let recoveryStarted = () => {};
  const writesAfter = new Promise<void>((resolve) => {
    recoveryStarted = resolve;
  });
  let promoted = false;
  try {
    await extractBaseBackup(options.storage, manifest, pgdata, decrypt);
    options.signal?.throwIfAborted();
    if (options.start) {
      prefetcher = startWalPrefetch({
        storage: options.storage,
        systemIdentifier: area.systemIdentifier,
        encrypted: encryptedWal,
        keys: options.keys ?? { identities: [], passphrases: [] },
        names: segmentsToPrefetch(
          walFiles.map((f) => f.name),
          manifest.base.walStart,
        ),
        pgdata,
        ...(owner ? { owner } : {}),
        // Written only once the server has synced its data directory (measured: prefetched files written
        // during that fsync pass made it 130-190 ms slower).
        writesAfter,
        log,
      });
    }
    await mkdir(join(pgdata, 'pg_wal', 'archive_status'), { recursive: true });
    const configPath = join(pgdata, RESTORE_CONFIG_FILE);
    await writeFile(configPath, `${JSON.stringify(options.repositoryConfig, null, 2)}\n`, { mode: 0o600 });
    const storageLocation = String(options.repositoryConfig.storage);
    const localRoot = localRepositoryRoot(storageLocation);
    const zstd = localRoot ? await findExecutable('zstd') : undefined;
    const restoreCommand = buildRestoreCommand({
      walCommand: options.walCommand,
      configPath,
      storage: storageLocation,
      ...(zstd && !encryptedWal ? { zstd } : {}),
      ...(localRoot
        ? { localWalDir: join(localRoot, walClusterPrefix(area.systemIdentifier)).replace(/\/$/, '') }
        : {}),
    });
    await appendFile(
      join(pgdata, 'postgresql.auto.conf'),
      recoverySettings({
        restoreCommand,
        target: options.target,
        action: options.action ?? 'promote',
        timeline: options.timeline ?? 'latest',
        ...(options.serverSettings ? { extra: options.serverSettings } : {}),
      }),
    );
    await writeFile(join(pgdata, 'recovery.signal'), '');
    if (root) await runChild('chown', ['-R', 'postgres:postgres', pgdata]);
    const outcome: PitrOutcome = {
      backupId: manifest.id,
      pgdata,
      target: describeTarget(options.target),
      durationMs: 0,
    };
    if (options.start) {
      const pgCtl = await requirePgTool(install!, 'pg_ctl');
      outcome.recovery = await startAndAwaitRecovery(
        pgCtl,
        pgdata,
        options.action ?? 'promote',
        options.timeoutMs ?? 600_000,
        options.signal,
        recoveryStarted,
      );
      promoted = outcome.recovery === 'promoted';
    }
    outcome.durationMs = Date.now() - started;
    return outcome;
  } finally {
    recoveryStarted();
    // After promotion nothing reads the cache; paused or shut down at the target, recovery may go on later.
    if (prefetcher) await (promoted ? prefetcher.stopAndClean() : prefetcher.stop());
  }
}

/** The owner of `path` (the server's OS user, once the data directory was handed to it). */
async function ownerOf(path: string): Promise<{ uid: number; gid: number }> {
  const info = await stat(path);
  return { uid: info.uid, gid: info.gid };
}

/** The base backup's decrypting stage (undefined when plain); EncryptionKeyError before anything is written. */
function decryptorOf(
  manifest: { id: string; encryption: Parameters<typeof decryptStreamFor>[0] | null },
  keys: DecryptKeys | undefined,
) {
  if (!manifest.encryption) return undefined;
  try {
    return decryptStreamFor(manifest.encryption, keys ?? { identities: [], passphrases: [] });
  } catch (error) {
    if (!(error instanceof EncryptionKeyError)) throw error;
    throw new EncryptionKeyError(`base backup ${manifest.id}: ${error.message}; nothing was restored`, {
      hint: `${error.hint}; the restored server's restore_command (wal-fetch) needs it in its environment too`,
    });
  }
}

/** The target as PostgreSQL's setting would name it, for messages and reports. */
export function describeTarget(target: PitrTarget): string {
  switch (target.kind) {
    case 'time':
      return `time ${target.time.toISOString()}`;
    case 'lsn':
      return `lsn ${(target.lsn >> 32n).toString(16).toUpperCase()}/${(target.lsn & 0xffffffffn).toString(16).toUpperCase()}`;
    case 'xid':
      return `xid ${target.xid}`;
    case 'name':
      return `restore point ${JSON.stringify(target.name)}`;
    case 'latest':
      return 'latest (every archived WAL file)';
    default:
      return 'immediate (end of the base backup)';
  }
}

async function assertEmptyDirectory(dir: string): Promise<void> {
  const entries = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  if (entries.length > 0) {
    throw new RestoreTargetError(
      `${dir} is not empty: a point-in-time restore needs an empty data directory`,
      {
        hint: 'give --pgdata a new or empty directory (the restore never overwrites files)',
      },
    );
  }
}

async function pgCtl(pgCtlPath: string, args: string[]) {
  return runChild(...(await asServerUser(pgCtlPath, args)));
}

/** Starts the restored server and waits until recovery promoted, paused or shut down at the target. */
export async function startAndAwaitRecovery(
  pgCtlPath: string,
  pgdata: string,
  action: RecoveryAction,
  timeoutMs: number,
  signal?: AbortSignal,
  /** Called once the server log shows recovery under way (after the startup fsync of the data directory). */
  onRecoveryStarted?: () => void,
): Promise<'promoted' | 'paused' | 'shutdown'> {
  const logFile = join(pgdata, PITR_LOG_FILE);
  const logTail = async () =>
    (await readFile(logFile, 'utf8').catch(() => '')).trim().split('\n').slice(-15).join('\n');
  const deadline = Date.now() + timeoutMs;
  // Polled often (promotion is noticed within ~25 ms), so only the bytes the server added are read each time.
  let text = '';
  let offset = 0;
  const readNew = async () => {
    const handle = await open(logFile, 'r').catch(() => undefined);
    if (!handle) return;
    try {
      const { size } = await handle.stat();
      if (size <= offset) return;
      const chunk = Buffer.alloc(size - offset);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, offset);
      offset += bytesRead;
      text += chunk.subarray(0, bytesRead).toString('utf8');
    } finally {
      await handle.close();
    }
  };
  const recoveryUnderWay = () => {
    if (onRecoveryStarted && /starting (point-in-time|archive) recovery|redo starts/.test(text)) {
      onRecoveryStarted();
      onRecoveryStarted = undefined;
    }
  };
  let pgCtlReturned = false;
  const starting = pgCtl(pgCtlPath, [
    'start',
    '-D',
    pgdata,
    '-l',
    logFile,
    '-w',
    '-t',
    String(Math.ceil(timeoutMs / 1000)),
  ]).finally(() => {
    pgCtlReturned = true;
  });
  // pg_ctl -w returns once the server takes connections; recovery starts well before that.
  while (onRecoveryStarted && !pgCtlReturned) {
    await readNew();
    recoveryUnderWay();
    await new Promise((r) => setTimeout(r, 25));
  }
  const started = await starting;
  for (;;) {
    signal?.throwIfAborted();
    await readNew();
    recoveryUnderWay();
    if (/recovery ended before configured recovery target was reached/.test(text)) {
      throw new PitrTargetError(
        'recovery ended before the target was reached: the archive does not hold WAL up to it',
        {
          hint: `see ${logFile}; choose an earlier target (db-backup wal verify shows the window)`,
        },
      );
    }
    const running = await postmasterRunning(pgdata);
    if (
      running &&
      !existsSync(join(pgdata, 'recovery.signal')) &&
      /database system is ready to accept connections/.test(text)
    )
      return 'promoted';
    if (action === 'pause' && /pausing at the end of recovery/.test(text)) return 'paused';
    if (
      action === 'shutdown' &&
      !running &&
      /shutdown at recovery target|database system is shut down/.test(text)
    )
      return 'shutdown';
    if (!running && (started.code !== 0 || /FATAL|PANIC/.test(text))) {
      throw new RestoreFailedError(`the restored server stopped during recovery:\n${await logTail()}`, {
        hint: `see ${logFile}`,
      });
    }
    if (Date.now() > deadline) {
      throw new RestoreFailedError(
        `recovery did not finish within ${Math.round(timeoutMs / 1000)} s:\n${await logTail()}`,
      );
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Whether the data directory's postmaster is alive: its pid file names a live process (no pg_ctl spawn per poll). */
async function postmasterRunning(pgdata: string): Promise<boolean> {
  const pid = Number((await readFile(join(pgdata, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, owned by another user (postgres) while we are not root.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
