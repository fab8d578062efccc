/**
 * Finding PostgreSQL client and server programs. A dump must be taken by a pg_dump at least as new as the
 * server; the same major is preferred because it restores most faithfully.
 */
import { access, constants, readdir, realpath } from 'node:fs/promises';
import { basename, delimiter, join } from 'node:path';
import { BinaryNotFoundError, VersionMismatchError } from '../errors.ts';
import { runChild } from '../pipeline/child.ts';

export interface PgInstall {
  binDir: string;
  /** Major version: 15, 16, ... (9.6 for old servers). */
  major: number;
  /** Full version as pg_dump prints it, e.g. `15.14`. */
  version: string;
}

export type PgToolName =
  | 'pg_dump'
  | 'pg_dumpall'
  | 'pg_restore'
  | 'psql'
  | 'initdb'
  | 'pg_ctl'
  | 'postgres'
  | 'pg_isready'
  | 'pg_basebackup';

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function globDirs(pattern: { parent: string; match: RegExp; suffix: string }): Promise<string[]> {
  try {
    const names = await readdir(pattern.parent);
    return names.filter((n) => pattern.match.test(n)).map((n) => join(pattern.parent, n, pattern.suffix));
  } catch {
    return [];
  }
}

/** Parses `pg_dump (PostgreSQL) 15.14 (Debian 15.14-0+deb12u1)` into a version and major. */
export function parseVersion(output: string): { version: string; major: number } | undefined {
  const m = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(output);
  if (!m) return undefined;
  const first = Number(m[1]);
  const major = first >= 10 ? first : Number(`${first}.${m[2] ?? 0}`);
  return { version: [m[1], m[2], m[3]].filter((p) => p !== undefined).join('.'), major };
}

/** Directories that might hold PostgreSQL programs, in search order. */
export async function candidateDirs(
  opts: { pgBinDir?: string; searchPath?: string } = {},
): Promise<string[]> {
  const path = (opts.searchPath ?? process.env.PATH ?? '').split(delimiter).filter(Boolean);
  const versioned = [
    ...(await globDirs({ parent: '/usr/lib/postgresql', match: /^\d+(\.\d+)?$/, suffix: 'bin' })),
    ...(await globDirs({ parent: '/usr', match: /^pgsql-\d+$/, suffix: 'bin' })),
    ...(await globDirs({ parent: '/opt/homebrew/opt', match: /^postgresql@\d+$/, suffix: 'bin' })),
    ...(await globDirs({ parent: '/usr/local/opt', match: /^postgresql@\d+$/, suffix: 'bin' })),
  ];
  return [...(opts.pgBinDir ? [opts.pgBinDir] : []), ...path, ...versioned];
}

/**
 * Every install holding pg_dump, deduplicated by real path and version (a wrapper that runs one of the
 * versioned installs, like Debian's /usr/bin/pg_dump, loses to the versioned directory).
 */
export async function findPgBinaries(
  opts: { pgBinDir?: string; searchPath?: string } = {},
): Promise<PgInstall[]> {
  if (opts.pgBinDir && !(await isExecutable(join(opts.pgBinDir, 'pg_dump')))) {
    throw new BinaryNotFoundError(`no pg_dump in ${opts.pgBinDir} (BACKUP_PG_BIN_DIR / --pg-bin-dir)`, {
      hint: 'point it at the bin directory of a PostgreSQL client install, or unset it to search PATH and /usr/lib/postgresql/*/bin',
    });
  }
  // An explicit directory is used or refused, never replaced (selectClientFor), so nothing else needs probing.
  const dirs = opts.pgBinDir ? [opts.pgBinDir] : await candidateDirs(opts);
  // Probing runs each pg_dump (Debian's /usr/bin wrapper is a Perl script): all at once, it is start-up time.
  const probes = await Promise.all(dirs.map((dir) => probeInstall(dir)));
  const seen = new Set<string>();
  const installs: PgInstall[] = [];
  for (const probe of probes) {
    if (!probe || seen.has(probe.real)) continue;
    seen.add(probe.real);
    const duplicate = installs.find((i) => i.version === probe.install.version);
    // Debian's pg_wrapper in /usr/bin lacks pg_ctl etc.; an explicit versioned dir of the same version wins.
    if (duplicate && probe.isWrapper) continue;
    if (duplicate) installs.splice(installs.indexOf(duplicate), 1);
    installs.push(probe.install);
  }
  if (opts.pgBinDir && installs.length === 0) {
    throw new BinaryNotFoundError(`pg_dump in ${opts.pgBinDir} did not report a PostgreSQL version`, {
      hint: `run \`${join(opts.pgBinDir, 'pg_dump')} --version\` to see why, or point BACKUP_PG_BIN_DIR elsewhere`,
    });
  }
  return installs;
}

