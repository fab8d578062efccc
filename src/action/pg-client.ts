/**
 * Runners ship one pg_dump major; a newer server makes pg_dump refuse. Before commands that talk to the
 * server, the Action checks the runner's clients against the server and, on Ubuntu runners, installs the
 * matching client from the PostgreSQL project's apt repository (PGDG) with `@actions/exec`; otherwise it
 * fails naming both versions and the input that pins a client directory.
 */
import { exec } from '@actions/exec';
import type { Config } from '../core/config/schema.ts';
import { VersionMismatchError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import { findPgBinaries, selectClientFor } from '../core/postgres/binaries.ts';
import { resolveConnection } from '../core/postgres/connection.ts';
import { serverInfo } from '../core/postgres/server.ts';

/** Shell steps that add the PGDG apt repository and install `postgresql-client-<major>` (Debian/Ubuntu). */
export function pgdgInstallSteps(major: number): string[][] {
  const keyring = '/usr/share/postgresql-common/pgdg/apt.postgresql.org.asc';
  return [
    ['sudo', 'install', '-d', '/usr/share/postgresql-common/pgdg'],
    [
      'sudo',
      'curl',
      '--fail',
      '--silent',
      '--show-error',
      '-o',
      keyring,
      'https://www.postgresql.org/media/keys/ACCC4CF8.asc',
    ],
    [
      'sudo',
      'sh',
      '-c',
      `echo "deb [signed-by=${keyring}] https://apt.postgresql.org/pub/repos/apt $(. /etc/os-release && echo $VERSION_CODENAME)-pgdg main" > /etc/apt/sources.list.d/pgdg.list`,
    ],
    ['sudo', 'apt-get', 'update', '-qq'],
    ['sudo', 'apt-get', 'install', '-y', '-qq', '--no-install-recommends', `postgresql-client-${major}`],
  ];
}

export type ExecFn = (command: string, args: string[]) => Promise<number>;

/** Makes sure a client at least as new as the server exists; installs one when allowed and possible. */
export async function ensurePgClient(options: {
  config: Config;
  install: 'auto' | 'never';
  log: Logger;
  env?: NodeJS.ProcessEnv;
  run?: ExecFn;
}): Promise<void> {
  const { config, log } = options;
  const env = options.env ?? process.env;
  const server = await serverInfo(resolveConnection(config.connection));
  try {
    selectClientFor(server.major, await findPgBinaries({ pgBinDir: config.pgBinDir }), config.pgBinDir);
    return;
  } catch (error) {
    if (!(error instanceof VersionMismatchError) || config.pgBinDir) throw withInputHint(error, server.major);
    const canInstall =
      options.install === 'auto' && env.RUNNER_OS === 'Linux' && Number.isInteger(server.major);
    if (!canInstall) throw withInputHint(error, server.major);
    log.info(
      `installing postgresql-client-${server.major} from the PostgreSQL apt repository (server is ${server.version})`,
    );
    const run: ExecFn = options.run ?? ((command, args) => exec(command, args));
    for (const [command, ...args] of pgdgInstallSteps(server.major)) {
      const code = await run(command!, args).catch(() => -1);
      if (code !== 0) {
        throw new VersionMismatchError(
          `the runner's pg_dump is older than the PostgreSQL ${server.version} server, and installing postgresql-client-${server.major} failed (${command} ${args.slice(0, 2).join(' ')} exited ${code})`,
          {
            hint: `install a PostgreSQL ${server.major} client in an earlier step and set the pg-bin-dir input to its bin directory`,
          },
        );
      }
    }
    selectClientFor(server.major, await findPgBinaries({}), undefined);
  }
}

function withInputHint(error: unknown, major: number): unknown {
  if (!(error instanceof VersionMismatchError)) return error;
  return new VersionMismatchError(error.message, {
    hint: `set install-pg-client: auto on an Ubuntu runner, or install postgresql-client-${major} and set the pg-bin-dir input to its bin directory (e.g. /usr/lib/postgresql/${major}/bin)`,
    cause: error,
  });
}
