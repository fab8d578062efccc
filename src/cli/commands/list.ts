import type { Command } from 'commander';
import { parseDuration } from '../../core/duration.ts';
import {
  latestVerification,
  latestVerifications,
  listBackupReports,
  listBackups,
  listIncompleteBackups,
  readManifest,
} from '../../core/repository/catalog.ts';
import { openRepository } from '../../core/repository/repository-config.ts';
import type { toBackupRow } from '../../core/status/summarize.ts';
import type { Storage } from '../../core/storage/types.ts';
import { createContext, type GlobalOptions } from '../context.ts';
import { formatBytes, table } from '../output.ts';

const age = (minutes: number) =>
  minutes < 90
    ? `${Math.round(minutes)}m`
    : minutes < 2880
      ? `${Math.round(minutes / 60)}h`
      : `${Math.round(minutes / 1440)}d`;

/** `list`, `show` and `status`: read-only views of the repository, each with --json. */
export function registerListCommands(program: Command): void {
  program
    .command('list')
    .description('list complete backups, oldest first (--all: failed runs and incomplete backups too)')
    .option('-d, --database <name>', 'only backups of this database')
    .option('--all', 'also failed backup runs and incomplete backups (objects without a manifest)')
    .action(async (flags: { database?: string; all?: boolean }, command: Command) => {
      const { toBackupRow } = await import('../../core/status/summarize.ts');
      const ctx = createContext(command.optsWithGlobals<GlobalOptions>());
      await openRepository(ctx.storage, { create: false });
      const now = new Date();
      const [manifests, verifications] = await Promise.all([
        listBackups(ctx.storage, flags.database ? { database: flags.database } : undefined),
        latestVerifications(ctx.storage),
      ]);
      const rows: ListRow[] = manifests.map((m) => ({
        state: 'complete' as const,
        ...toBackupRow(m, verifications.get(m.id), now),
      }));
      if (flags.all)
        rows.push(...(await otherRuns(ctx.storage, new Set(rows.map((r) => r.id)), flags.database)));
      // Complete backups keep their recorded order; other runs slot in by time.
      if (flags.all) rows.sort((a, b) => Date.parse(a.finishedAt ?? '') - Date.parse(b.finishedAt ?? ''));
      ctx.out.result(rows);
      if (rows.length === 0) return ctx.out.line(`no backups in ${ctx.storage.location}`);
      ctx.out.line(
        table(
          [
            ...(flags.all ? ['STATE'] : []),
            'ID',
            'DATABASE',
            'FINISHED',
            'AGE',
            'SIZE',
            'RATIO',
            'VERIFIED',
            'TAGS',
          ],
          rows.map((r) => [
            ...(flags.all ? [r.state] : []),
            r.id,
            r.databases.join(','),
            r.finishedAt?.replace(/\.\d+Z$/, 'Z') ?? '-',
            r.ageMinutes === undefined ? '-' : age(r.ageMinutes),
            r.storedBytes === undefined ? '-' : formatBytes(r.storedBytes),
            r.compressionRatio === null || r.compressionRatio === undefined
              ? '-'
              : `${r.compressionRatio.toFixed(1)}x`,
            r.verification ?? (r.state === 'failed' ? `failed: ${r.error ?? ''}` : 'incomplete'),
            r.tags?.join(',') ?? '',
          ]),
        ),
      );
    });

  program
    .command('show')
    .description('show the manifest of one backup')
    .argument('<id>', 'backup id')
    .action(async (id: string, _flags: unknown, command: Command) => {
      const { toBackupRow } = await import('../../core/status/summarize.ts');
      const ctx = createContext(command.optsWithGlobals<GlobalOptions>());
      const manifest = await readManifest(ctx.storage, id);
      const verification = await latestVerification(ctx.storage, id);
      ctx.out.result({ manifest, verification: verification ?? null });
      const row = toBackupRow(manifest, verification, new Date());
      ctx.out.line(`backup     ${manifest.id} (${manifest.kind}, ${manifest.format} format)`);
      ctx.out.line(
        `finished   ${manifest.finishedAt} (${age(row.ageMinutes)} ago, took ${(manifest.durationMs / 1000).toFixed(1)}s)`,
      );
      ctx.out.line(
        `server     PostgreSQL ${manifest.server.version} at ${manifest.host}; pg_dump ${manifest.client.pgDump}`,
      );
      ctx.out.line(
        `stored     ${formatBytes(row.storedBytes)} (${formatBytes(row.rawBytes)} raw, ${manifest.compression.algorithm} level ${manifest.compression.level})`,
      );
      ctx.out.line(`verified   ${row.verification}${row.verifiedAt ? ` at ${row.verifiedAt}` : ''}`);
      if (manifest.tags.length) ctx.out.line(`tags       ${manifest.tags.join(', ')}`);
      for (const db of manifest.databases) {
        const rows = db.tables.reduce((n, t) => n + t.rows, 0);
        ctx.out.line(
          `database   ${JSON.stringify(db.name)}: ${db.tables.length} tables, ${rows} rows, ${formatBytes(db.sizeBytes)} on the server`,
        );
      }
      for (const o of manifest.objects)
        ctx.out.line(`object     ${o.key}  ${formatBytes(o.storedSize)}  sha256 ${o.storedSha256}`);
    });

  program
    .command('status')
    .description('per database: the latest backup and its age against the RPO target; repository totals')
    .action(async (_flags: unknown, command: Command) => {
      const [{ repositoryStatus }, { verifyWalArchive }] = await Promise.all([
        import('../../core/status/summarize.ts'),
        import('../../core/wal/verify-archive.ts'),
      ]);
      const ctx = createContext(command.optsWithGlobals<GlobalOptions>());
      await openRepository(ctx.storage, { create: false });
      const rpo = parseDuration(ctx.config.drill.rpo);
      const rpoMinutes = 'ms' in rpo ? rpo.ms / 60_000 : 60;
      const status = await repositoryStatus(ctx.storage, { rpoMinutes });
      const wal = await verifyWalArchive(ctx.storage);
      ctx.out.result(wal.segments > 0 ? { ...status, wal } : status);
      ctx.out.line(`repository ${status.storage}`);
      if (status.databases.length === 0) ctx.out.line('no backups yet');
      for (const d of status.databases) {
        ctx.out.line(
          `${d.state.toUpperCase().padEnd(5)}  ${d.database}: latest ${d.latestBackupId}, ${age(d.ageMinutes)} old (RPO ${age(d.rpoMinutes)})${d.lastFailure ? `; the last run failed at ${d.lastFailure.at}: ${d.lastFailure.code}: ${d.lastFailure.message}` : ''}`,
        );
      }
      const t = status.totals;
      ctx.out.line(
        `${t.totalBackups} backups, ${formatBytes(t.totalSizeBytes)} total, average ${formatBytes(t.averageSizeBytes)} in ${t.averageDurationSeconds.toFixed(1)}s; ${t.backupsLast24Hours} in the last 24h, ${t.backupsLast7Days} in 7 days`,
      );
      if (wal.segments > 0) {
        ctx.out.line(
          `WAL: ${wal.segments} segments, archive lag ${wal.archiveLagSeconds}s, PITR window ${wal.window ? `${wal.window.earliest} .. ${wal.window.latest}` : 'none'}${wal.gaps.length ? `, ${wal.gaps.length} MISSING (db-backup wal verify)` : ''}`,
        );
      }
      if (status.databases.some((d) => d.state !== 'ok')) process.exitCode = 3;
    });
}

