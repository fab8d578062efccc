/**
 * Retention and the read commands through the real CLI on real backups: `prune --dry-run` prints a plan and
 * changes nothing, `prune` applies it and every kept backup still verifies and restores; `list` and `status`
 * report what is there. The backups are taken once; every test works on its own copy of that repository, so no
 * test depends on what an earlier one did.
 */
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffFingerprints, fingerprintDatabase } from '../src/core/drill/fingerprint.ts';
import { type LocalCluster, startLocalCluster } from '../src/core/postgres/local-cluster.ts';
import { createDatabase } from '../src/core/postgres/server.ts';
import { loadSampleData } from '../src/demo/load-sample-data.ts';
import { cliEnvFor, runCli } from './helpers/cli.ts';
import { tempRoot } from './helpers/temp-root.ts';

const temp = tempRoot('prune-cli');

const PASSWORD = 'prune-pw-93kd';
let cluster: LocalCluster;
let env: Record<string, string>;
let template: string;
const ids: Record<string, string[]> = { app: [], crm: [] };

/** A private copy of the template repository (3 backups of app, 1 of crm) and a CLI bound to it. */
function freshRepository(): (args: string[], extra?: Record<string, string>) => ReturnType<typeof runCli> {
  const repo = join(temp.dir('repo'), 'backups');
  cpSync(template, repo, { recursive: true });
  return (args, extra = {}) => runCli(args, { env: { ...env, BACKUP_STORAGE: repo, ...extra } });
}

beforeAll(async () => {
  cluster = await startLocalCluster({ password: PASSWORD });
  env = cliEnvFor(cluster, PASSWORD);
  template = join(temp.dir('template'), 'backups');
  const cli = (args: string[]) => runCli(args, { env: { ...env, BACKUP_STORAGE: template } });
  for (const db of ['app', 'crm']) {
    await createDatabase(cluster.connection, db);
    await loadSampleData(cluster.connection, db);
  }
  for (let i = 0; i < 3; i++) {
    const result = await cli(['--json', 'backup', '--database', 'app']);
    expect(result.code, result.stderr).toBe(0);
    ids.app?.push(JSON.parse(result.stdout).backups[0].id);
  }
  const crm = await cli(['--json', 'backup', '--database', 'crm']);
  expect(crm.code, crm.stderr).toBe(0);
  ids.crm?.push(JSON.parse(crm.stdout).backups[0].id);
});

afterAll(async () => {
  await cluster?.stop();
});

describe('list and status', () => {
  it('list --json shows every backup with size, ratio and verification state; --database filters', async () => {
    const cli = freshRepository();
    const all = await cli(['--json', 'list']);
    expect(all.code, all.stderr).toBe(0);
    const rows = JSON.parse(all.stdout) as {
      id: string;
      databases: string[];
      storedBytes: number;
      compressionRatio: number;
      verification: string;
    }[];
    expect(rows.map((r) => r.id)).toEqual([...(ids.app ?? []), ...(ids.crm ?? [])]);
    for (const row of rows) {
      expect(row.storedBytes).toBeGreaterThan(0);
      expect(row.compressionRatio).toBeGreaterThan(1);
      expect(row.verification).toBe('unverified');
    }
    const crm = JSON.parse((await cli(['--json', 'list', '--database', 'crm'])).stdout) as { id: string }[];
    expect(crm.map((r) => r.id)).toEqual(ids.crm);
    const text = await cli(['list']);
    expect(text.stdout).toMatch(/ID\s+DATABASE\s+FINISHED\s+AGE\s+SIZE\s+RATIO\s+VERIFIED/);
    expect(text.stdout).toContain(ids.crm?.[0]);
  });

  it('status --json gives each database its latest backup against the RPO, and the totals', async () => {
    const cli = freshRepository();
    const result = await cli(['--json', 'status']);
    expect(result.code, result.stderr).toBe(0);
    const status = JSON.parse(result.stdout);
    const app = status.databases.find((d: { database: string }) => d.database === 'app');
    expect(app.latestBackupId).toBe(ids.app?.at(-1));
    expect(app.withinRpo).toBe(true);
    expect(app.rpoMinutes).toBe(60);
    expect(status.totals.totalBackups).toBe(4);
    expect(status.totals.backupsLast24Hours).toBe(4);
    expect(status.totals.totalSizeBytes).toBeGreaterThan(0);
    expect(Math.abs(status.totals.averageSizeBytes - status.totals.totalSizeBytes / 4)).toBeLessThanOrEqual(
      1,
    );
    for (const key of ['oldestBackupAt', 'newestBackupAt', 'averageDurationSeconds', 'backupsLast7Days']) {
      expect(status.totals).toHaveProperty(key);
    }
  });
});

