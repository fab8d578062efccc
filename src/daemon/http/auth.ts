/**
 * Bearer-token authorization for `/api/v1`: `API_TOKEN` reads and triggers jobs, `ADMIN_TOKEN` may also
 * restore and delete. Tokens are compared in constant time (over their sha256, so lengths do not leak).
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export type Role = 'read' | 'admin';

export interface TokenSet {
  apiToken?: string | undefined;
  adminToken?: string | undefined;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Whether the API is on at all: it is off unless a token is configured. */
export function apiEnabled(tokens: TokenSet): boolean {
  return Boolean(tokens.apiToken || tokens.adminToken);
}

/** The role an `Authorization` header grants, or undefined for a missing or unknown token. */
export function roleOf(
  header: string | undefined,
  tokens: TokenSet,
): { role: Role; actor: string } | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) return undefined;
  const given = digest(match[1]!);
  // Both comparisons always run, so timing says nothing about which token matched.
  const admin = tokens.adminToken ? timingSafeEqual(given, digest(tokens.adminToken)) : false;
  const api = tokens.apiToken ? timingSafeEqual(given, digest(tokens.apiToken)) : false;
  if (admin) return { role: 'admin', actor: 'api:admin-token' };
  if (api) return { role: 'read', actor: 'api:api-token' };
  return undefined;
}
