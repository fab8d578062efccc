/**
 * Every command against every failure condition that applies to it, through the real CLI: each row must end
 * with its documented exit code, an `error [CODE]` line, a `hint:` line, no stack trace, no secret, and
 * nothing changed (the repository's files, apart from the records a failed run leaves on purpose: its report
 * under `reports/`, a drill's local report copy under `restore-tests/`, an audit entry, a refreshed index;
 * and no target or scratch database). One cluster for the file; each row works on its own copy of the
 * repository, so rows run concurrently.
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientConfig } from '../src/core/postgres/connection.ts';
import { findFreePort, type LocalCluster, startLocalCluster } from '../src/core/postgres/local-cluster.ts';
import { createDatabase, databaseExists } from '../src/core/postgres/server.ts';
import { loadSampleData } from '../src/demo/load-sample-data.ts';
import { type CliResult, cliEnvFor, runCli } from './helpers/cli.ts';

const PASSWORD = 'Matrix-Secret-pw-41';
const WRONG_PASSWORD = 'Wrong-Secret-pw-97';

type Condition =
  | 'unreachable server'
  | 'no password'
  | 'wrong password'
  | 'missing database'
  | 'unreadable storage'
  | 'unwritable storage'
  | 'full storage'
  | 'non-directory storage'
  | 'kernel-filesystem storage'
  | 'no repository yet'
  | 'damaged manifest'
  | 'bad flags';

interface Row {
  condition: Condition;
  /** CLI arguments; `{shop}` / `{crm}` stand for a backup id, `{target}` for a fresh database name. */
  args: string[];
  exit: number;
  code: string;
  /** Extra text the output must hold (the message or hint that makes this mistake clear). */
  says?: RegExp;
}

const SERVER_COMMANDS = (c: Condition, code: string): Row[] => [
  { condition: c, args: ['backup', '-d', 'shop'], exit: 1, code },
  { condition: c, args: ['restore', '{shop}', '--target-database', '{target}'], exit: 1, code },
  { condition: c, args: ['drill', '-d', 'shop'], exit: 1, code },
  { condition: c, args: ['base-backup'], exit: 1, code },
];

/** Every command, reading a repository it cannot use. */
const EVERY_COMMAND = (c: Condition, code: string, says?: RegExp, exit = 1): Row[] =>
  [
    ['backup', '-d', 'shop'],
    ['list'],
    ['show', '{shop}'],
    ['status'],
    ['verify', '{shop}'],
    ['restore', '{shop}', '--target-database', '{target}'],
    ['drill', '-d', 'shop'],
    ['drill', 'history'],
    ['prune', '--keep-last', '1'],
    ['report', 'compliance'],
    ['base-backup'],
    ['wal', 'verify'],
  ].map((args) => ({ condition: c, args, exit, code, ...(says ? { says } : {}) }));