describe('prune', () => {
  it('refuses to run without any rule, removing nothing', async () => {
    const cli = freshRepository();
    const result = await cli(['prune']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error \[RETENTION_REFUSED\]: no retention rule configured/m);
    expect(JSON.parse((await cli(['--json', 'list'])).stdout)).toHaveLength(4);
  });

  it('--dry-run prints a reason per backup and removes nothing; --json carries the same plan', async () => {
    const cli = freshRepository();
    const text = await cli(['prune', '--dry-run', '--keep-last', '1']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(
      new RegExp(`keep\\s+${ids.app?.[2]}\\s+app\\s.*keep: newest complete backup`),
    );
    expect(text.stdout).toMatch(
      new RegExp(`remove\\s+${ids.app?.[0]}\\s+app\\s.*remove: outside every rule`),
    );
    expect(text.stdout).toMatch(new RegExp(`keep\\s+${ids.crm?.[0]}\\s+crm`));
    expect(text.stdout).toContain('dry run: nothing was removed');

    const json = await cli(['--json', 'prune', '--dry-run', '--keep-last', '1']);
    const { plan, dryRun } = JSON.parse(json.stdout);
    expect(dryRun).toBe(true);
    expect(plan.remove.map((d: { id: string }) => d.id).sort()).toEqual(ids.app?.slice(0, 2).sort());
    expect(plan.keep.map((d: { id: string }) => d.id).sort()).toEqual([ids.app?.[2], ids.crm?.[0]].sort());
    expect(JSON.parse((await cli(['--json', 'list'])).stdout)).toHaveLength(4);
  });

  it('applies the plan: removed backups are gone, every kept backup verifies and restores', async () => {
    const cli = freshRepository();
    const result = await cli(['--json', 'prune', '--keep-last', '1']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).removed.sort()).toEqual(ids.app?.slice(0, 2).sort());
    const left = (JSON.parse((await cli(['--json', 'list'])).stdout) as { id: string }[]).map((r) => r.id);
    expect(left).toEqual([ids.app?.[2], ids.crm?.[0]]);

    const verify = await cli(['verify', '--all']);
    expect(verify.code, verify.stderr).toBe(0);
    const restore = await cli(['restore', '--latest', '--database', 'app', '--target-database', 'app_back']);
    expect(restore.code, restore.stderr).toBe(0);
    const [a, b] = await Promise.all([
      fingerprintDatabase(cluster.connection, 'app'),
      fingerprintDatabase(cluster.connection, 'app_back'),
    ]);
    expect(diffFingerprints(a, b)).toEqual([]);

    const again = await cli(['--json', 'prune', '--keep-last', '1']);
    expect(JSON.parse(again.stdout).removed).toEqual([]);
  });

  it('takes its rules from the environment (BACKUP_KEEP_LAST), as the sidecar does', async () => {
    const cli = freshRepository();
    const result = await cli(['--json', 'prune', '--dry-run'], { BACKUP_KEEP_LAST: '2' });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).plan.remove.map((d: { id: string }) => d.id)).toEqual([ids.app?.[0]]);
    const unset = await cli(['--json', 'prune', '--dry-run']);
    expect(unset.code).toBe(2);
    expect(unset.stderr).toMatch(/^error \[RETENTION_REFUSED\]: no retention rule configured/m);
  });
});