type ListRow =
  | ({ state: 'complete' } & ReturnType<typeof toBackupRow> & { error?: undefined })
  | {
      state: 'failed' | 'incomplete';
      id: string;
      databases: string[];
      finishedAt?: string;
      ageMinutes?: number;
      storedBytes?: number;
      compressionRatio?: null;
      verification?: undefined;
      tags?: string[];
      /** Why a failed run failed (`CODE: message`). */
      error?: string;
    };

/** Failed runs (from their reports) and incomplete backups (objects, no manifest) not already listed. */
async function otherRuns(storage: Storage, listed: Set<string>, database?: string): Promise<ListRow[]> {
  const [reports, incomplete] = await Promise.all([
    listBackupReports(storage),
    listIncompleteBackups(storage),
  ]);
  const failed: ListRow[] = reports
    .filter((r) => r.status === 'failed' && !listed.has(r.backupId))
    .filter((r) => database === undefined || r.databases.includes(database))
    .map((r) => ({
      state: 'failed',
      id: r.backupId,
      databases: r.databases,
      finishedAt: r.finishedAt,
      error: r.error ? `${r.error.code}: ${r.error.message.split('\n')[0]}` : 'failed',
    }));
  const seen = new Set([...listed, ...failed.map((r) => r.id)]);
  const partial: ListRow[] = incomplete
    .filter((b) => !seen.has(b.id))
    .map((b) => ({
      state: 'incomplete',
      id: b.id,
      databases: [],
      finishedAt: b.newestModified.toISOString(),
    }));
  return [...failed, ...partial];
}
