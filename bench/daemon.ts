/**
 * `node bench/daemon.ts` (part of `npm run bench`): the sidecar daemon, run from the bundle as in the image.
 *   idle      resident memory and CPU over 10 s with nothing scheduled          [≤ 80 MiB, ~0% CPU]
 *   API       p50/p99 latency of GET /api/v1/backups, 1,000 backups in the
 *             repository, 50 concurrent clients for 10 s each:
 *               the default page (the newest 100)                               [p99 ≤ 50 ms]
 *               the whole list (?limit=1000, ~300 KB)
 *               baseline: the same ~300 KB served as a static buffer by bare node:http, same client
 * Writes bench/results/daemon.json. BENCH_DAEMON_BACKUPS and BENCH_DAEMON_SECONDS tune it; DAEMON_NODE_FLAGS
 * (e.g. `--max-semi-space-size=1`) passes V8 flags to the daemon to try memory settings.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFreePort, startLocalCluster } from '../src/core/postgres/local-cluster.ts';
import { createDatabase } from '../src/core/postgres/server.ts';
import { loadSampleData } from '../src/demo/load-sample-data.ts';

const CLI = fileURLToPath(new URL('../dist/cli/index.js', import.meta.url));
const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));
const BACKUPS = Number(process.env.BENCH_DAEMON_BACKUPS ?? 1000);
const SECONDS = Number(process.env.BENCH_DAEMON_SECONDS ?? 10);
const CLIENTS = 50;
const TOKEN = 'bench-token-0123456789abcdef';
const TICKS = 100; // USER_HZ on Linux

const root = mkdtempSync(join(tmpdir(), 'dbb-bench-daemon-'));
const repo = join(root, 'repo');
const cluster = await startLocalCluster({ password: 'bench-daemon-pw' });
const env = {
  ...process.env,
  PGHOST: '127.0.0.1',
  PGPORT: String(cluster.connection.port),
  PGUSER: 'postgres',
  PGPASSWORD: 'bench-daemon-pw',
  BACKUP_PG_BIN_DIR: cluster.binDir,
  BACKUP_STORAGE: repo,
  BACKUP_DATABASES: 'shop',
  BACKUP_LOG_LEVEL: 'warn',
};

function run(args: string[], extra: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...env, ...extra },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${args.join(' ')}: ${err}`))));
  });
}

/** Copies the one real backup's manifest under `count - 1` new ids (listing cost is per manifest). */
function fillRepository(count: number): void {
  const backups = join(repo, 'backups');
  const [id] = readdirSync(backups);
  const manifest = JSON.parse(readFileSync(join(backups, id!, 'manifest.json'), 'utf8'));
  const start = Date.parse(manifest.finishedAt) - count * 3_600_000;
  for (let i = 1; i < count; i++) {
    const at = new Date(start + i * 3_600_000);
    const newId = `${at
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}Z$/, 'Z')}-shop-${i.toString(16).padStart(6, '0')}`;
    mkdirSync(join(backups, newId));
    const copy = { ...manifest, id: newId, startedAt: at.toISOString(), finishedAt: at.toISOString() };
    writeFileSync(join(backups, newId, 'manifest.json'), JSON.stringify(copy));
  }
}

/** 50 clients for SECONDS against `url`: latencies (ms), errors and the row count of one response. */
async function load(url: string, headers: Record<string, string>) {
  const latencies: number[] = [];
  let errors = 0;
  let rows = 0;
  const until = Date.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (Date.now() < until) {
        const started = performance.now();
        const response = await fetch(url, { headers });
        const body = await response.text();
        latencies.push(performance.now() - started);
        if (response.status !== 200) errors++;
        // Parse one response only: parsing every one would measure the client, not the server.
        else if (rows === 0) rows = JSON.parse(body).length;
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))]! * 10) / 10;
  return { rows, stats: { requests: latencies.length, errors, p50Ms: pct(0.5), p99Ms: pct(0.99) } };
}

/** The floor for the whole list on this host: the same bytes from bare node:http in its own process. */
async function staticBaseline(body: string, phase: (path: string, port: number) => ReturnType<typeof load>) {
  const port = await findFreePort();
  const server = spawn(
    process.execPath,
    [
      '-e',
      `const b=Buffer.from(require('fs').readFileSync(0));require('http').createServer((q,s)=>{s.writeHead(200,{'content-type':'application/json'});s.end(b)}).listen(${port},'127.0.0.1',()=>console.log('up'))`,
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  server.stdin!.end(body);
  await new Promise((r) => server.stdout!.once('data', r));
  try {
    return await phase('/', port);
  } finally {
    server.kill();
  }
}

const procStat = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime (ticks)
};
const rssMiB = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

try {
  await createDatabase(cluster.connection, 'shop');
  await loadSampleData(cluster.connection, 'shop');
  await run(['backup']);
  fillRepository(BACKUPS);
  const port = await findFreePort();
  const daemon = spawn(
    process.execPath,
    [...(process.env.DAEMON_NODE_FLAGS ?? '').split(' ').filter(Boolean), CLI, 'daemon'],
    {
      env: {
        ...env,
        API_TOKEN: TOKEN,
        HEALTHCHECK_PORT: String(port),
        HEALTHCHECK_LISTEN: '127.0.0.1',
        BACKUP_SCHEDULE: '0 2 * * *',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).status > 0) break;
    } catch {
      if (i > 100) throw new Error('daemon did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const emptyRssMiB = rssMiB(daemon.pid!);
  // Warm the read model once, then measure idle.
  await fetch(`${url}/api/v1/backups`, { headers: { authorization: `Bearer ${TOKEN}` } }).then((r) =>
    r.text(),
  );
  await new Promise((r) => setTimeout(r, 2000));
  const cpuBefore = procStat(daemon.pid!);
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  const idleCpuPercent = ((procStat(daemon.pid!) - cpuBefore) / TICKS / SECONDS) * 100;
  const idleRssMiB = rssMiB(daemon.pid!);

  const phase = (path: string, port_ = port) =>
    load(`http://127.0.0.1:${port_}${path}`, { authorization: `Bearer ${TOKEN}` });
  const page = await phase('/api/v1/backups');
  const full = await phase('/api/v1/backups?limit=1000');
  const fullBody = await fetch(`${url}/api/v1/backups?limit=1000`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  }).then((r) => r.text());
  const baseline = await staticBaseline(fullBody, phase);
  const peakRssMiB =
    Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${daemon.pid}/status`, 'utf8'))![1]) / 1024;
  daemon.kill('SIGTERM');
  await new Promise((r) => daemon.once('close', r));
  const result = {
    backups: full.rows,
    clients: CLIENTS,
    seconds: SECONDS,
    idle: {
      rssMiB: Math.round(idleRssMiB * 10) / 10,
      startRssMiB: Math.round(emptyRssMiB * 10) / 10,
      cpuPercent: Math.round(idleCpuPercent * 100) / 100,
      targetRssMiB: 80,
    },
    api: {
      defaultPage: { rows: page.rows, ...page.stats, targetP99Ms: 50 },
      fullList: { rows: full.rows, ...full.stats },
      staticBaseline: { bytes: fullBody.length, ...baseline.stats },
      fullListP99VsBaseline: Math.round((full.stats.p99Ms / baseline.stats.p99Ms) * 100) / 100,
    },
    peakRssMiB: Math.round(peakRssMiB * 10) / 10,
  };
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, 'daemon.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
} finally {
  await cluster.stop();
  rmSync(root, { recursive: true, force: true });
}
