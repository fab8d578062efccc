import { describe, expect, it } from 'vitest';
import type { BackupManifest } from '../repository/manifest.ts';
import { summarizeRepository, toBackupRow } from './summarize.ts';

function manifest(
  id: string,
  db: string,
  finishedAt: string,
  stored: number,
  raw: number,
  durationMs = 1000,
): BackupManifest {
  return {
    id,
    kind: 'logical',
    databases: [{ name: db, sizeBytes: 1, objectKey: 'k', tables: [] }],
    finishedAt,
    durationMs,
    tags: [],
    objects: [
      { key: 'k', role: 'database', storedSize: stored, rawSize: raw, storedSha256: '', rawSha256: '' },
    ],
  } as unknown as BackupManifest;
}

const now = new Date('2026-11-22T12:00:00Z');

describe('summarizeRepository', () => {
  const manifests = [
    manifest('a', 'app', '2026-11-10T12:00:00Z', 100, 300, 1000),
    manifest('b', 'crm', '2026-11-21T13:00:00Z', 200, 400, 3000),
    manifest('c', 'app', '2026-11-22T11:30:00Z', 300, 900, 2000),
  ];

  it('reports the latest backup per database against the RPO', () => {
    const status = summarizeRepository('file:///x', manifests, now, 60);
    expect(status.databases).toEqual([
      expect.objectContaining({ database: 'app', latestBackupId: 'c', ageMinutes: 30, withinRpo: true }),
      expect.objectContaining({ database: 'crm', latestBackupId: 'b', ageMinutes: 1380, withinRpo: false }),
    ]);
  });

  it('computes the totals sidecar users expect', () => {
    expect(summarizeRepository('file:///x', manifests, now, 60).totals).toEqual({
      totalBackups: 3,
      totalSizeBytes: 600,
      oldestBackupAt: '2026-11-10T12:00:00Z',
      newestBackupAt: '2026-11-22T11:30:00Z',
      averageSizeBytes: 200,
      backupsLast24Hours: 2,
      backupsLast7Days: 2,
      averageDurationSeconds: 2,
    });
  });

  it('is empty, not an error, for an empty repository', () => {
    expect(summarizeRepository('x', [], now, 60).totals).toMatchObject({
      totalBackups: 0,
      oldestBackupAt: null,
      averageSizeBytes: 0,
    });
  });

  it('rows carry ratio and verification state', () => {
    const row = toBackupRow(
      manifests[2]!,
      { backupId: 'c', ok: false, verifiedAt: 'x', checks: [], toolVersion: '0' },
      now,
    );
    expect(row).toMatchObject({ compressionRatio: 3, verification: 'failed', ageMinutes: 30 });
  });
});
