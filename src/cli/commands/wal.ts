import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.ts';
import { createContext, type GlobalOptions } from '../context.ts';
import { formatBytes } from '../output.ts';

/** `db-backup base-backup`: a physical backup (pg_basebackup) for point-in-time restore. */
export function registerBaseBackupCommand(program: Command): void {
  program
    .command('base-backup')
    .description('take a physical base backup (pg_basebackup, streamed tar) for point-in-time restore')
    .option('--compression <algorithm>', 'zstd | gzip | none (env BACKUP_COMPRESSION)')
    .action(async (flags: { compression?: string }, command: Command) => {
      const { runBaseBackup } = await import('../../core/backup/base-backup.ts');
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

/**
 * `db-backup wal verify`: gaps per timeline, the recoverable window and the archive lag; exit 3 on gaps.
 * `db-backup wal archive-command`: the archive_command line for this installation and repository.
 */
export function registerWalCommands(program: Command): void {
  const wal = program
    .command('wal')
    .description(
      'WAL archive: verify, archive-command, simulate (wal-push and wal-fetch are separate commands)',
    );
  wal
    .command('archive-command')
    .description(
      'print the postgresql.conf archive_command line for this installation: this Node and wal.js by absolute path, the repository pinned, and (local repository) a sh fast path that answers pushed-ahead files without starting Node',
    )
    .action(async (_flags: unknown, command: Command) => {
      const [{ archiveCommand, archiveCommandSetting }, { localRootOf }, { walEntryCommand }] =
        await Promise.all([
          import('../../core/wal/archive-command.ts'),
          import('../../core/storage/local-location.ts'),
          import('../../core/wal/wal-entry.ts'),
        ]);
      const globals = command.optsWithGlobals<GlobalOptions>();
      const ctx = createContext(globals);
      // A --config given here holds settings the server's calls need too (S3 endpoint, encryption, ...).
      const archive = archiveCommand(walEntryCommand(), ctx.storage.location, {
        ...(globals.config ? { configFile: resolve(globals.config) } : {}),
      });
      const setting = archiveCommandSetting(archive);
      ctx.out.result({
        archiveCommand: archive,
        setting,
        fastPath: localRootOf(ctx.storage.location) !== undefined,
      });
      ctx.out.line(setting);
    });
  wal
    .command('verify')
    .description(
      'check that every WAL segment since the oldest base backup is archived; show the PITR window',
    )
    .action(async (_flags: unknown, command: Command) => {
      const { verifyWalArchive } = await import('../../core/wal/verify-archive.ts');
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
  registerWalSimulateCommand(wal);
}

/** `db-backup wal simulate`: archiving plus PITR proven on a scratch cluster; JSON report; exit 3 when not compliant. */
export function registerWalSimulateCommand(wal: Command): void {
  wal
    .command('simulate')
    .description(
      'prove WAL archiving and point-in-time restore on a scratch cluster against the RPO/RTO targets',
    )
    .option('--duration <seconds>', 'length of the heartbeat workload', '60')
    .option('--rate <n>', 'heartbeat commits per second', '10')
    .option('--targets <n>', 'random points in time to restore to', '3')
    .option('--archive-timeout <seconds>', 'archive_timeout of the scratch cluster', '5')
    .option('--rpo <duration>', 'RPO target (env BACKUP_RPO; default 60m)')
    .option('--rto <duration>', 'RTO target (env BACKUP_RTO; default 30m)')
    .option('-o, --output <file>', 'also write the JSON report here')
    .action(
      async (
        flags: {
          duration: string;
          rate: string;
          targets: string;
          archiveTimeout: string;
          rpo?: string;
          rto?: string;
          output?: string;
        },
        command: Command,
      ) => {
        const [{ parseDuration }, { simulateWalArchiving }, { walEntryCommand }] = await Promise.all([
          import('../../core/duration.ts'),
          import('../../core/wal/simulate.ts'),
          import('../../core/wal/wal-entry.ts'),
        ]);
        const ctx = createContext(command.optsWithGlobals<GlobalOptions>(), {
          drill: { ...(flags.rpo ? { rpo: flags.rpo } : {}), ...(flags.rto ? { rto: flags.rto } : {}) },
        } as never);
        const numbers = {
          duration: Number(flags.duration),
          rate: Number(flags.rate),
          targets: Number(flags.targets),
          timeout: Number(flags.archiveTimeout),
        };
        if (Object.values(numbers).some((n) => !Number.isFinite(n) || n <= 0))
          throw new UsageError('--duration, --rate, --targets and --archive-timeout take positive numbers');
        const minutes = (d: string) => (parseDuration(d) as { ms: number }).ms / 60_000;
        const report = await simulateWalArchiving({
          durationSeconds: numbers.duration,
          ratePerSecond: numbers.rate,
          targets: Math.floor(numbers.targets),
          archiveTimeoutSeconds: numbers.timeout,
          rpoMinutes: minutes(ctx.config.drill.rpo),
          rtoMinutes: minutes(ctx.config.drill.rto),
          walCommand: walEntryCommand(),
          ...(ctx.config.pgBinDir ? { pgBinDir: ctx.config.pgBinDir } : {}),
          log: ctx.out.logger,
        });
        if (flags.output) await writeFile(flags.output, `${JSON.stringify(report, null, 2)}\n`);
        ctx.out.result(report);
        ctx.out.line(`simulation ${report.simulation_id}: ${report.status}`);
        ctx.out.line(
          `  ${report.heartbeats} heartbeats, ${report.segments_archived} segments archived, archive lag max ${report.archive_lag_seconds.max}s (p50 ${report.archive_lag_seconds.p50}s)`,
        );
        for (const t of report.targets)
          ctx.out.line(
            `  ${t.status.toUpperCase()} ${t.target_time}: ${t.restored_heartbeats}/${t.expected_heartbeats} heartbeats, lost ${t.lost_seconds}s, restored in ${t.restore_seconds}s`,
          );
        ctx.out.line(
          `  achieved RPO ${report.achieved_rpo_seconds}s (target ${report.rpo_target_minutes} min), max restore ${report.max_restore_minutes} min (target ${report.rto_target_minutes} min)`,
        );
        if (report.error) ctx.out.error(`error: ${report.error}`);
        process.exitCode = report.status === 'failure' ? 1 : report.compliant ? 0 : 3;
      },
    );
}