const ROWS: Row[] = [
  ...SERVER_COMMANDS('unreachable server', 'PG_CONNECTION_FAILED'),
  ...SERVER_COMMANDS('no password', 'PG_AUTH_FAILED').map((r) => ({
    ...r,
    says: /hint: set PGPASSWORD or PGPASSWORD_FILE.*~\/\.pgpass/,
  })),
  ...SERVER_COMMANDS('wrong password', 'PG_AUTH_FAILED'),

  { condition: 'missing database', args: ['backup', '-d', 'nosuch'], exit: 4, code: 'PG_DATABASE_NOT_FOUND' },
  {
    condition: 'missing database',
    args: ['restore', '--latest', '-d', 'nosuch', '--target-database', '{target}'],
    exit: 4,
    code: 'BACKUP_NOT_FOUND',
  },
  {
    condition: 'missing database',
    args: ['restore', '{shop}', '-d', '{target}'],
    exit: 4,
    code: 'BACKUP_NOT_FOUND',
    says: /hint: .*--target-database/,
  },
  {
    condition: 'missing database',
    args: ['restore', '--latest', '--target-database', '{target}'],
    exit: 2,
    code: 'USAGE',
    says: /one of "crm", "shop"/,
  },
  {
    condition: 'missing database',
    args: ['verify', '--latest', '-d', 'nosuch'],
    exit: 4,
    code: 'BACKUP_NOT_FOUND',
  },
  {
    condition: 'missing database',
    args: ['show', '20200101T000000Z-nosuch-abcdef'],
    exit: 4,
    code: 'BACKUP_NOT_FOUND',
  },
  {
    condition: 'missing database',
    args: ['drill', '-d', 'nosuch'],
    exit: 1,
    code: 'BACKUP_NOT_FOUND',
    says: /no scratch database was created/,
  },

  // A location where nothing was ever stored: read commands say so, and nothing creates it.
  ...[['list'], ['status'], ['report', 'compliance'], ['drill', '-d', 'shop']].map((args) => ({
    condition: 'no repository yet' as const,
    args,
    exit: 1,
    code: 'REPOSITORY_INVALID',
    says: /no db-backup repository at/,
  })),
  ...[
    ['show', '{shop}'],
    ['verify', '--latest'],
    ['restore', '--latest', '-d', 'shop', '--target-database', '{target}'],
  ].map((args) => ({ condition: 'no repository yet' as const, args, exit: 4, code: 'BACKUP_NOT_FOUND' })),

  ...EVERY_COMMAND('unreadable storage', 'STORAGE_ERROR', /permission denied/),
  // Reading works; every command that writes to the repository fails, and says why.
  ...[
    ['backup', '-d', 'shop'],
    ['verify', '{shop}'],
    ['drill', '-d', 'shop'],
    ['prune', '--keep-last', '1', '-d', 'shop'],
    ['base-backup'],
  ].map((args) => ({
    condition: 'unwritable storage' as const,
    args,
    exit: 1,
    code: 'STORAGE_ERROR',
    says: /permission denied/,
  })),
  ...[['backup', '-d', 'shop'], ['verify', '{shop}'], ['drill', '-d', 'shop'], ['base-backup']].map(
    (args) => ({
      condition: 'full storage' as const,
      args,
      exit: 1,
      code: 'STORAGE_ERROR',
      says: /disk full/,
    }),
  ),
  ...EVERY_COMMAND('non-directory storage', 'STORAGE_ERROR', /a file stands where a directory is needed/),
  // Refused before anything is read: walking /proc once spun for minutes.
  ...EVERY_COMMAND('kernel-filesystem storage', 'USAGE', /is a kernel filesystem/, 2),

  ...[
    ['show', '{shop}'],
    ['verify', '{shop}'],
    ['restore', '{shop}', '--target-database', '{target}'],
  ].map((args) => ({
    condition: 'damaged manifest' as const,
    args,
    exit: 1,
    code: 'REPOSITORY_INVALID',
    says: /not valid JSON/,
  })),
  {
    condition: 'damaged manifest',
    args: ['drill', '-d', 'shop', '--backup', '{shop}'],
    exit: 1,
    code: 'REPOSITORY_INVALID',
  },

  ...[
    ['backup', '--nope'],
    ['list', '--nope'],
    ['show', '{shop}', '--nope'],
    ['status', '--nope'],
    ['verify', '--nope'],
    ['restore', '--nope'],
    ['drill', '--nope'],
    ['drill', 'history', '--nope'],
    ['prune', '--nope'],
    ['report', 'compliance', '--nope'],
    ['base-backup', '--nope'],
    ['wal', 'verify', '--nope'],
  ].map((args) => ({ condition: 'bad flags' as const, args, exit: 2, code: 'USAGE' })),
  { condition: 'bad flags', args: ['prune', '--dry-rn'], exit: 2, code: 'USAGE', says: /--dry-run/ },
  { condition: 'bad flags', args: ['show'], exit: 2, code: 'USAGE' },
  { condition: 'bad flags', args: ['verify'], exit: 2, code: 'USAGE' },
  { condition: 'bad flags', args: ['restore'], exit: 2, code: 'USAGE' },
  { condition: 'bad flags', args: ['backup', '-d', 'shop', '-j', 'many'], exit: 2, code: 'CONFIG_INVALID' },
  { condition: 'bad flags', args: ['list', '--log-level', 'loud'], exit: 2, code: 'CONFIG_INVALID' },
  {
    condition: 'bad flags',
    args: ['prune', '--keep-within', '30'],
    exit: 2,
    code: 'CONFIG_INVALID',
    says: /has no unit: write 30m for minutes, 30h for hours or 30d for days/,
  },
  { condition: 'bad flags', args: ['drill', '-d', 'shop', '--rto', '30'], exit: 2, code: 'CONFIG_INVALID' },
  {
    condition: 'bad flags',
    args: ['status', '--config', '{config}'],
    exit: 2,
    code: 'CONFIG_INVALID',
    says: /did you mean databases\?/,
  },
];