async function probeInstall(
  dir: string,
): Promise<{ install: PgInstall; real: string; isWrapper: boolean } | undefined> {
  const pgDump = join(dir, 'pg_dump');
  if (!(await isExecutable(pgDump))) return undefined;
  const real = await realpath(pgDump).catch(() => pgDump);
  // Debian's postgresql-common wrapper (a Perl script, the slowest probe) only ever runs the pg_dump of one of
  // the /usr/lib/postgresql/*/bin installs, which are probed themselves: it can add nothing, so it is not run.
  if (basename(real) === 'pg_wrapper') return undefined;
  const parsed = parseVersion((await runChild(pgDump, ['--version'])).stdout);
  if (!parsed) return undefined;
  const isWrapper = !(await isExecutable(join(dir, 'pg_restore'))) || dir === '/usr/bin';
  return { install: { binDir: dir, ...parsed }, real, isWrapper };
}

/**
 * The install to use against a server of `serverMajor`: the explicitly configured directory when it is new
 * enough (an explicit choice is never silently replaced), else the same major, else the lowest newer one.
 */
export function selectClientFor(serverMajor: number, installs: PgInstall[], explicitDir?: string): PgInstall {
  if (installs.length === 0) {
    throw new BinaryNotFoundError('pg_dump not found in PATH or /usr/lib/postgresql/*/bin', {
      hint: 'install the PostgreSQL client (Debian/Ubuntu: apt-get install postgresql-client) or set BACKUP_PG_BIN_DIR',
    });
  }
  const explicit = explicitDir ? installs.find((i) => i.binDir === explicitDir) : undefined;
  if (explicit) {
    if (explicit.major >= serverMajor) return explicit;
    throw new VersionMismatchError(
      `pg_dump ${explicit.version} in ${explicit.binDir} (BACKUP_PG_BIN_DIR / --pg-bin-dir) is older than the PostgreSQL ${serverMajor} server it must work with`,
      {
        hint: `point BACKUP_PG_BIN_DIR at a PostgreSQL ${serverMajor} or newer client, or unset it to search PATH and /usr/lib/postgresql/*/bin`,
      },
    );
  }
  const same = installs.find((i) => i.major === serverMajor);
  if (same) return same;
  const newer = installs.filter((i) => i.major > serverMajor).sort((a, b) => a.major - b.major)[0];
  if (newer) return newer;
  const newest = [...installs].sort((a, b) => b.major - a.major)[0]!;
  throw new VersionMismatchError(
    `pg_dump ${newest.version} cannot dump a PostgreSQL ${serverMajor} server: the client must be at least as new as the server`,
    { hint: `install postgresql-client-${serverMajor} or set BACKUP_PG_BIN_DIR to its bin directory` },
  );
}

/** The path of one program of an install; BinaryNotFoundError if that install lacks it. */
export function pgToolPath(install: PgInstall, name: PgToolName): string {
  return join(install.binDir, name);
}

/** Like pgToolPath, checking that the program exists. */
export async function requirePgTool(install: PgInstall, name: PgToolName): Promise<string> {
  const path = pgToolPath(install, name);
  if (!(await isExecutable(path))) {
    throw new BinaryNotFoundError(`${name} not found in ${install.binDir}`, {
      hint: `install the full PostgreSQL ${install.major} client/server package`,
    });
  }
  return path;
}

/** The program path (synchronous; existence is checked when the program is started). */
export function pgTool(install: PgInstall, name: PgToolName): string {
  return pgToolPath(install, name);
}

/** The newest installed server (initdb + pg_ctl + postgres), for throwaway local clusters. */
export async function findServerBinaries(): Promise<{ binDir: string; major: number; version: string }> {
  const installs = await findPgBinaries();
  for (const install of [...installs].sort((a, b) => b.major - a.major)) {
    const ok = await Promise.all(
      ['initdb', 'pg_ctl', 'postgres'].map((p) => isExecutable(join(install.binDir, p))),
    );
    if (ok.every(Boolean)) return install;
  }
  throw new BinaryNotFoundError('no PostgreSQL server programs (initdb, pg_ctl, postgres) found', {
    hint: 'install the PostgreSQL server (Debian/Ubuntu: apt-get install postgresql)',
  });
}
