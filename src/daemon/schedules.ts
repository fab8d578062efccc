/**
 * The daemon's named schedules: the built-in ones from the environment (`backup`, `cleanup`, `drill`,
 * `verify`, `base-backup`, `pitr-drill`) plus extra ones from the config file, each validated with croner so a malformed expression is
 * refused at start naming the variable or entry that holds it. Pure apart from croner's date arithmetic.
 */
import { Cron } from 'croner';
import type { NamedScheduleConfig, PitrDrillTarget, ScheduleKind } from '../core/config/daemon-schema.ts';
import { type Config, RetentionSchema } from '../core/config/schema.ts';
import { ConfigError } from '../core/errors.ts';

export interface NamedSchedule {
  name: string;
  kind: ScheduleKind;
  cron: string;
  timeZone: string;
  /** Databases for backup/drill/verify schedules; undefined = the configured ones. */
  databases?: string[];
  /** Retention overrides for cleanup schedules. */
  retention?: Partial<Config['retention']>;
  /** Recovery target of a pitr-drill schedule. */
  targetTime?: PitrDrillTarget;
  /** Where the expression came from, for messages: an environment variable or a config path. */
  source: string;
}

const BUILT_IN: { name: string; kind: ScheduleKind; key: keyof Config['daemon']; source: string }[] = [
  { name: 'backup', kind: 'backup', key: 'backupSchedule', source: 'BACKUP_SCHEDULE' },
  { name: 'cleanup', kind: 'cleanup', key: 'cleanupSchedule', source: 'CLEANUP_SCHEDULE' },
  { name: 'drill', kind: 'drill', key: 'drillSchedule', source: 'DRILL_SCHEDULE' },
  { name: 'verify', kind: 'verify', key: 'verifySchedule', source: 'VERIFY_SCHEDULE' },
  {
    name: 'base-backup',
    kind: 'base-backup',
    key: 'baseBackupSchedule',
    source: 'BACKUP_BASE_BACKUP_SCHEDULE',
  },
  { name: 'pitr-drill', kind: 'pitr-drill', key: 'pitrDrillSchedule', source: 'PITR_DRILL_SCHEDULE' },
];

/** Every schedule of `config`, validated; throws ConfigError listing each bad expression with its source. */
export function buildSchedules(config: Config): NamedSchedule[] {
  const { daemon } = config;
  const problems: string[] = [];
  const schedules: NamedSchedule[] = [];
  for (const builtIn of BUILT_IN) {
    const cron = daemon[builtIn.key];
    if (typeof cron !== 'string') continue;
    schedules.push({
      name: builtIn.name,
      kind: builtIn.kind,
      cron,
      timeZone: daemon.timeZone,
      ...(builtIn.kind === 'pitr-drill' ? { targetTime: daemon.pitrDrillTarget } : {}),
      source: builtIn.source,
    });
  }
  daemon.schedules.forEach((extra: NamedScheduleConfig, index) => {
    const source = `daemon.schedules[${index}] (${extra.name})`;
    let retention: Partial<Config['retention']> | undefined;
    if (extra.retention) {
      const parsed = RetentionSchema.partial().strict().safeParse(extra.retention);
      if (parsed.success) retention = parsed.data;
      else
        problems.push(
          `${source}.retention: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
        );
    }
    if (extra.targetTime && extra.kind !== 'pitr-drill')
      problems.push(`${source}.targetTime: only a pitr-drill schedule has a recovery target`);
    schedules.push({
      name: extra.name,
      kind: extra.kind,
      cron: extra.cron,
      timeZone: daemon.timeZone,
      ...(extra.databases ? { databases: extra.databases } : {}),
      ...(retention ? { retention } : {}),
      ...(extra.kind === 'pitr-drill' ? { targetTime: extra.targetTime ?? daemon.pitrDrillTarget } : {}),
      source,
    });
  });
  const seen = new Set<string>();
  for (const schedule of schedules) {
    if (seen.has(schedule.name))
      problems.push(`${schedule.source}: schedule name ${schedule.name} is used twice`);
    seen.add(schedule.name);
    const error = cronProblem(schedule.cron, schedule.timeZone);
    if (error)
      problems.push(`${schedule.source}: invalid cron expression ${JSON.stringify(schedule.cron)}: ${error}`);
  }
  if (problems.length > 0) {
    throw new ConfigError(problems, {
      hint: 'cron has 5 fields (minute hour day month weekday) or 6 with seconds first, e.g. `0 2 * * *`; `0 4 * * 0#1` is the first Sunday at 04:00',
    });
  }
  return schedules;
}

/** Why `expression` is not a valid cron expression in `timeZone`, or undefined when it is. */
export function cronProblem(expression: string, timeZone: string): string | undefined {
  try {
    const cron = new Cron(expression, { paused: true, timezone: timeZone });
    if (cron.nextRun() === null) return 'it never fires';
    cron.stop();
    return undefined;
  } catch (error) {
    return (error as Error).message.replace(/^CronPattern: /, '');
  }
}

/** The next `count` fire times of a schedule after `from`. */
export function nextRuns(schedule: NamedSchedule, count: number, from: Date): Date[] {
  const cron = new Cron(schedule.cron, { paused: true, timezone: schedule.timeZone });
  const runs = cron.nextRuns(count, from);
  cron.stop();
  return runs;
}

/** The latest fire time of a schedule at or before `at` (null when it never fired before `at`). */
export function previousRun(schedule: NamedSchedule, at: Date): Date | null {
  const cron = new Cron(schedule.cron, { paused: true, timezone: schedule.timeZone });
  const [previous] = cron.previousRuns(1, at);
  cron.stop();
  return previous ?? null;
}

/**
 * Whether the backup expected by `schedule` at its latest fire time before `now` was missed: no backup
 * started since that time, and the grace period (jobs take time; the daemon may be starting) has passed.
 */
export function missedRun(
  schedule: NamedSchedule,
  lastStartedAt: Date | null,
  now: Date,
  graceMs = 5 * 60_000,
): { missed: boolean; expectedAt: Date | null } {
  const expectedAt = previousRun(schedule, new Date(now.getTime() - graceMs));
  if (!expectedAt) return { missed: false, expectedAt: null };
  return { missed: lastStartedAt === null || lastStartedAt.getTime() < expectedAt.getTime(), expectedAt };
}
