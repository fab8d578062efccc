import { describe, expect, it } from 'vitest';
import { type SimulationTarget, simulationVerdict } from './simulation-report.ts';

const target = (over: Partial<SimulationTarget> = {}): SimulationTarget => ({
  target_time: '2026-01-01T00:00:00.000Z',
  expected_heartbeats: 10,
  restored_heartbeats: 10,
  lost_seconds: 0,
  restore_seconds: 30,
  status: 'pass',
  ...over,
});

describe('simulationVerdict', () => {
  it.each([
    ['all within targets', 5, [target()], 'success', true, true],
    ['archive lag above the RPO', 120, [target()], 'non_compliant', false, true],
    ['data lost at a target beyond the RPO', 5, [target({ lost_seconds: 90 })], 'non_compliant', false, true],
    [
      'a target restored the wrong rows',
      5,
      [target({ status: 'fail', restored_heartbeats: 9 })],
      'non_compliant',
      false,
      true,
    ],
    ['a restore slower than the RTO', 5, [target({ restore_seconds: 200 })], 'non_compliant', true, false],
    ['no target restored proves nothing', 5, [], 'non_compliant', true, true],
  ] as const)('%s', (_name, lag, targets, status, rpo, rto) => {
    const verdict = simulationVerdict({
      lagMaxSeconds: lag,
      targets: [...targets],
      rpoMinutes: 1,
      rtoMinutes: 3,
    });
    expect(verdict).toMatchObject({
      status,
      rpo_compliant: rpo,
      rto_compliant: rto,
      compliant: status === 'success',
    });
  });
  it('achieved RPO is the worse of lag and loss', () => {
    expect(
      simulationVerdict({
        lagMaxSeconds: 4,
        targets: [target({ lost_seconds: 7 })],
        rpoMinutes: 1,
        rtoMinutes: 3,
      }).achieved_rpo_seconds,
    ).toBe(7);
  });
});
