/**
 * The daemon's one HTTP port: `/healthz` and `/metrics` (always open), the dashboard's static files at `/`,
 * and the JSON API under `/api/v1` (bearer tokens; off unless a token is set). node:http and a small route table: the surface is small and a
 * framework would cost more start-up and memory than it saves.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../core/logger.ts';
import { redact } from '../../core/redact.ts';
import { apiEnabled, type Role, roleOf, type TokenSet } from './auth.ts';

export const MAX_BODY_BYTES = 64 * 1024;

export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/**
 * A response body sent byte for byte with its extra headers, never redacted again: cached JSON rendered and
 * redacted once, or a static file (the dashboard's page, script and style sheet). JSON unless the route names
 * another content type.
 */
export class PreparedBody {
  readonly bytes: Buffer | string;
  readonly headers: Record<string, string>;
  constructor(bytes: Buffer | string, headers: Record<string, string> = {}) {
    this.bytes = bytes;
    this.headers = headers;
  }
}

export interface RequestContext {
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  actor: string;
  role: Role | 'anonymous';
}

export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  /** Path pattern with `{name}` parameters, e.g. `/api/v1/backups/{id}`. */
  path: string;
  /** Who may call it: `open` (health, metrics), `read` (API_TOKEN or ADMIN_TOKEN), `admin` (ADMIN_TOKEN). */
  access: 'open' | 'read' | 'admin';
  /** Returns `[status, body]`; a string body is sent as text, anything else as JSON. */
  handle(ctx: RequestContext): Promise<[number, unknown, string?]>;
}

function compile(path: string): RegExp {
  const pattern = path
    .split(/(\{\w+\})/)
    .map((part) =>
      /^\{\w+\}$/.test(part) ? `(?<${part.slice(1, -1)}>[^/]+)` : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${pattern}$`);
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES)
    throw new HttpError(413, 'BODY_TOO_LARGE', `request body over ${MAX_BODY_BYTES} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES)
      throw new HttpError(413, 'BODY_TOO_LARGE', `request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
    throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'send the request body as application/json');
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'INVALID_JSON', 'the request body is not valid JSON');
  }
}

/**
 * On every response, API and dashboard alike: the page runs only its own script and style sheet (no inline
 * code, no other origin), may not be framed, and sends no referrer.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

function send(res: ServerResponse, status: number, body: unknown, contentType?: string): void {
  if (body instanceof PreparedBody) {
    res.writeHead(status, {
      ...SECURITY_HEADERS,
      ...body.headers,
      'content-type': contentType ?? 'application/json; charset=utf-8',
    });
    res.end(body.bytes);
    return;
  }
  const text = typeof body === 'string' ? body : `${JSON.stringify(body, null, 2)}\n`;
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type':
      contentType ??
      (typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8'),
  });
  res.end(redact(text));
}

/** Cross-origin writes are refused: a browser page elsewhere must not drive the API with a stored token. */
function crossOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin || req.method === 'GET' || req.method === 'HEAD') return false;
  try {
    return new URL(origin).host !== req.headers.host;
  } catch {
    return true;
  }
}

/** Starts the server on `listen:port` (port 0 = any free port); resolves with it and its bound port. */
export async function startHttpServer(options: {
  routes: Route[];
  tokens: TokenSet;
  listen: string;
  port: number;
  log: Logger;
}): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const compiled = options.routes.map((route) => ({ route, regex: compile(route.path) }));
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      const matches = compiled
        .map(({ route, regex }) => ({ route, match: regex.exec(url.pathname) }))
        .filter((m) => m.match);
      if (matches.length === 0) throw new HttpError(404, 'NOT_FOUND', `no route ${url.pathname}`);
      const found = matches.find((m) => m.route.method === req.method);
      if (!found)
        throw new HttpError(405, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${url.pathname}`);
      const { route, match } = found;
      // Checked before the token: a page elsewhere learns nothing, whatever token its user's browser holds.
      if (crossOrigin(req))
        throw new HttpError(403, 'CROSS_ORIGIN', 'cross-origin requests may not change anything');
      let role: RequestContext['role'] = 'anonymous';
      let actor = 'anonymous';
      if (route.access !== 'open') {
        if (!apiEnabled(options.tokens)) {
          throw new HttpError(
            404,
            'API_DISABLED',
            'the API is off: set API_TOKEN (and ADMIN_TOKEN for restore and delete)',
          );
        }
        const granted = roleOf(req.headers.authorization, options.tokens);
        if (!granted)
          throw new HttpError(401, 'UNAUTHORIZED', 'send Authorization: Bearer <API_TOKEN or ADMIN_TOKEN>');
        if (route.access === 'admin' && granted.role !== 'admin') {
          throw new HttpError(403, 'FORBIDDEN', 'this operation needs the ADMIN_TOKEN');
        }
        role = granted.role;
        actor = granted.actor;
      }
      const body = req.method === 'GET' ? {} : await readBody(req);
      const [status, payload, contentType] = await route.handle({
        params: Object.fromEntries(
          Object.entries(match!.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]),
        ),
        query: url.searchParams,
        body,
        actor,
        role,
      });
      send(res, status, payload, contentType);
    } catch (error) {
      if (error instanceof HttpError) {
        send(res, error.status, { error: { code: error.code, message: error.message } });
        return;
      }
      const e = error as { code?: string; message?: string; exitCode?: number };
      const status = e.exitCode === 4 ? 404 : e.exitCode === 2 ? 400 : e.exitCode === 5 ? 409 : 500;
      if (status === 500) options.log.warn(`API ${req.method} ${url.pathname} failed: ${e.message}`);
      send(res, status, { error: { code: e.code ?? 'INTERNAL', message: e.message ?? String(error) } });
    }
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.listen, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
