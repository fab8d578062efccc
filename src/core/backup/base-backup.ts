/**
 * `db-backup base-backup`: a physical backup for point-in-time restore. `pg_basebackup -Ft -D - -X none`
 * streams the data directory as one tar through the backup pipeline (compress → hash → storage.put); the WAL
 * it needs comes from the archive wal-push fills. A tap on the raw stream keeps `backup_label` (start LSN,
 * timeline) and `backup_manifest` (stop LSN; stored beside the tar so `verify` can check the files).
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import type { Config } from '../config/schema.ts';
import { assertRepositoryEncryption, ENCRYPTED_EXTENSION, resolveEncryption } from '../crypto/encryption.ts';
import { DumpFailedError, EncryptionKeyError, UsageError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { silentLogger } from '../logger.ts';
import { type CompressionSpec, defaultLevel, objectExtension } from '../pipeline/compression.ts';
import { dumpToStorage } from '../pipeline/dump-to-storage.ts';
import { findPgBinaries, requirePgTool, selectClientFor } from '../postgres/binaries.ts';
import { childEnv, describeServer, resolveConnection, withClient } from '../postgres/connection.ts';
import { serverInfo } from '../postgres/server.ts';
import { writeManifest } from '../repository/catalog.ts';
import { baseBackupManifestKey, baseBackupObjectKey, newBackupId, walObjectKey } from '../repository/keys.ts';
import type { BackupManifest, BaseBackupInfo } from '../repository/manifest.ts';
import { openRepository } from '../repository/repository-config.ts';
import type { Storage } from '../storage/types.ts';
import { TOOL_VERSION } from '../version.ts';
import { readWalArea, walAreaEncryption } from '../wal/wal-area.ts';
import { formatLsn, parseLsn, segmentName, segnoBeforeLsn, segnoOfLsn } from '../wal/wal-names.ts';
import { TarTap } from './tar-tap.ts';

export interface BaseBackupOptions {
  config: Config;
  storage: Storage;
  log?: Logger;
  now?: () => Date;
}

/** Facts from `backup_label` and `backup_manifest` (the latter absent before PostgreSQL 13). */
export function parseBackupLabel(label: string): { startLsn: bigint; timeline: number } {
  const start = /^START WAL LOCATION: ([0-9A-F]+\/[0-9A-F]+)/m.exec(label);
  const timeline = /^START TIMELINE: (\d+)/m.exec(label);
  if (!start || !parseLsn(start[1]!))
    throw new DumpFailedError('pg_basebackup sent a backup_label without START WAL LOCATION');
  return { startLsn: parseLsn(start[1]!)!, timeline: timeline ? Number(timeline[1]) : 1 };
}

/** The end of the WAL range PostgreSQL's backup_manifest records (its last `End-LSN`). */
export function stopLsnFromBackupManifest(text: string): bigint | undefined {
  const ranges = (JSON.parse(text) as { 'WAL-Ranges'?: { 'End-LSN': string }[] })['WAL-Ranges'] ?? [];
  const last = ranges.at(-1);
  return last ? parseLsn(last['End-LSN']) : undefined;
}

