/**
 * Database-level properties travel with a restore: `ALTER DATABASE … SET`, `ALTER ROLE … IN DATABASE … SET`,
 * the database's ACL, comment and owner. The archive holds them (its DATABASE, DATABASE PROPERTIES, COMMENT
 * and ACL entries, which pg_restore only emits with --create); restore creates the target itself under any
 * name, so they are extracted from the archive, rewritten for the target's name and applied to it.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../logger.ts';
import { runChild } from '../pipeline/child.ts';
import { type PgInstall, pgTool } from '../postgres/binaries.ts';
import { childEnv, type PgConnection, withClient } from '../postgres/connection.ts';
import { quoteIdent } from '../postgres/quote.ts';

/** The SQL of the database-level entries of an archive, still naming the source database. */
async function propertiesSql(
  install: PgInstall,
  archivePath: string,
  workDir: string,
  signal?: AbortSignal,
): Promise<string> {
  const listed = await runChild(pgTool(install, 'pg_restore'), ['--create', '--list', archivePath], {
    signal,
  });
  const wanted = listed.stdout
    .split('\n')
    .filter((line) => /^\d+;\s*\d+\s+\d+\s+(DATABASE PROPERTIES|DATABASE|COMMENT|ACL) - /.test(line))
    .filter((line) => !/ (COMMENT|ACL) - /.test(line) || / (COMMENT|ACL) - DATABASE /.test(line));
  if (wanted.length === 0) return '';
  const listFile = join(workDir, 'properties.list');
  await writeFile(listFile, `${wanted.join('\n')}\n`);
  const sql = await runChild(
    pgTool(install, 'pg_restore'),
    ['--create', `--use-list=${listFile}`, '--file=-', archivePath],
    { signal },
  );
  return sql.stdout;
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The statements that apply the source's properties to `target`: psql meta-commands and CREATE DATABASE
 * dropped, every `DATABASE <source>` rewritten to the target (whether pg_dump quoted the name or not).
 */
export function rewriteForTarget(
  sql: string,
  source: string,
  target: string,
): { owner?: string; statements: string[] } {
  const quoted = `"${source.replace(/"/g, '""')}"`;
  const forms = [quoted, ...(/^[a-z_][a-z0-9_$]*$/.test(source) ? [source] : [])].map(escapeRegex);
  const databaseRef = new RegExp(`(DATABASE) (?:${forms.join('|')})(?=[ ;])`, 'g');
  const statements: string[] = [];
  let owner: string | undefined;
  for (const statement of sql.split(/;\n/).map((s) => s.trim())) {
    const lines = statement
      .split('\n')
      .filter((l) => !l.startsWith('\\') && !l.startsWith('--') && l.trim() !== '');
    const text = lines.join('\n').trim();
    if (text === '' || /^(SET|SELECT) /.test(text) || /^CREATE DATABASE /.test(text)) continue;
    const ownerMatch = /^ALTER DATABASE .+ OWNER TO (.+)$/s.exec(text);
    if (ownerMatch) {
      owner = ownerMatch[1]!.trim();
      continue;
    }
    statements.push(`${text.replace(databaseRef, `$1 ${quoteIdent(target)}`)};`);
  }
  return { ...(owner ? { owner } : {}), statements };
}

/** Applies the archive's database-level properties to `target`; returns what was done, warns what could not be. */
export async function applyDatabaseProperties(options: {
  install: PgInstall;
  conn: PgConnection;
  archivePath: string;
  source: string;
  target: string;
  log: Logger;
  signal?: AbortSignal;
  /** A server without the source's roles (a throwaway drill cluster): ownership is not carried. */
  skipOwner?: boolean;
  /** A private directory for the list and SQL files. */
  workDir: string;
}): Promise<string[]> {
  const { install, conn, target, log } = options;
  const sql = await propertiesSql(install, options.archivePath, options.workDir, options.signal);
  const { owner, statements } = rewriteForTarget(sql, options.source, target);
  const done: string[] = [];
  if (owner && !options.skipOwner) {
    const role = owner.replace(/^"(.*)"$/s, '$1').replace(/""/g, '"');
    const exists = await withClient(conn, 'postgres', async (client) => {
      const { rows } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
      return rows.length > 0;
    });
    if (exists) statements.unshift(`ALTER DATABASE ${quoteIdent(target)} OWNER TO ${owner};`);
    else
      log.warn(
        `the source database's owner ${JSON.stringify(role)} does not exist here: ${target} keeps its current owner`,
      );
  }
  if (statements.length === 0) return done;
  const sqlFile = join(options.workDir, 'properties.sql');
  await writeFile(sqlFile, `${statements.join('\n')}\n`, { mode: 0o600 });
  const result = await runChild(
    pgTool(install, 'psql'),
    ['-X', '-q', '-v', 'ON_ERROR_STOP=0', '-f', sqlFile],
    {
      env: childEnv(conn, target),
      ...(options.signal ? { signal: options.signal } : {}),
    },
  );
  const errors = result.stderr.split('\n').filter((line) => /ERROR:/.test(line));
  for (const error of errors)
    log.warn(`a database property was not restored: ${error.replace(/^.*ERROR:\s*/, '')}`);
  done.push(
    `database properties applied to ${JSON.stringify(target)}: ${statements.length - errors.length} of ${statements.length} statement(s)`,
  );
  return done;
}
