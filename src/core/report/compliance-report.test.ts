import { describe, expect, it } from 'vitest';
import type { BackupManifest, VerificationRecord } from '../repository/manifest.ts';
import type { BackupReport } from './backup-report.ts';
import { renderComplianceMarkdown, renderComplianceSvg } from './compliance-render.ts';
import { buildComplianceReport, type ComplianceInputs } from './compliance-report.ts';
import type { DrillReport } from './drill-report.ts';

const until = new Date('2026-11-22T12:00:00Z');
const since = new Date('2026-08-24T12:00:00Z');
const manifest = (id: string, db: string, finishedAt: string) =>
  ({ id, databases: [{ name: db }], finishedAt, startedAt: finishedAt }) as unknown as BackupManifest;
const run = (db: string, startedAt: string, status: 'success' | 'failed') =>
  ({ backupId: `${startedAt}-${db}`, databases: [db], startedAt, status }) as unknown as BackupReport;
const drill = (db: string, at: string, status: DrillReport['status'], age = 30, rto = 2): DrillReport => ({
  schemaVersion: 1,
  drill_id: `drill-${at}`,
  drill_timestamp: at,
  status,
  backup_id: 'b1',
  database: db,
  backup_finished_at: at,
  backup_age_minutes: age,
  restore_duration_minutes: rto,
  rpo_target_minutes: 60,
  rto_target_minutes: 30,
  rpo_compliant: age <= 60,
  rto_compliant: rto <= 30,
  scratch: { database: 'db_backup_drill_x', location: 'same server', dropped: true },
  checks: [],
  measures: {
    stored_bytes: 1,
    restored_bytes: 1,
    throughput_mib_per_s: null,
    tables_checked: 0,
    rows_checked: 0,
  },
  timings_ms: { fetch_and_verify: 0, restore: 0, checks: 0, total: 0 },
  environment: {
    server_version: '15.4',
    backup_server_version: '15.4',
    pg_restore_version: '15.4',
    tool_version: '0.1.0',
    node_version: 'v24',
    hostname: 'h',
  },
  error: null,
});

function inputs(over: Partial<ComplianceInputs> = {}): ComplianceInputs {
  return {
    since,
    until,
    rpoMinutes: 60,
    rtoMinutes: 30,
    retentionPolicy: { keepDaily: 7, requireVerified: false, timeZone: 'UTC', incompleteGrace: '24h' },
    storage: 's3://bucket/app',
    toolVersion: '0.1.0',
    manifests: [manifest('b1', 'app', '2026-11-22T11:30:00Z')],
    verifications: new Map<string, VerificationRecord | undefined>([
      ['b1', { ok: true } as VerificationRecord],
    ]),
    backupReports: [run('app', '2026-11-22T11:29:00Z', 'success')],
    drillReports: [drill('app', '2026-11-01T04:00:00.000Z', 'success')],
    ...over,
  };
}

describe('buildComplianceReport', () => {
  it('a fresh, verified, drilled database is compliant', () => {
    const report = buildComplianceReport(inputs());
    expect(report.status).toBe('compliant');
    expect(report.findings).toEqual([]);
    expect(report.databases[0]).toMatchObject({
      database: 'app',
      backupAttempts: 1,
      backupSuccessRate: 1,
      newestBackupAgeMinutes: 30,
      withinRpo: true,
      verification: { verified: 1, failed: 0, unverified: 0 },
      drillsCompliant: 1,
      lastDrillStatus: 'success',
    });
  });

  it.each<[string, Partial<ComplianceInputs>, string]>([
    [
      'stale newest backup',
      { manifests: [manifest('b1', 'app', '2026-11-22T09:00:00Z')] },
      'newest backup is 180 min old (RPO 60 min)',
    ],
    ['no complete backup', { manifests: [] }, '"app": no complete backup'],
    [
      'failed backup runs',
      {
        backupReports: [
          run('app', '2026-11-20T02:00:00Z', 'failed'),
          run('app', '2026-11-21T02:00:00Z', 'success'),
        ],
      },
      '1 of 2 backup runs failed',
    ],
    [
      'failed verification',
      { verifications: new Map([['b1', { ok: false } as VerificationRecord]]) },
      'failed verification',
    ],
    [
      'no drill in the period',
      { drillReports: [drill('app', '2026-01-01T04:00:00.000Z', 'success')] },
      'no restore drill in the period',
    ],
    [
      'last drill not compliant',
      { drillReports: [drill('app', '2026-11-01T04:00:00.000Z', 'non_compliant', 90)] },
      'last drill was non-compliant',
    ],
  ])('%s is a finding', (_name, over, finding) => {
    const report = buildComplianceReport(inputs(over));
    expect(report.status).toBe('non_compliant');
    expect(report.findings.join('\n')).toContain(finding);
  });

  it('an empty repository is not compliant', () => {
    const report = buildComplianceReport(
      inputs({ manifests: [], backupReports: [], drillReports: [], verifications: new Map() }),
    );
    expect(report.findings).toEqual(['no backups, backup runs or drills in the repository for this period']);
  });

  it('keeps drills in order and only those of the period, per database', () => {
    const report = buildComplianceReport(
      inputs({
        drillReports: [
          drill('app', '2026-11-01T04:00:00.000Z', 'success', 20, 3),
          drill('app', '2026-10-04T04:00:00.000Z', 'success', 40, 2),
          drill('app', '2026-05-03T04:00:00.000Z', 'failure'),
        ],
      }),
    );
    expect(report.databases[0]!.drills.map((d) => d.restoreDurationMinutes)).toEqual([2, 3]);
    expect(report.drillReports).toHaveLength(2);
  });

  it('renders Markdown with the verdict and an SVG with one panel per drilled database', () => {
    const report = buildComplianceReport(inputs());
    expect(renderComplianceMarkdown(report)).toContain('COMPLIANT');
    const svg = renderComplianceSvg(report);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('RPO target 60 min');
    expect(svg).not.toMatch(/<script/);
  });
});
