import type { Command } from 'commander';
import { appendAudit } from '../../core/repository/audit-log.ts';
import { openRepository } from '../../core/repository/repository-config.ts';
import { createContext, type GlobalOptions } from '../context.ts';
import { table } from '../output.ts';

/** `db-backup daemon` (the sidecar) and `db-backup schedule list|enable|disable`. */
export function registerDaemonCommands(program: Command): void {
  program
    .command('daemon')
    .description('run the sidecar: schedules, health, metrics and the REST API on one port (fit to be PID 1)')
    .action(async (_flags: unknown, command: Command) => {
      const ctx = createContext(command.optsWithGlobals<GlobalOptions>());
      // Loaded on demand: the daemon's HTTP, metrics and mail code is start-up cost every other command would pay.
      const { jsonLogger, runDaemonUntilSignalled } = await import('../../daemon/run-daemon.ts');
      process.exitCode = await runDaemonUntilSignalled({
        config: ctx.config,
        storage: ctx.storage,
        log: jsonLogger(ctx.config.logLevel, process.stdout),
      });
    });

  const schedule = program
    .command('schedule')
    .description('named schedules of the daemon, shared through the repository');
  schedule
    .command('list')
    .description('schedules with their next runs and whether they are enabled')
    .action(async (_flags: unknown, command: Command) => {
      const [{ readScheduleState }, { buildSchedules, nextRuns }] = await Promise.all([
        import('../../core/repository/schedule-state.ts'),
        import('../../daemon/schedules.ts'),
      ]);
      const ctx = createContext(command.optsWithGlobals<GlobalOptions>());
      const schedules = buildSchedules(ctx.config);
      const { disabled } = await readScheduleState(ctx.storage);
      const now = new Date();
      const rows = schedules.map((s) => ({
        name: s.name,
        kind: s.kind,
        cron: s.cron,
        timeZone: s.timeZone,
        enabled: !disabled.includes(s.name),
        nextRuns: nextRuns(s, 3, now).map((d) => d.toISOString()),
      }));
      ctx.out.result(rows);
      ctx.out.line(
        table(
          ['NAME', 'KIND', 'CRON', 'ENABLED', 'NEXT RUN'],
          rows.map((r) => [r.name, r.kind, r.cron, r.enabled ? 'yes' : 'no', r.nextRuns[0] ?? '-']),
        ),
      );
    });
  for (const [verb, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    schedule
      .command(verb)
      .description(`${verb} a named schedule for every daemon using this repository`)
      .argument('<name>', 'schedule name (`db-backup schedule list`)')
      .action(async (name: string, _flags: unknown, command: Command) => {
        const [{ setScheduleEnabled }, { buildSchedules }] = await Promise.all([
          import('../../core/repository/schedule-state.ts'),
          import('../../daemon/schedules.ts'),
        ]);
        const ctx = createContext(command.optsWithGlobals<GlobalOptions>());
        const schedules = buildSchedules(ctx.config);
        if (!schedules.some((s) => s.name === name)) {
          const { ScheduleNotFoundError } = await import('../../daemon/daemon.ts');
          throw new ScheduleNotFoundError(`no schedule named ${JSON.stringify(name)}`, {
            hint: `schedules: ${schedules.map((s) => s.name).join(', ')}`,
          });
        }
        await openRepository(ctx.storage, { create: false });
        const state = await setScheduleEnabled(ctx.storage, name, enabled, 'cli');
        await appendAudit(ctx.storage, {
          actor: 'cli',
          operation: 'schedule',
          target: name,
          outcome: 'success',
          details: `${verb}d`,
        });
        ctx.out.result(state);
        ctx.out.line(`schedule ${name} ${verb}d`);
      });
  }
}
