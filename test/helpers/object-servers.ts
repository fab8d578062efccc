/**
 * Real object-store servers on loopback for tests, each in its own child process (so a test can kill one
 * mid-upload): s3rver for S3, Azurite (blob service only, in memory) for Azure. Temp directories are removed
 * by `stop()`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFreePort } from '../../src/core/postgres/local-cluster.ts';

const S3RVER_MAIN = fileURLToPath(new URL('./s3rver-main.ts', import.meta.url));

/** s3rver's built-in account: the only credentials it accepts. */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/** Waits until `child` prints a line matching `pattern`; rejects if it exits first or after `ms`. */
function waitForLine(child: ChildProcess, pattern: RegExp, ms = 60_000): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${seen.slice(-2000)}`)), ms);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = pattern.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => {
      seen += c.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}): ${seen.slice(-2000)}`));
    });
  });
}

export interface S3rverProcess {
  endpoint: string;
  port: number;
  directory: string;
  child: ChildProcess;
  /** Resolves at the first multipart part the server receives. */
  firstPart: Promise<void>;
  /** SIGKILLs the server (data stays in `directory`). */
  kill(): Promise<void>;
  /** Starts it again on the same port and directory. */
  restart(): Promise<void>;
  /** Kills it and removes its directory. */
  stop(): Promise<void>;
}

/** Starts s3rver on 127.0.0.1 with the given buckets, in a fresh temp directory. */
export async function startS3rver(buckets: string[] = ['test-bucket']): Promise<S3rverProcess> {
  const directory = mkdtempSync(join(tmpdir(), 's3rver-'));
  const launch = async (port: number) => {
    // s3rver's continuation tokens use DES, which OpenSSL 3 keeps in its legacy provider.
    const args = ['--openssl-legacy-provider', S3RVER_MAIN, directory, String(port), ...buckets];
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const [, bound] = await waitForLine(child, /listening (\d+)/);
    const firstPart = waitForLine(child, /part \d+/, 600_000).then(
      () => undefined,
      () => undefined,
    );
    return { child, port: Number(bound), firstPart };
  };
  const state = { ...(await launch(await findFreePort())) };
  const kill = async () => {
    if (state.child.exitCode !== null || state.child.signalCode !== null) return;
    const exited = new Promise((r) => state.child.once('exit', r));
    state.child.kill('SIGKILL');
    await exited;
  };
  const server: S3rverProcess = {
    get endpoint() {
      return `http://127.0.0.1:${state.port}`;
    },
    get port() {
      return state.port;
    },
    directory,
    get child() {
      return state.child;
    },
    get firstPart() {
      return state.firstPart;
    },
    kill,
    restart: async () => {
      await kill();
      Object.assign(state, await launch(state.port));
    },
    stop: async () => {
      await kill();
      rmSync(directory, { recursive: true, force: true });
    },
  };
  return server;
}

/** Azurite's well-known development account. */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface AzuriteProcess {
  blobEndpoint: string;
  connectionString: string;
  stop(): Promise<void>;
}

/** Starts Azurite's blob service on 127.0.0.1, in memory. */
export async function startAzurite(): Promise<AzuriteProcess> {
  const main = createRequire(import.meta.url).resolve('azurite/dist/src/blob/main.js');
  const port = await findFreePort();
  const workdir = mkdtempSync(join(tmpdir(), 'azurite-'));
  const child = spawn(
    process.execPath,
    [
      main,
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      String(port),
      '--inMemoryPersistence',
      '--skipApiVersionCheck',
      '--disableProductStyleUrl',
      // Never phone home: tests talk to loopback only.
      '--disableTelemetry',
    ],
    // In-memory persistence forbids --location; the working directory catches anything it still writes.
    { stdio: ['ignore', 'pipe', 'pipe'], cwd: workdir },
  );
  await waitForLine(child, /successfully listens/i);
  const blobEndpoint = `http://127.0.0.1:${port}/${AZURITE_ACCOUNT}`;
  return {
    blobEndpoint,
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};BlobEndpoint=${blobEndpoint};`,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(workdir, { recursive: true, force: true });
    },
  };
}
