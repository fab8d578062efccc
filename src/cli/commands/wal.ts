import type { Command } from 'commander';
import { runBaseBackup } from '../../core/backup/base-backup.ts';
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
