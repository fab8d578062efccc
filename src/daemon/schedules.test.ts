import { describe, expect, it } from 'vitest';
import { loadConfig } from '../core/config/load-config.ts';
import { ConfigError } from '../core/errors.ts';
import { buildSchedules } from './schedules.ts';

const base = { BACKUP_STORAGE: '/tmp/dbb-schedules-unit' };
const config = (env: Record<string, string>, flags?: object) =>
  loadConfig({ env: { ...base, ...env }, ...(flags ? { flags } : {}) } as never);

describe('the pitr-drill schedule', () => {
  it('is off when PITR_DRILL_SCHEDULE is unset', () => {
    expect(buildSchedules(config({})).map((s) => s.kind)).not.toContain('pitr-drill');
  });

  it('PITR_DRILL_SCHEDULE arms it, recovering to the newest WAL unless PITR_DRILL_TARGET says random', () => {
    const [latest] = buildSchedules(config({ PITR_DRILL_SCHEDULE: '0 5 * * 0' })).filter(
      (s) => s.kind === 'pitr-drill',
    );
    expect(latest).toMatchObject({
      name: 'pitr-drill',
      cron: '0 5 * * 0',
      targetTime: 'latest',
      source: 'PITR_DRILL_SCHEDULE',
    });
    const [random] = buildSchedules(
      config({ PITR_DRILL_SCHEDULE: '0 5 * * 0', PITR_DRILL_TARGET: 'random' }),
    ).filter((s) => s.kind === 'pitr-drill');
    expect(random!.targetTime).toBe('random');
  });

  it('a malformed PITR_DRILL_SCHEDULE is a ConfigError naming the variable', () => {
    let caught: unknown;
    try {
      buildSchedules(config({ PITR_DRILL_SCHEDULE: 'every sunday' }));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).message).toContain(
      'PITR_DRILL_SCHEDULE: invalid cron expression "every sunday"',
    );
  });

  it('PITR_DRILL_TARGET takes latest or random only', () => {
    expect(() => config({ PITR_DRILL_TARGET: '2026-11-22T14:05:00Z' })).toThrow(/pitrDrillTarget/);
  });

  it('named pitr-drill schedules carry their own target; other kinds have none', () => {
    const schedules = buildSchedules(
      config(
        { PITR_DRILL_TARGET: 'random' },
        {
          daemon: {
            schedules: [
              { name: 'weekly-pitr', kind: 'pitr-drill', cron: '0 6 * * 1', databases: ['shop'] },
              { name: 'nightly-pitr', kind: 'pitr-drill', cron: '0 7 * * *', targetTime: 'latest' },
            ],
          },
        },
      ),
    );
    expect(schedules.find((s) => s.name === 'weekly-pitr')).toMatchObject({
      targetTime: 'random',
      databases: ['shop'],
    });
    expect(schedules.find((s) => s.name === 'nightly-pitr')!.targetTime).toBe('latest');
    expect(() =>
      buildSchedules(
        config(
          {},
          {
            daemon: { schedules: [{ name: 'odd', kind: 'backup', cron: '0 6 * * 1', targetTime: 'random' }] },
          },
        ),
      ),
    ).toThrow(/daemon\.schedules\[0\] \(odd\)\.targetTime: only a pitr-drill schedule/);
  });
});
