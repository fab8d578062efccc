import type { Command } from 'commander';
import type { ConfigInput } from '../../core/config/schema.ts';
import { createContext, type GlobalOptions, intFlag } from '../context.ts';

interface PruneFlags {
  dryRun?: boolean;
  database?: string;
  force?: boolean;
  keepLast?: string;
  keepWithin?: string;
  keepHourly?: string;
  keepDaily?: string;
  keepWeekly?: string;
  keepMonthly?: string;
  keepYearly?: string;
  requireVerified?: boolean;
  timeZone?: string;
}

/** `db-backup prune [--dry-run]`: apply the retention policy (flags override the configured rules). */
export function registerPruneCommand(program: Command): void {
  program
    .command('prune')
    .description('remove backups that no retention rule keeps (see --dry-run)')
    .option('--dry-run', 'print the plan with a reason per backup; remove nothing')
    .option('-d, --database <name>', 'only backups of this database')
    .option('--force', 'prune even when the latest backup of a database failed')
    .option('--keep-last <n>', 'keep the N newest backups (env BACKUP_KEEP_LAST)')
    .option(
      '--keep-within <duration>',
      'keep backups younger than this, e.g. 30d (env BACKUP_RETENTION_DAYS)',
    )
    .option('--keep-hourly <n>', 'keep one backup for each of the last N hours')
    .option('--keep-daily <n>', 'keep one backup for each of the last N days (env BACKUP_KEEP_DAILY)')
    .option('--keep-weekly <n>', 'keep one backup for each of the last N weeks (env BACKUP_KEEP_WEEKLY)')
    .option('--keep-monthly <n>', 'keep one backup for each of the last N months (env BACKUP_KEEP_MONTHLY)')
    .option('--keep-yearly <n>', 'keep one backup for each of the last N years (env BACKUP_KEEP_YEARLY)')
    .option('--require-verified', 'only verified backups count toward the rules')
    .option('--time-zone <tz>', 'time zone of calendar rules (env BACKUP_TIMEZONE; default UTC)')
    .action(async (flags: PruneFlags, command: Command) => {
      const { applyPrune, planPrune, renderPrunePlan } = await import('../../core/retention/prune.ts');
      const retention: Record<string, unknown> = {};
      if (flags.keepLast) retention.keepLast = intFlag(flags.keepLast);
      if (flags.keepWithin) retention.keepWithin = flags.keepWithin;
      if (flags.keepHourly) retention.keepHourly = intFlag(flags.keepHourly);
      if (flags.keepDaily) retention.keepDaily = intFlag(flags.keepDaily);
      if (flags.keepWeekly) retention.keepWeekly = intFlag(flags.keepWeekly);
      if (flags.keepMonthly) retention.keepMonthly = intFlag(flags.keepMonthly);
      if (flags.keepYearly) retention.keepYearly = intFlag(flags.keepYearly);
      if (flags.requireVerified) retention.requireVerified = true;
      if (flags.timeZone) retention.timeZone = flags.timeZone;
      const ctx = createContext(command.optsWithGlobals<GlobalOptions>(), { retention } as ConfigInput);
      const plan = await planPrune(ctx.storage, ctx.config.retention, {
        now: new Date(),
        database: flags.database,
        force: flags.force,
      });
      if (flags.dryRun) {
        ctx.out.result({ dryRun: true, plan });
        ctx.out.line(renderPrunePlan(plan));
        ctx.out.line('dry run: nothing was removed');
        return;
      }
      const applied = await applyPrune(ctx.storage, plan, 'cli');
      ctx.out.result({ dryRun: false, plan, ...applied });
      ctx.out.line(renderPrunePlan(plan));
      ctx.out.line(
        `removed ${applied.removed.length} backup(s) and ${applied.garbageRemoved.length} incomplete one(s)`,
      );
    });
}