/** Takes one base backup and writes its manifest last; returns the manifest. */
export async function runBaseBackup(options: BaseBackupOptions): Promise<BackupManifest> {
  const { config, storage } = options;
  const log = options.log ?? silentLogger;
  const now = options.now ?? (() => new Date());
  const conn = resolveConnection(config.connection);
  const encryption = resolveEncryption(config);
  const encryptor = encryption.encryptor;
  const [server, installs, repository] = await Promise.all([
    serverInfo(conn),
    findPgBinaries({ pgBinDir: config.pgBinDir }),
    openRepository(storage, { create: true, encryption: encryptor?.record ?? null }),
  ]);
  assertRepositoryEncryption(repository, encryptor, storage.location);
  await assertWalAreaMatches(storage, repository.encryption !== null);
  const install = selectClientFor(server.major, installs, config.pgBinDir);
  const pgBasebackup = await requirePgTool(install, 'pg_basebackup');
  const facts = await withClient(conn, 'postgres', async (client) => {
    const { rows } = await client.query<{ sysid: string; segsize: string; archive: string }>(
      `SELECT (SELECT system_identifier::text FROM pg_control_system()) AS sysid,
              current_setting('wal_segment_size') AS segsize, current_setting('archive_mode') AS archive`,
    );
    const dbs = await client.query<{ name: string; size: string }>(
      'SELECT datname AS name, pg_database_size(oid)::text AS size FROM pg_database WHERE datallowconn AND NOT datistemplate ORDER BY datname',
    );
    return { ...rows[0]!, databases: dbs.rows };
  });
  if (facts.archive === 'off') {
    throw new UsageError(
      `archive_mode is off on ${describeServer(conn)}: a base backup without archived WAL cannot be restored`,
      {
        hint: "set archive_mode = on and archive_command = 'db-backup wal-push %p' first (see the README, WAL archiving), then restart the server",
      },
    );
  }
  const segmentSize = parseSegmentSize(facts.segsize);
  const compression: CompressionSpec = {
    algorithm: config.backup.compression,
    level: config.backup.compressionLevel ?? defaultLevel(config.backup.compression),
  };
  const startedAt = now();
  const id = newBackupId('base', startedAt);
  const key = baseBackupObjectKey(
    id,
    `${objectExtension('tar', compression.algorithm)}${encryptor ? ENCRYPTED_EXTENSION : ''}`,
  );
  log.info(`base backup ${id} of ${describeServer(conn)} (PostgreSQL ${server.version})`);
  const tap = new TarTap(['backup_label', 'backup_manifest']);
  const stored = await dumpToStorage({
    producer: {
      name: 'pg_basebackup',
      command: pgBasebackup,
      // -X none: the archive holds the WAL; pg_basebackup waits until the backup's last segment is archived.
      args: ['-D', '-', '-Ft', '-X', 'none', '-c', 'fast', '--no-password', '-l', `db-backup ${id}`],
      env: childEnv(conn),
    },
    compression,
    storage,
    key,
    tap,
    ...(encryptor ? { encryptor } : {}),
  });
  const label = tap.captured.get('backup_label');
  if (!label) {
    await storage.delete(key);
    throw new DumpFailedError('pg_basebackup produced no backup_label; the backup was discarded', {
      hint: 'the data directory may use tablespaces, which a streamed single tar cannot hold',
    });
  }
  const { startLsn, timeline } = parseBackupLabel(label.toString('utf8'));
  const backupManifestText = tap.captured.get('backup_manifest');
  let backupManifest: BaseBackupInfo['backupManifest'] = null;
  if (backupManifestText) {
    // size and sha256 are the plain text's: a reader checks them after decrypting.
    backupManifest = {
      key: baseBackupManifestKey(id, encryptor !== undefined),
      size: backupManifestText.length,
      sha256: createHash('sha256').update(backupManifestText).digest('hex'),
    };
    const body = encryptor
      ? await buffer(Readable.from([backupManifestText]).pipe(encryptor.stream()))
      : backupManifestText;
    await storage.put(backupManifest.key, body, { ifNoneExists: true });
  }
  const stopLsn =
    (backupManifestText && stopLsnFromBackupManifest(backupManifestText.toString('utf8'))) ||
    // Before PostgreSQL 13 there is no backup_manifest: the current position is a safe (later) stop.
    parseLsn(
      await withClient(
        conn,
        'postgres',
        async (c) => (await c.query<{ l: string }>('SELECT pg_current_wal_lsn()::text AS l')).rows[0]!.l,
      ),
    )!;
  const base: BaseBackupInfo = {
    systemIdentifier: facts.sysid,
    timeline,
    startLsn: formatLsn(startLsn),
    stopLsn: formatLsn(stopLsn),
    walSegmentSize: segmentSize,
    walStart: segmentName(timeline, segnoOfLsn(startLsn, segmentSize), segmentSize),
    walStop: segmentName(timeline, segnoBeforeLsn(stopLsn, segmentSize), segmentSize),
    backupManifest,
  };
  const finishedAt = now();
  const manifest: BackupManifest = {
    formatVersion: 1,
    id,
    kind: 'base',
    databases: facts.databases.map((d) => ({
      name: d.name,
      sizeBytes: Number(d.size),
      objectKey: key,
      tables: [],
    })),
    allDatabases: true,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs: finishedAt.getTime() - startedAt.getTime(),
    server: { version: server.version, versionNum: server.versionNum },
    client: { pgDump: install.version, path: install.binDir },
    tool: { name: 'db-backup', version: TOOL_VERSION },
    format: 'tar',
    compression,
    encryption: encryptor?.record ?? null,
    objects: [
      {
        key,
        role: 'base',
        storedSize: stored.stored.size,
        storedSha256: stored.stored.sha256,
        rawSize: stored.raw.size,
        ...(stored.raw.sha256 ? { rawSha256: stored.raw.sha256 } : {}),
      },
    ],
    options: { schemaOnly: false, dataOnly: false, tables: [], excludeTables: [] },
    tags: config.backup.tags,
    host: describeServer(conn),
    base,
  };
  await writeManifest(storage, manifest);
  if (!(await storage.stat(walObjectKey(base.systemIdentifier, base.walStop, encryptor !== undefined)))) {
    log.warn(
      `the WAL this backup needs (${base.walStart}..${base.walStop}) is not in ${storage.location}: check that archive_command pushes into this repository`,
    );
  }
  return manifest;
}

/**
 * The WAL archive must be encrypted exactly when the repository is: archive_command runs with its own
 * environment, and a base backup is useless without its WAL (EncryptionKeyError, exit 2, nothing written).
 */
async function assertWalAreaMatches(storage: Storage, repositoryEncrypted: boolean): Promise<void> {
  const area = await readWalArea(storage);
  if (!area || (walAreaEncryption(area) !== null) === repositoryEncrypted) return;
  throw new EncryptionKeyError(
    `the WAL archived in ${storage.location} is ${repositoryEncrypted ? 'plain' : 'encrypted'}, and the repository is ${repositoryEncrypted ? 'encrypted' : 'plain'}`,
    {
      hint: 'give archive_command the same encryption settings as the backups (BACKUP_ENCRYPTION_RECIPIENTS in the server’s environment), or use a new repository',
    },
  );
}

/** wal_segment_size as `current_setting` shows it (`16MB`, `1GB`) in bytes. */
export function parseSegmentSize(text: string): number {
  const m = /^(\d+)\s*(B|kB|MB|GB)?$/.exec(text.trim());
  if (!m) throw new DumpFailedError(`cannot read wal_segment_size ${JSON.stringify(text)}`);
  const unit = { B: 1, kB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 }[(m[2] ?? 'B') as 'B'];
  return Number(m[1]) * unit;
}
