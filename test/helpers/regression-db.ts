/**
 * PostgreSQL's regression database, built once by scripts/build-regression-db.sh (pg_regress with the
 * parallel schedule, as `make installcheck-parallel` does) and cached under .cache/regression-db/<version>/.
 * Each test run starts a private copy of the cached cluster, so the cache itself is never written to.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findServerBinaries } from '../../src/core/postgres/binaries.ts';
import { findFreePort } from '../../src/core/postgres/local-cluster.ts';

export const BUILD_SCRIPT = fileURLToPath(new URL('../../scripts/build-regression-db.sh', import.meta.url));
const CACHE_ROOT = fileURLToPath(new URL('../../.cache/regression-db/', import.meta.url));

export interface RegressionCache {
  dir: string;
  binDir: string;
  version: string;
}

export interface RegressionCluster {
  connection: { host: string; port: number; user: string; password: string };
  binDir: string;
  stop(): Promise<void>;
}

/** The cache for the installed server, building it when missing; `{reason}` when it cannot be had. */
export async function regressionCache(): Promise<RegressionCache | { reason: string }> {
  const { binDir } = await findServerBinaries();
  const version = execFileSync(join(binDir, 'postgres'), ['--version'], { encoding: 'utf8' })
    .split(' ')[2]!
    .trim();
  const dir = join(CACHE_ROOT, version);
  if (!existsSync(join(dir, 'done'))) {
    if (process.getuid?.() !== 0)
      return {
        reason: `no cached regression database for PostgreSQL ${version}, and building one needs root`,
      };
    try {
      execFileSync('bash', [BUILD_SCRIPT], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 900_000 });
    } catch (error) {
      const stderr = String((error as { stderr?: Buffer }).stderr ?? '').trim();
      return { reason: `scripts/build-regression-db.sh failed: ${stderr.split('\n').at(-1) ?? error}` };
    }
  }
  if (!existsSync(join(dir, 'done'))) return { reason: `the build left no cache at ${dir}` };
  return { dir, binDir, version };
}

/** What the build recorded (source package, pg_regress summary), for the test's log. */
export function cacheInfo(cache: RegressionCache): string {
  return readFileSync(join(cache.dir, 'done'), 'utf8').trim().replace(/\n/g, '; ');
}

const asPostgres = (program: string, args: string[]) =>
  process.getuid?.() === 0
    ? (['runuser', ['-u', 'postgres', '--', program, ...args]] as const)
    : ([program, args] as const);

function runAsPostgres(program: string, args: string[]): void {
  const [command, argv] = asPostgres(program, args);
  execFileSync(command, [...argv], { stdio: ['ignore', 'ignore', 'pipe'] });
}

/**
 * Starts a private copy of the cached cluster under `parent` (in `parent/cluster`, removed by `stop`) on a
 * free loopback port, with trust authentication as built.
 */
export async function startRegressionCluster(
  cache: RegressionCache,
  parent: string,
): Promise<RegressionCluster> {
  // The server runs as postgres: it must be able to reach its directory.
  chmodSync(parent, 0o755);
  const base = join(parent, 'cluster');
  mkdirSync(base);
  const data = join(base, 'data');
  cpSync(join(cache.dir, 'data'), data, { recursive: true, preserveTimestamps: true });
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    execFileSync('chown', ['-R', `${uid}:${gid}`, base]);
    chownSync(base, uid, gid);
  }
  chmodSync(base, 0o700);
  chmodSync(data, 0o700);
  const port = await findFreePort();
  const pgCtl = join(cache.binDir, 'pg_ctl');
  runAsPostgres(pgCtl, [
    'start',
    '-D',
    data,
    '-w',
    '-t',
    '120',
    '-l',
    join(base, 'server.log'),
    '-o',
    `-p ${port} -k ${base} -c listen_addresses=127.0.0.1`,
  ]);
  let stopped = false;
  return {
    connection: { host: '127.0.0.1', port, user: 'postgres', password: 'unused-trust-auth' },
    binDir: cache.binDir,
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        runAsPostgres(pgCtl, ['stop', '-D', data, '-m', 'fast', '-w']);
      } finally {
        rmSync(base, { recursive: true, force: true });
      }
    },
  };
}
