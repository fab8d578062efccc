import { describe, expect, it } from 'vitest';
import type { BackupManifest } from '../repository/manifest.ts';
import {
  chooseBaseBackup,
  type PitrTarget,
  parsePitrTarget,
  recoverySettings,
  walHeadOf,
} from './pitr-plan.ts';

const base = (id: string, finishedAt: string, stopLsn: string): BackupManifest =>
  ({
    id,
    kind: 'base',
    finishedAt,
    startedAt: finishedAt,
    base: { stopLsn, walStart: '000000010000000000000002', walStop: '000000010000000000000002' },
  }) as unknown as BackupManifest;

const backups = [
  base('b1', '2026-01-01T01:00:00.000Z', '0/3000100'),
  base('b2', '2026-01-01T02:00:00.000Z', '0/8000100'),
  { id: 'logical', kind: 'logical', finishedAt: '2026-01-01T03:00:00.000Z' } as unknown as BackupManifest,
];
const head = {
  name: '000000010000000000000010',
  endLsn: 0x11000000n,
  storedAt: new Date('2026-01-01T04:00:00Z'),
};

describe('chooseBaseBackup', () => {
  it.each<[string, PitrTarget, string]>([
    ['a time after both: the newest', { kind: 'time', time: new Date('2026-01-01T03:00:00Z') }, 'b2'],
    ['a time between them: the older', { kind: 'time', time: new Date('2026-01-01T01:30:00Z') }, 'b1'],
    ['exactly at a finish', { kind: 'time', time: new Date('2026-01-01T02:00:00Z') }, 'b2'],
    ['an LSN between the stops', { kind: 'lsn', lsn: 0x5000000n }, 'b1'],
    ['an LSN after both', { kind: 'lsn', lsn: 0x9000000n }, 'b2'],
    ['a restore point: the newest', { kind: 'name', name: 'x' }, 'b2'],
    ['immediate: the newest', { kind: 'immediate' }, 'b2'],
  ])('%s', (_name, target, id) => {
    expect(chooseBaseBackup(backups, target, head).id).toBe(id);
  });

  it.each<[string, PitrTarget, RegExp]>([
    [
      'before the oldest',
      { kind: 'time', time: new Date('2026-01-01T00:30:00Z') },
      /before the oldest base backup/,
    ],
    ['an LSN before the oldest stop', { kind: 'lsn', lsn: 0x3000000n }, /before the oldest base backup/],
    [
      'after the newest WAL',
      { kind: 'time', time: new Date('2026-01-01T05:00:00Z') },
      /after the newest archived WAL/,
    ],
    ['an LSN after the newest WAL', { kind: 'lsn', lsn: 0x11000001n }, /after the newest archived WAL/],
  ])('refuses %s', (_name, target, message) => {
    expect(() => chooseBaseBackup(backups, target, head)).toThrow(message);
  });

  it('refuses without base backups or without WAL, and honours an explicit backup', () => {
    expect(() => chooseBaseBackup([backups[2]!], { kind: 'immediate' }, head)).toThrow(/no base backups/);
    expect(() => chooseBaseBackup(backups, { kind: 'immediate' }, undefined)).toThrow(/no archived WAL/);
    expect(chooseBaseBackup(backups, { kind: 'immediate' }, head, 'b1').id).toBe('b1');
    expect(() => chooseBaseBackup(backups, { kind: 'immediate' }, head, 'logical')).toThrow(
      /not a base backup/,
    );
  });
});

describe('parsePitrTarget', () => {
  it('takes exactly one well-formed target', () => {
    expect(parsePitrTarget({ lsn: '0/3000060' })).toEqual({ kind: 'lsn', lsn: 0x3000060n });
    expect(parsePitrTarget({ immediate: true })).toEqual({ kind: 'immediate' });
    expect(() => parsePitrTarget({})).toThrow(/exactly one/);
    expect(() => parsePitrTarget({ xid: '5', name: 'a' })).toThrow(/exactly one/);
    expect(() => parsePitrTarget({ time: 'yesterday' })).toThrow(/not a time/);
    expect(() => parsePitrTarget({ lsn: '12345' })).toThrow(/not an LSN/);
    expect(() => parsePitrTarget({ xid: 'abc' })).toThrow(/not a transaction id/);
  });
});

describe('recoverySettings and walHeadOf', () => {
  it('writes quoted settings PostgreSQL parses', () => {
    const text = recoverySettings({
      restoreCommand: "'/n' '/w.js' wal-fetch %f %p --config '/d/it''s.json'",
      target: { kind: 'time', time: new Date('2026-01-01T01:30:00.250Z') },
      action: 'pause',
      timeline: 'latest',
    });
    expect(text).toContain("recovery_target_time = '2026-01-01 01:30:00.250+00'");
    expect(text).toContain("recovery_target_action = 'pause'");
    expect(text).toContain(
      "restore_command = '''/n'' ''/w.js'' wal-fetch %f %p --config ''/d/it''''s.json'''",
    );
  });
  it('finds the newest segment, ignoring history and partial files', () => {
    const at = new Date();
    expect(
      walHeadOf(
        [
          { name: '000000010000000000000003', storedAt: at },
          { name: '000000020000000000000004.partial', storedAt: at },
          { name: '00000002.history', storedAt: at },
          { name: '000000020000000000000004', storedAt: at },
        ],
        16 * 1024 * 1024,
      ),
    ).toEqual({ name: '000000020000000000000004', endLsn: 0x5000000n, storedAt: at });
  });
});
