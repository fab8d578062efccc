/**
 * `wal simulate` end to end: a scratch cluster archives with wal-push, restores to a random point in time,
 * and the report validates against the published schema; a breached RTO exits 3; the configured (production)
 * repository is never written.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from './helpers/cli.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dbb-walsim-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('restores heartbeats exactly at random targets, reports against the schema, exits 3 on a breached RTO', async () => {
  const production = join(dir, 'production-repository');
  const output = join(dir, 'report.json');
  const result = await runCli(
    [
      '--json',
      'wal',
      'simulate',
      '--duration',
      '5',
      '--rate',
      '10',
      '--targets',
      '1',
      '--archive-timeout',
      '2',
      '--rto',
      // Far below any real restore (a point-in-time restore of this scratch archive takes well under 1 s now).
      '50ms',
      '-o',
      output,
    ],
    { env: { BACKUP_STORAGE: production, BACKUP_LOG_LEVEL: 'warn' } },
  );
  expect(result.code, result.stderr).toBe(3);
  const report = JSON.parse(await readFile(output, 'utf8'));
  expect(JSON.parse(result.stdout)).toEqual(report);
  const schema = JSON.parse(
    readFileSync(new URL('../schemas/wal-simulation-report.schema.json', import.meta.url), 'utf8'),
  );
  const ajv = new Ajv2020.default({ allErrors: true, strict: false });
  addFormats.default(ajv);
  expect(ajv.validate(schema, report), JSON.stringify(ajv.errors)).toBe(true);
  expect(report.status).toBe('non_compliant');
  expect(report.rto_compliant).toBe(false);
  expect(report.rpo_compliant).toBe(true);
  expect(report.heartbeats).toBeGreaterThan(20);
  expect(report.targets).toHaveLength(1);
  expect(report.targets[0].status).toBe('pass');
  expect(report.targets[0].restored_heartbeats).toBe(report.targets[0].expected_heartbeats);
  expect(report.repository).not.toContain(production);
  expect(existsSync(production)).toBe(false);
});
