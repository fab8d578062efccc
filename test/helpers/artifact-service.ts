/**
 * A loopback stand-in for GitHub's artifact service (results Twirp API + blob storage), enough for the real
 * `@actions/artifact` client to create, upload and finalize an artifact. The uploaded zip bytes are kept so a
 * test can check that the report arrived intact.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ArtifactService {
  url: string;
  /** The runtime token the client needs: a JWT whose `scp` claim names the run and job backend ids. */
  token: string;
  artifacts: Map<string, { zip: Buffer; finalized: boolean; expiresAt?: string; size?: string }>;
  close(): Promise<void>;
}

const body = (req: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Starts the stand-in on 127.0.0.1 (random port). */
export async function startArtifactService(): Promise<ArtifactService> {
  const artifacts: ArtifactService['artifacts'] = new Map();
  const blocks = new Map<string, Map<string, Buffer>>();
  let port = 0;
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const data = await body(req);
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    if (req.method === 'POST' && url.pathname.endsWith('.ArtifactService/CreateArtifact')) {
      const request = JSON.parse(data.toString('utf8'));
      artifacts.set(request.name, { zip: Buffer.alloc(0), finalized: false, expiresAt: request.expires_at });
      return json(200, {
        ok: true,
        signedUploadUrl: `http://127.0.0.1:${port}/blob/${encodeURIComponent(request.name)}?sig=stand-in`,
      });
    }
    if (req.method === 'POST' && url.pathname.endsWith('.ArtifactService/FinalizeArtifact')) {
      const request = JSON.parse(data.toString('utf8'));
      const artifact = artifacts.get(request.name);
      if (!artifact) return json(404, { code: 'not_found', msg: 'no such artifact' });
      artifact.finalized = true;
      artifact.size = request.size;
      return json(200, { ok: true, artifactId: '4242' });
    }
    if (req.method === 'PUT' && url.pathname.startsWith('/blob/')) {
      const name = decodeURIComponent(url.pathname.slice('/blob/'.length));
      const artifact = artifacts.get(name);
      if (!artifact) return json(404, {});
      const staged = blocks.get(name) ?? new Map<string, Buffer>();
      blocks.set(name, staged);
      const comp = url.searchParams.get('comp');
      if (comp === 'block') staged.set(url.searchParams.get('blockid')!, data);
      else if (comp === 'blocklist') {
        const ids = [...data.toString('utf8').matchAll(/<(?:Latest|Uncommitted|Committed)>([^<]+)</g)].map(
          (m) => m[1]!,
        );
        artifact.zip = Buffer.concat(ids.map((id) => staged.get(id) ?? Buffer.alloc(0)));
      } else artifact.zip = data;
      res.writeHead(201, {
        etag: '"stand-in"',
        'last-modified': new Date().toUTCString(),
        'x-ms-request-id': 'x',
      });
      return res.end();
    }
    json(404, { code: 'not_found', msg: `${req.method} ${url.pathname}` });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  const token = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({
    scp: 'Actions.ExampleScope Actions.Results:11111111-2222-3333-4444-555555555555:66666666-7777-8888-9999-000000000000',
  })}.sig`;
  return {
    url: `http://127.0.0.1:${port}/`,
    token,
    artifacts,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
