import type { Command } from 'commander';
import { runBaseBackup } from '../../core/backup/base-backup.ts';
import { verifyWalArchive } from '../../core/wal/verify-archive.ts';
import { createContext, type GlobalOptions } from '../context.ts';
import { formatBytes } from '../output.ts';

/** `db-backup base-backup`: a physical backup (pg_basebackup) for point-in-time restore. */
export function registerBaseBackupCommand(program: Command): void {
  program
    .command('base-backup')
    .description('take a physical base backup (pg_basebackup, streamed tar) for point-in-time restore')
    .option('--compression <algorithm>', 'zstd | gzip | none (env BACKUP_COMPRESSION)')
    .action(async (flags: { compression?: string }, command: Command) => {
      const ctx = createContext(command.optsWithGlobals<GlobalOptions>(), {
        backup: flags.compression ? { compression: flags.compression } : {},
      } as never);
      const manifest = await runBaseBackup({ config: ctx.config, storage: ctx.storage, log: ctx.out.logger });
      ctx.out.result(manifest);
      const o = manifest.objects[0]!;
      ctx.out.line(
        `${manifest.id}  base backup  ${formatBytes(o.storedSize)} stored (${formatBytes(o.rawSize)} raw) in ${(manifest.durationMs / 1000).toFixed(1)}s`,
      );
      ctx.out.line(
        `  WAL ${manifest.base!.walStart} .. ${manifest.base!.walStop} (LSN ${manifest.base!.startLsn} .. ${manifest.base!.stopLsn}, timeline ${manifest.base!.timeline})`,
      );
    });
}

/** `db-backup wal verify`: gaps per timeline, the recoverable window and the archive lag; exit 3 on gaps. */
export function registerWalCommands(program: Command): void {
  const wal = program
    .command('wal')
    .description('WAL archive: verify (wal-push and wal-fetch are separate commands)');
  wal
    .command('verify')
    .description(
      'check that every WAL segment since the oldest base backup is archived; show the PITR window',
    )
    .action(async (_flags: unknown, command: Command) => {
      const ctx = createContext(command.optsWithGlobals<GlobalOptions>());
      const summary = await verifyWalArchive(ctx.storage);
      ctx.out.result(summary);
      ctx.out.line(
        `WAL archive of cluster ${summary.systemIdentifier ?? '(none yet)'} in ${ctx.storage.location}`,
      );
      ctx.out.line(
        `  ${summary.segments} segments, ${summary.checkedFrom ?? '-'} .. ${summary.newestSegment ?? '-'}`,
      );
      for (const gap of summary.gaps.slice(0, 20)) ctx.out.line(`  MISSING ${gap}`);
      if (summary.gaps.length > 20) ctx.out.line(`  … ${summary.gaps.length - 20} more missing`);
      ctx.out.line(
        summary.window
          ? `  recoverable window: ${summary.window.earliest} .. ${summary.window.latest}`
          : '  recoverable window: none (needs a base backup and the WAL after it)',
      );
      if (summary.archiveLagSeconds !== null)
        ctx.out.line(`  archive lag: ${summary.archiveLagSeconds}s since the newest segment`);
      ctx.out.line(summary.ok ? 'OK' : 'NOT OK: point-in-time restore cannot pass a missing segment');
      if (!summary.ok) process.exitCode = 3;
    });
}
