/**
 * The throwaway cluster of a point-in-time drill: a temp directory the `postgres` OS user owns (when we are
 * root), server settings that keep the restored copy local and harmless (loopback, a free port, a private
 * socket, no archiving, no replication, no SSL files, modest memory, our own pg_hba), a trusted socket
 * connection as the cluster's bootstrap superuser, and the stop-and-remove that always runs.
 */
import { existsSync } from 'node:fs';
import { chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runChild } from '../pipeline/child.ts';
import { type PgConnection, withClient } from '../postgres/connection.ts';
import { asServerUser, isRoot } from '../postgres/server-user.ts';

export interface PitrScratch {
  work: string;
  pgdata: string;
  socketDir: string;
  port: number;
}

async function postgresIds(): Promise<{ uid: number; gid: number } | undefined> {
  if (!isRoot()) return undefined;
  const line = (await readFile('/etc/passwd', 'utf8')).split('\n').find((l) => l.startsWith('postgres:'));
  if (!line) return undefined;
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/** Creates the drill's temp directory (data directory inside, not yet created) and its pg_hba file. */
export async function createPitrScratch(port: number): Promise<PitrScratch> {
  const work = await mkdtemp(join(tmpdir(), 'db-backup-pitr-drill-'));
  const socketDir = join(work, 'sock');
  await mkdir(socketDir, { mode: 0o700 });
  // Only the drill connects, over its private socket: no password of the source is needed or exposed.
  await writeFile(join(work, 'pg_hba.conf'), 'local all all trust\n', { mode: 0o600 });
  const ids = await postgresIds();
  if (ids)
    for (const path of [work, socketDir, join(work, 'pg_hba.conf')]) await chown(path, ids.uid, ids.gid);
  return { work, pgdata: join(work, 'data'), socketDir, port };
}

/** Server settings (postgresql.auto.conf, after the source's) that keep the restored copy to itself. */
export function pitrScratchSettings(scratch: PitrScratch): Record<string, string> {
  return {
    port: String(scratch.port),
    listen_addresses: '127.0.0.1',
    unix_socket_directories: scratch.socketDir,
    hba_file: join(scratch.work, 'pg_hba.conf'),
    // The source's archive_command pushes into the production WAL area: the copy must never run it.
    archive_mode: 'off',
    primary_conninfo: '',
    primary_slot_name: '',
    ssl: 'off',
    // startAndAwaitRecovery reads the server log pg_ctl writes.
    logging_collector: 'off',
    shared_buffers: '128MB',
  };
}

/** Gives the data directory a postgresql.conf when the source kept its configuration elsewhere (Debian). */
export async function ensureServerConfigFile(pgdata: string): Promise<void> {
  const path = join(pgdata, 'postgresql.conf');
  if (existsSync(path)) return;
  await writeFile(
    path,
    '# written by db-backup drill --pitr: the source kept its configuration elsewhere\n',
    {
      mode: 0o600,
    },
  );
  const ids = await postgresIds();
  if (ids) await chown(path, ids.uid, ids.gid);
}

/**
 * The connection to the restored copy as its bootstrap superuser (the role with oid 10), found by trying
 * `candidates` over the trusted socket.
 */
export async function superuserConnection(scratch: PitrScratch, candidates: string[]): Promise<PgConnection> {
  let lastError: unknown;
  for (const user of [...new Set(candidates)]) {
    const conn: PgConnection = { host: scratch.socketDir, port: scratch.port, user };
    try {
      const superuser = await withClient(
        conn,
        'template1',
        async (c) =>
          (await c.query<{ n: string }>('SELECT rolname AS n FROM pg_roles WHERE oid = 10')).rows[0]!.n,
      );
      return { ...conn, user: superuser };
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

/** Stops the copy at once (it is thrown away); true when no server runs in it any more. */
export async function stopPitrScratch(scratch: PitrScratch, binDir: string | undefined): Promise<boolean> {
  const pidFile = join(scratch.pgdata, 'postmaster.pid');
  if (!binDir || !existsSync(pidFile)) return true;
  const pgCtl = join(binDir, 'pg_ctl');
  const args = ['stop', '-D', scratch.pgdata, '-m', 'immediate', '-w', '-t', '60'];
  const result = await runChild(...(await asServerUser(pgCtl, args)));
  return result.code === 0 || !existsSync(pidFile);
}

/** Stops the copy and removes every file of it; true when both worked. */
export async function removePitrScratch(scratch: PitrScratch, binDir: string | undefined): Promise<boolean> {
  const stopped = await stopPitrScratch(scratch, binDir);
  await rm(scratch.work, { recursive: true, force: true });
  return stopped && !existsSync(scratch.work);
}