let cluster: LocalCluster;
let root: string;
let goodRepo: string;
let env: Record<string, string>;
let ids: { shop: string; crm: string };
let closedPort: number;
let fullMount: string | undefined;
let fullSkipReason = '';
let rowNumber = 0;

/** Every file under `dir` with its size and modification time; run records are left out (see the header). */
function snapshot(dir: string, prefix = ''): Record<string, string> {
  if (!existsSync(dir)) return {};
  const info = statSync(dir);
  if (!info.isDirectory()) return { [prefix || '.']: `${info.size}:${info.mtimeMs}` };
  let out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    // Records of the failed run (reports, an audit log) and caches may be added; nothing else may change.
    if (['reports', 'audit', 'index', 'restore-tests'].includes(rel)) continue;
    if (entry.isDirectory()) out = { ...out, ...snapshot(join(dir, entry.name), rel) };
    else {
      const s = statSync(join(dir, entry.name));
      out[rel] = `${s.size}:${s.mtimeMs}`;
    }
  }
  return out;
}

async function cli(args: string[], options: Parameters<typeof runCli>[1]): Promise<CliResult> {
  const result = await runCli(args, options);
  return result;
}

/** Prepares the row's repository, environment and OS user; returns what to run and what to compare. */
function setUp(row: Row, n: number) {
  const dir = join(root, `row-${n}`);
  mkdirSync(dir);
  let repo = join(dir, 'repo');
  let rowEnv = { ...env };
  let user: string | undefined;
  switch (row.condition) {
    case 'unreachable server':
      rowEnv.PGPORT = String(closedPort);
      break;
    case 'no password': {
      const { PGPASSWORD: _, ...rest } = rowEnv;
      rowEnv = { ...rest, HOME: dir };
      break;
    }
    case 'wrong password':
      rowEnv.PGPASSWORD = WRONG_PASSWORD;
      break;
    case 'unreadable storage':
    case 'unwritable storage':
      user = 'postgres';
      chmodSync(dir, 0o755);
      rowEnv.HOME = dir;
      break;
    case 'non-directory storage':
      repo = join(dir, 'a-file');
      writeFileSync(repo, 'not a repository\n');
      break;
    case 'kernel-filesystem storage':
      repo = `/proc/self/db-backup-${n}`;
      break;
    case 'full storage':
      repo = join(fullMount!, `repo-${n}`);
      break;
  }
  if (!['non-directory storage', 'kernel-filesystem storage', 'no repository yet'].includes(row.condition))
    cpSync(goodRepo, repo, { recursive: true });
  if (row.condition === 'unreadable storage') chmodSync(repo, 0o700);
  if (row.condition === 'unwritable storage') execFileSync('chmod', ['-R', 'a+rX,go-w', repo]);
  if (row.condition === 'damaged manifest')
    writeFileSync(join(repo, 'backups', ids.shop, 'manifest.json'), '{ "id": "truncated');
  const target = `matrix_target_${n}`;
  const config = join(dir, 'config.json');
  writeFileSync(config, JSON.stringify({ databses: ['shop'] }));
  const args = row.args.map((a) =>
    a
      .replace('{shop}', ids.shop)
      .replace('{crm}', ids.crm)
      .replace('{target}', target)
      .replace('{config}', config),
  );
  return { repo, target, args, options: { env: { ...rowEnv, BACKUP_STORAGE: repo }, cwd: dir, user } };
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'dbb-matrix-'));
  goodRepo = join(root, 'good', 'repo');
  // Archiving on (into nowhere) so that base-backup gets past its archive_mode check to the storage rows.
  cluster = await startLocalCluster({
    password: PASSWORD,
    settings: { archive_mode: 'on', archive_command: '/bin/true' },
  });
  closedPort = await findFreePort();
  env = cliEnvFor(cluster, PASSWORD);
  for (const db of ['shop', 'crm']) {
    await createDatabase(cluster.connection, db);
    await loadSampleData(cluster.connection, db);
  }
  const made: Record<string, string> = {};
  for (const db of ['crm', 'shop', 'shop']) {
    const result = await runCli(['--json', 'backup', '-d', db], {
      env: { ...env, BACKUP_STORAGE: goodRepo },
    });
    expect(result.code, result.stderr).toBe(0);
    made[db] = JSON.parse(result.stdout).backups[0].id;
  }
  ids = { shop: made.shop!, crm: made.crm! };
  // The other processes of the test run must be able to reach the row directories (runuser rows).
  chmodSync(root, 0o755);
  try {
    fullMount = join(root, 'full');
    mkdirSync(fullMount);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m,mode=0755', 'tmpfs', fullMount], {
      stdio: 'ignore',
    });
  } catch {
    fullMount = undefined;
    fullSkipReason = 'mounting a tmpfs needs root; the full-storage rows run where it is allowed';
  }
});

