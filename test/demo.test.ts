/** The README's main job: `npm run demo` on embedded defaults proves a fingerprint-equal restore. */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { runCli } from './helpers/cli.ts';
import { tempRoot } from './helpers/temp-root.ts';

const temp = tempRoot('demo');

const DEMO = fileURLToPath(new URL('../src/demo/index.ts', import.meta.url));

it('npm run demo backs up, verifies, restores fingerprint-equal and leaves the backup in ./backups', async () => {
  const cwd = temp.dir('demo');
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(PG|BACKUP_|DATABASE_URL|POSTGRES_)/.test(k)),
  );
  const demo = spawnSync(process.execPath, [DEMO], { cwd, env, encoding: 'utf8', timeout: 180_000 });
  expect(demo.status, demo.stdout + demo.stderr).toBe(0);
  expect(demo.stdout).toMatch(/verify: ok/);
  expect(demo.stdout).toMatch(/PASS: restored database is identical to the source \(\d+ tables, \d+ rows/);
  expect(demo.stdout).toMatch(/cluster removed/);
  expect(readdirSync(join(cwd, 'backups'))).toContain('db-backup.json');

  const list = await runCli(['--json', 'list'], { env: { BACKUP_STORAGE: join(cwd, 'backups') } });
  expect(list.code, list.stderr).toBe(0);
  expect(JSON.parse(list.stdout)).toHaveLength(1);
});
