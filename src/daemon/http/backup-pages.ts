/**
 * `GET /api/v1/backups` pages: newest first, `limit` (default 100, at most 1,000) and `offset`, the total in
 * `X-Total-Count` and the next page in a `Link` header. A page is the join of rows rendered (and redacted)
 * once per catalog refresh, so serving one costs a slice and a join, never a JSON.stringify of the catalog:
 * a full 1,000-backup list is ~300 KB, and on a small host moving that per request is what limits latency.
 */
import { HttpError } from './server.ts';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export interface PageRequest {
  limit: number;
  offset: number;
  database?: string;
}

function nonNegativeInteger(query: URLSearchParams, name: string, fallback: number, max: number): number {
  const value = query.get(name);
  if (value === null || value === '') return fallback;
  if (!/^\d+$/.test(value) || Number(value) > max) {
    throw new HttpError(400, 'INVALID_REQUEST', `${name} must be a whole number from 0 to ${max}`);
  }
  return Number(value);
}

/** The page a query asks for; HttpError 400 for a limit or offset that is not a whole number in range. */
export function parsePageRequest(query: URLSearchParams): PageRequest {
  const limit = nonNegativeInteger(query, 'limit', DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  if (limit === 0) throw new HttpError(400, 'INVALID_REQUEST', `limit must be from 1 to ${MAX_PAGE_SIZE}`);
  const offset = nonNegativeInteger(query, 'offset', 0, Number.MAX_SAFE_INTEGER);
  const database = query.get('database') || undefined;
  return { limit, offset, ...(database ? { database } : {}) };
}

export interface RenderedRow {
  databases: string[];
  /** The row as redacted JSON. */
  json: string;
}

/** One page of `rows` (oldest first, as the catalog keeps them) as a JSON array, newest first, with its headers. */
export function renderBackupPage(
  rows: readonly RenderedRow[],
  request: PageRequest,
): { body: string; headers: Record<string, string> } {
  const selected: string[] = [];
  let total = 0;
  for (let i = rows.length - 1; i >= 0; i--) {
    const row = rows[i]!;
    if (request.database !== undefined && !row.databases.includes(request.database)) continue;
    if (total >= request.offset && selected.length < request.limit) selected.push(row.json);
    total++;
  }
  const headers: Record<string, string> = { 'x-total-count': String(total) };
  const nextOffset = request.offset + request.limit;
  if (nextOffset < total) {
    const next = new URLSearchParams({ limit: String(request.limit), offset: String(nextOffset) });
    if (request.database !== undefined) next.set('database', request.database);
    headers.link = `</api/v1/backups?${next}>; rel="next"`;
  }
  return { body: `[${selected.join(',')}]`, headers };
}
