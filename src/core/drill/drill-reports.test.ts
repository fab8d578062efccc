import { describe, expect, it } from 'vitest';
import type { DrillReport } from '../report/drill-report.ts';
import { summarizeDrills } from './drill-reports.ts';

function report(
  at: string,
  status: DrillReport['status'],
  rto: number | null,
  database = 'app',
): DrillReport {
  return {
    drill_timestamp: at,
    status,
    restore_duration_minutes: rto,
    database,
    backup_id: 'x',
    backup_age_minutes: 5,
  } as DrillReport;
}

describe('summarizeDrills', () => {
  it('computes the compliance rate and the RTO trend', () => {
    const history = summarizeDrills(
      [
        report('2026-08-01T02:00:00.000Z', 'success', 4),
        report('2026-09-01T02:00:00.000Z', 'non_compliant', 6),
        report('2026-10-01T02:00:00.000Z', 'success', 8),
        report('2026-11-01T02:00:00.000Z', 'failure', null),
        report('2026-11-02T02:00:00.000Z', 'success', 1, 'other'),
      ],
      'app',
    );
    expect(history.total).toBe(4);
    expect(history.compliant).toBe(2);
    expect(history.complianceRate).toBe(0.5);
    expect(history.rtoTrendMinutes).toEqual([4, 6, 8]);
    expect(history.rtoChangeMinutes).toBe(3);
  });

  it('is empty without drills', () => {
    expect(summarizeDrills([])).toMatchObject({ total: 0, complianceRate: null, rtoChangeMinutes: null });
  });
});
