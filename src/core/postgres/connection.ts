/**
 * How to reach the server. Passwords travel to child programs only in PGPASSWORD, and database names only in
 * PGDATABASE (a name in argv could be parsed as a conninfo string or an option).
 */
import pg from 'pg';
import type { Config } from '../config/schema.ts';
import { AuthenticationError, ConfigError, ConnectionError, DatabaseNotFoundError } from '../errors.ts';
import { redact, registerSecret } from '../redact.ts';

export interface PgConnection {
  host?: string;
  port?: number;
  user?: string;
  password?: string;
  sslmode?: string;
}

function parseUrl(url: string): URL {
  try {
    const parsed = new URL(url);
    if (!/^postgres(ql)?:$/.test(parsed.protocol))
      throw new Error(`scheme ${parsed.protocol} is not postgres:`);
    return parsed;
  } catch (error) {
    throw new ConfigError(
      [`connection.url (DATABASE_URL): malformed URL ${redact(url)}: ${(error as Error).message}`],
      {
        hint: 'use postgres://user:password@host:5432/database',
      },
    );
  }
}

/** The database named in a postgres:// URL, if any. */
export function databaseFromUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const name = decodeURIComponent(parseUrl(url).pathname.replace(/^\//, ''));
  return name || undefined;
}

/** Merges the URL and the separate fields (fields win) into one connection, registering the password as a secret. */
export function resolveConnection(conn: Config['connection']): PgConnection {
  const out: PgConnection = {};
  if (conn.url) {
    const url = parseUrl(conn.url);
    if (url.hostname) out.host = decodeURIComponent(url.hostname.replace(/^\[|\]$/g, ''));
    if (url.port) out.port = Number(url.port);
    if (url.username) out.user = decodeURIComponent(url.username);
    if (url.password) out.password = decodeURIComponent(url.password);
    const sslmode = url.searchParams.get('sslmode');
    if (sslmode) out.sslmode = sslmode;
    const host = url.searchParams.get('host');
    if (host) out.host = host;
  }
  if (conn.host) out.host = conn.host;
  if (conn.port) out.port = conn.port;
  if (conn.user) out.user = conn.user;
  if (conn.password) out.password = conn.password;
  if (conn.sslmode) out.sslmode = conn.sslmode;
  registerSecret(out.password);
  return out;
}

/** Environment for pg_dump/pg_restore/psql children: connection, password and database via PG* variables only. */
export function childEnv(conn: PgConnection, database?: string): Record<string, string> {
  const env: Record<string, string> = { PGCONNECT_TIMEOUT: '10', PGAPPNAME: 'db-backup' };
  if (conn.host) env.PGHOST = conn.host;
  if (conn.port) env.PGPORT = String(conn.port);
  if (conn.user) env.PGUSER = conn.user;
  if (conn.password) env.PGPASSWORD = conn.password;
  if (conn.sslmode) env.PGSSLMODE = conn.sslmode;
  if (database !== undefined) env.PGDATABASE = database;
  return env;
}

/** Client settings for the `pg` package. */
export function clientConfig(conn: PgConnection, database: string): pg.ClientConfig {
  return {
    host: conn.host ?? process.env.PGHOST,
    port: conn.port ?? (process.env.PGPORT ? Number(process.env.PGPORT) : undefined),
    user: conn.user ?? process.env.PGUSER,
    password: conn.password ?? process.env.PGPASSWORD,
    database,
    connectionTimeoutMillis: 10_000,
    application_name: 'db-backup',
    ...(conn.sslmode && conn.sslmode !== 'disable'
      ? { ssl: conn.sslmode === 'require' ? { rejectUnauthorized: false } : true }
      : {}),
  };
}

/** `host:port` for messages (never credentials). */
export function describeServer(conn: PgConnection): string {
  return `${conn.host ?? process.env.PGHOST ?? 'localhost'}:${conn.port ?? process.env.PGPORT ?? 5432}`;
}

/** Maps a connection-time error to a named error that says what to do. */
export function connectionError(error: unknown, conn: PgConnection, database: string): Error {
  const e = error as { code?: string; message?: string };
  const where = describeServer(conn);
  if (
    /client password must be a string|SASL: SCRAM-SERVER-FIRST-MESSAGE|password authentication failed.*no password/i.test(
      e.message ?? '',
    ) &&
    !conn.password
  ) {
    return new AuthenticationError(
      `the server at ${where} requires a password for ${conn.user ? `role ${JSON.stringify(conn.user)}` : 'the default role'}, and none was given`,
      { hint: 'set PGPASSWORD or PGPASSWORD_FILE, put the password in DATABASE_URL, or add it to ~/.pgpass' },
    );
  }
  if (e.code === '28P01' || e.code === '28000') {
    return new AuthenticationError(
      `authentication failed for ${conn.user ? `role ${JSON.stringify(conn.user)}` : 'the default role'} on ${where}`,
      {
        hint: 'check PGPASSWORD / PGPASSWORD_FILE or the password in DATABASE_URL, and pg_hba.conf',
      },
    );
  }
  if (e.code === '3D000') {
    return new DatabaseNotFoundError(`database ${JSON.stringify(database)} does not exist on ${where}`, {
      hint: 'check the name (it is case-sensitive); `psql -l` lists the databases',
    });
  }
  if (
    [
      'ECONNREFUSED',
      'ENOTFOUND',
      'ETIMEDOUT',
      'EHOSTUNREACH',
      'ENETUNREACH',
      'EAI_AGAIN',
      'ECONNRESET',
    ].includes(e.code ?? '') ||
    /timeout|terminated/i.test(e.message ?? '')
  ) {
    return new ConnectionError(`cannot reach PostgreSQL at ${where}: ${redact(e.message ?? String(error))}`, {
      hint: 'is the server running? check PGHOST/PGPORT (or DATABASE_URL) and the network',
    });
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** A connected client of `database`; the caller ends it. Connection failures become named errors. */
export async function openClient(conn: PgConnection, database: string): Promise<pg.Client> {
  registerSecret(conn.password);
  const client = new pg.Client(clientConfig(conn, database));
  // An idle error after a server crash must not kill the process; the pending query rejects anyway.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw connectionError(error, conn, database);
  }
  return client;
}

/** Connects to `database`, runs `fn`, always disconnects; connection failures become named errors. */
export async function withClient<T>(
  conn: PgConnection,
  database: string,
  fn: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = await openClient(conn, database);
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}
