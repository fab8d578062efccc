import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { urlHasPassword } from '../../core/config/load-config.ts';
import { exitCodeFor, exitCodeForDrill, UsageError } from '../../core/errors.ts';
import { redact } from '../../core/redact.ts';
import { openRepository } from '../../core/repository/repository-config.ts';
import { createContext, type GlobalOptions, intFlag } from '../context.ts';
import { formatMinutes } from '../output.ts';

interface DrillFlags {
  database?: string;
  backup?: string;
  rpo?: string;
  rto?: string;
  scratch?: string;
  scratchUrl?: string;
  keepScratch?: boolean;
  reportFile?: string;
  markdownFile?: string;
  jobs?: string;
  minSize?: string;
  pitr?: boolean;
  targetTime?: string;
}

/** Usage errors of the point-in-time flags, before anything runs. */
async function checkPitrFlags(flags: DrillFlags): Promise<void> {
  if (flags.targetTime !== undefined && !flags.pitr)
    throw new UsageError('--target-time needs --pitr', {
      hint: 'db-backup drill --pitr --target-time 2026-11-22T14:05:00Z (or random)',
    });
  if (!flags.pitr) return;
  const logicalOnly = (['scratch', 'scratchUrl', 'keepScratch', 'jobs', 'minSize'] as const).filter(
    (name) => flags[name] !== undefined,
  );
  if (logicalOnly.length > 0)
    throw new UsageError(
      `--pitr restores into its own throwaway cluster: ${logicalOnly.map((n) => `--${n.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')} do not apply`,
      { hint: 'drop those flags, or drill a logical backup without --pitr' },
    );
  if (flags.targetTime !== undefined && flags.targetTime !== 'random')
    (await import('../../core/restore/pitr-plan.ts')).parsePitrTarget({ time: flags.targetTime });
}

/** `db-backup drill` and `db-backup drill history`. */
export function registerDrillCommand(program: Command): void {
  const drill = program
    .command('drill')
    .description('restore a backup into a scratch database, check it, and report RPO/RTO compliance')
    .option('-d, --database <name>', 'drill the latest backup of this database')
    .option('--backup <id>', 'drill this backup instead of the latest')
    .option('--rpo <duration>', 'RPO target, e.g. 60m (env BACKUP_RPO; default 60m)')
    .option('--rto <duration>', 'RTO target, e.g. 30m (env BACKUP_RTO; default 30m)')
    .option(
      '--scratch <where>',
      'same (server) | local (throwaway cluster) | postgres://... (env BACKUP_DRILL_SCRATCH)',
    )
    .option(
      '--scratch-url <url>',
      'restore on another server (no password here: put a password-bearing URL in env BACKUP_DRILL_SCRATCH_URL or _FILE)',
    )
    .option('--keep-scratch', 'keep the scratch database for inspection')
    .option(
      '--min-size <bytes>',
      'fail the drill when the backup stores fewer bytes (env BACKUP_MIN_SIZE_BYTES)',
    )
    .option('-j, --jobs <n>', 'parallel pg_restore jobs (env BACKUP_RESTORE_JOBS; default: CPUs, at most 4)')
    .option(
      '--report-file <path>',
      'also write the JSON report here (default restore-tests/monthly_drill_<ts>.json)',
    )
    .option('--markdown-file <path>', 'write the Markdown rendering here (e.g. $GITHUB_STEP_SUMMARY)')
    .option(
      '--pitr',
      'drill a point-in-time restore: base backup + archived WAL into a throwaway local cluster',
    )
    .option(
      '--target-time <time|random>',
      'with --pitr: recover to this time, or to a random time inside the recoverable window (default: all archived WAL)',
    )
    .action(async (flags: DrillFlags, command: Command) => {
      const [
        { saveDrillReport },
        { runRestoreDrill },
        { runPitrDrillAudited },
        { renderDrillMarkdown },
        { walEntryCommand },
      ] = await Promise.all([
        import('../../core/drill/drill-reports.ts'),
        import('../../core/drill/run-drill.ts'),
        import('../../core/drill/run-pitr-drill.ts'),
        import('../../core/report/drill-report.ts'),
        import('../../core/wal/wal-entry.ts'),
      ]);
      await checkPitrFlags(flags);
      const scratchFlag = flags.scratchUrl ?? flags.scratch;
      if (scratchFlag && urlHasPassword(scratchFlag)) {
        throw new UsageError('the scratch URL on the command line contains a password', {
          hint: 'process arguments are visible to every user of the machine: put the URL in BACKUP_DRILL_SCRATCH_URL or BACKUP_DRILL_SCRATCH_URL_FILE (or `drill.scratch` in the config file), then change that password',
        });
      }
      const drillConfig: Record<string, unknown> = {};
      if (flags.rpo) drillConfig.rpo = flags.rpo;
      if (flags.rto) drillConfig.rto = flags.rto;
      if (scratchFlag) drillConfig.scratch = scratchFlag;
      if (flags.keepScratch) drillConfig.keepScratch = true;
      const ctx = createContext(command.optsWithGlobals<GlobalOptions>(), {
        drill: drillConfig,
        restore: flags.jobs ? { jobs: intFlag(flags.jobs) } : {},
        ...(flags.minSize ? { daemon: { minSizeBytes: intFlag(flags.minSize) } } : {}),
      } as never);
      await openRepository(ctx.storage, { create: false });
      {
        const report = flags.pitr
          ? await runPitrDrillAudited({
              config: ctx.config,
              storage: ctx.storage,
              log: ctx.out.logger,
              signal: ctx.signal,
              actor: 'cli',
              walCommand: walEntryCommand(),
              request: {
                ...(flags.database ? { database: flags.database } : {}),
                ...(flags.backup ? { backupId: flags.backup } : {}),
                ...(flags.targetTime ? { targetTime: flags.targetTime } : {}),
              },
            })
          : await runRestoreDrill({
              config: ctx.config,
              storage: ctx.storage,
              log: ctx.out.logger,
              signal: ctx.signal,
              actor: 'cli',
              onEvent: ctx.progress.listener,
              request: { database: flags.database, backupId: flags.backup },
            });
        ctx.progress.finish();
        const saved = await saveDrillReport(
          ctx.config,
          ctx.storage,
          report,
          flags.reportFile,
          ctx.out.logger,
        );
        if (flags.markdownFile)
          await writeFile(flags.markdownFile, redact(renderDrillMarkdown(report)), { flag: 'a' });
        ctx.out.result({ report, reportKey: saved.key, reportFile: saved.file ?? null });
        ctx.out.line(
          `drill ${report.status.toUpperCase()}: ${report.backup_id ?? 'no backup'} — RPO ${formatMinutes(report.backup_age_minutes)}/${formatMinutes(report.rpo_target_minutes)} min ${report.rpo_compliant ? 'ok' : 'BREACHED'}, RTO ${formatMinutes(report.restore_duration_minutes)}/${formatMinutes(report.rto_target_minutes)} min ${report.rto_compliant ? 'ok' : 'BREACHED'}`,
        );
        for (const check of report.checks.filter(
          (c) => c.status !== 'pass' || ctx.config.logLevel === 'debug',
        )) {
          ctx.out.line(`  ${check.status.toUpperCase()}  ${check.name}: ${check.details}`);
        }
        const passed = report.checks.filter((c) => c.status === 'pass').length;
        const skipped = report.checks.filter((c) => c.status === 'skip').length;
        ctx.out.line(
          `  ${passed}/${report.checks.length} checks passed${skipped ? `, ${skipped} skipped` : ''}; ${report.scratch.location === 'not opened' ? 'no scratch database was created' : `scratch ${report.scratch.database} ${report.scratch.dropped ? 'dropped' : 'kept'}`}`,
        );
        if (report.error) {
          ctx.out.line(`  error [${report.error.code}]: ${report.error.message}`);
          if (report.error.hint) ctx.out.line(`  hint: ${report.error.hint}`);
        }
        ctx.out.line(`report: ${saved.file ?? saved.key}`);
        process.exitCode = ctx.signal.aborted
          ? exitCodeFor(ctx.signal.reason)
          : exitCodeForDrill(
              report.status,
              report.checks.some((c) => c.status === 'fail'),
            );
      }
    });

  drill
    .command('history')
    .description('past drills with RTO trend and compliance rate')
    .option('-d, --database <name>', 'only drills of this database')
    .action(async (flags: { database?: string }, command: Command) => {
      const { listDrillReports, summarizeDrills } = await import('../../core/drill/drill-reports.ts');
      const ctx = createContext(command.optsWithGlobals<GlobalOptions>());
      // `drill` itself has -d too: commander hands `drill history -d X` to the parent, so read both.
      const database = flags.database ?? command.parent?.opts<{ database?: string }>().database;
      const history = summarizeDrills(await listDrillReports(ctx.storage), database);
      ctx.out.result(history);
      if (history.total === 0) return ctx.out.line('no drills yet: run `db-backup drill`');
      for (const d of history.drills) {
        ctx.out.line(
          `${d.drillTimestamp}  ${d.status.padEnd(13)}  ${d.database ?? '-'}  ${d.backupId ?? '-'}  RPO ${formatMinutes(d.backupAgeMinutes)} min  RTO ${formatMinutes(d.restoreDurationMinutes)} min`,
        );
      }
      ctx.out.line(
        `${history.compliant}/${history.total} compliant (${((history.complianceRate ?? 0) * 100).toFixed(0)}%); RTO trend ${history.rtoTrendMinutes.map((v) => v.toFixed(2)).join(' → ')}${history.rtoChangeMinutes === null ? '' : ` (median change ${history.rtoChangeMinutes >= 0 ? '+' : ''}${history.rtoChangeMinutes.toFixed(2)} min)`}`,
      );
    });
}