afterAll(async () => {
  if (fullMount) execFileSync('umount', [fullMount]);
  await cluster?.stop();
  rmSync(root, { recursive: true, force: true });
});

/** Fills the tiny filesystem up to its last byte, after the row's repository copy is on it. */
function fillUp(mount: string, n: number): void {
  const chunk = Buffer.alloc(64 * 1024, 1);
  const filler = join(mount, `filler-${n}`);
  writeFileSync(filler, '');
  try {
    for (;;) writeFileSync(filler, chunk, { flag: 'a' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  }
  // The last partial chunk may fit in smaller writes.
  try {
    for (;;) writeFileSync(filler, Buffer.alloc(512, 1), { flag: 'a' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  }
}

describe('failure matrix: every command, every failure condition', () => {
  const fullRows = ROWS.filter((r) => r.condition === 'full storage');
  const otherRows = ROWS.filter((r) => r.condition !== 'full storage');

  describe.concurrent('rows', () => {
    it.for(otherRows.map((r) => [`${r.args.join(' ')} — ${r.condition}`, r] as const))(
      '%s',
      async ([, row]) => {
        await checkRow(row, ++rowNumber);
      },
    );
  });

  // Full-disk rows share one tiny filesystem, so they run one after the other.
  describe('full storage', () => {
    it.for(fullRows.map((r) => [`${r.args.join(' ')} — full storage`, r] as const))(
      '%s',
      async ([, row], ctx) => {
        if (!fullMount) return ctx.skip(fullSkipReason);
        const n = ++rowNumber;
        const prepared = setUp(row, n);
        fillUp(fullMount, n);
        try {
          await checkRow(row, n, prepared);
        } finally {
          rmSync(join(fullMount, `filler-${n}`), { force: true });
          rmSync(prepared.repo, { recursive: true, force: true });
        }
      },
    );
  });

  it('no scratch or target database was left behind by any row', async () => {
    const client = new pg.Client(clientConfig(cluster.connection, 'postgres'));
    await client.connect();
    try {
      const { rows } = await client.query<{ datname: string }>(
        "SELECT datname FROM pg_database WHERE datname LIKE 'db_backup_drill_%' OR datname LIKE 'matrix_target_%'",
      );
      expect(rows.map((r) => r.datname)).toEqual([]);
    } finally {
      await client.end();
    }
  });
});

async function checkRow(row: Row, n: number, prepared = setUp(row, n)): Promise<void> {
  const before = snapshot(prepared.repo);
  const result = await cli(prepared.args, prepared.options);
  const output = `${result.stdout}\n${result.stderr}`;
  const context = `${prepared.args.join(' ')} (${row.condition})\n${output}`;
  expect(result.code, context).toBe(row.exit);
  expect(output, context).toMatch(new RegExp(`error \\[${row.code}\\]: \\S`));
  expect(output, context).toMatch(/^\s*hint: \S/m);
  if (row.says) expect(output, context).toMatch(row.says);
  expect(output, context).not.toMatch(/^\s+at \S/m);
  expect(output, context).not.toMatch(/unexpected error|\[INTERNAL\]/);
  // A drill that failed before its restore created nothing: it must not claim a scratch database was kept.
  if (prepared.args[0] === 'drill') expect(output, context).not.toMatch(/scratch \S+ kept|drop it by hand/);
  expect(output).not.toContain(PASSWORD);
  expect(output).not.toContain(WRONG_PASSWORD);
  expect(snapshot(prepared.repo), context).toEqual(before);
  if (row.condition === 'no repository yet') expect(existsSync(prepared.repo), context).toBe(false);
  if (prepared.args.includes(prepared.target))
    expect(await databaseExists(cluster.connection, prepared.target)).toBe(false);
}

describe('the other field mistakes', () => {
  it("a failing selective restore shows pg_restore's ERROR line, not only its Command was:", async () => {
    const target = 'matrix_selective';
    const result = await runCli(['restore', ids.shop, '--target-database', target, '-t', 'Mixed Case'], {
      env: { ...env, BACKUP_STORAGE: goodRepo },
    });
    try {
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toMatch(/error \[RESTORE_FAILED\]/);
      expect(result.stderr).toMatch(
        /ERROR: {2}type "(mood|positive_money|hstore|public\.\w+)" does not exist/,
      );
      expect(result.stderr).toMatch(/^hint: /m);
    } finally {
      await dropIfExists(target);
    }
  });

  it('PGHOST= and PGUSER= set but empty count as unset, as libpq does', async () => {
    const repo = join(root, 'empty-vars', 'repo');
    const result = await runCli(['--json', 'backup', '-d', 'shop'], {
      env: {
        ...env,
        BACKUP_STORAGE: repo,
        PGHOST: '',
        PGUSER: '',
        DATABASE_URL: `postgres://postgres@127.0.0.1:${cluster.connection.port}/shop`,
      },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).backups[0].host).toBe(`127.0.0.1:${cluster.connection.port}`);
  });

  it('a drill whose local report copy cannot be written still prints its result, with a warning', async () => {
    const dir = join(root, 'drill-copy');
    const repo = join(dir, 'repo');
    cpSync(goodRepo, repo, { recursive: true });
    writeFileSync(join(dir, 'a-file'), '');
    const result = await runCli(
      ['drill', '-d', 'shop', '--report-file', join(dir, 'a-file', 'report.json')],
      {
        env: { ...env, BACKUP_STORAGE: repo },
      },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/drill SUCCESS/);
    expect(result.stdout).toMatch(/checks passed.*; scratch \S+ dropped/);
    expect(result.stderr).toMatch(/could not write the local drill report .*a-file\/report\.json/);
    expect(result.stderr).not.toMatch(/^\s+at \S/m);
  });

  it('an unknown BACKUP_* variable is a warning with a suggestion; the command still runs', async () => {
    const result = await runCli(['list'], {
      env: { ...env, BACKUP_STORAGE: goodRepo, BACKUP_RETENTON_DAYS: '7' },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(
      'warning: environment variable BACKUP_RETENTON_DAYS is not used by db-backup (did you mean BACKUP_RETENTION_DAYS?)',
    );
  });

  it("each command's --help lists the global options; a bare db-backup prints help without a stray line", async () => {
    for (const command of [['backup'], ['restore'], ['drill', 'history']]) {
      const help = await runCli([...command, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/Global Options:[\s\S]*--storage <location>[\s\S]*-U, --user <role>/);
    }
    const bare = await runCli([]);
    expect(bare.code).toBe(2);
    expect(bare.stdout + bare.stderr).toMatch(/Commands:/);
    expect(bare.stdout + bare.stderr).not.toContain('(outputHelp)');
  });
});

async function dropIfExists(name: string): Promise<void> {
  const client = new pg.Client(clientConfig(cluster.connection, 'postgres'));
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}
