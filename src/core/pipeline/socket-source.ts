/**
 * A child's output read through a private UNIX socket into one reused buffer (`net.Socket`'s `onread`). A
 * child's stdout pipe hands Node a fresh 64 KiB Buffer per read; for a backup streamed through this process
 * (to encrypt it) that is every byte allocated once more, and the garbage collector's full collections of
 * the CLI's heap that the allocations trigger cost more than the encryption itself.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer, type NetConnectOpts, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const READ_BUFFER = 1 << 20;

export interface SocketSource {
  /** Give this to the child as its stdout (spawn duplicates it), then `releaseChildEnd()`. */
  childEnd: Socket;
  /** Closes this process's copy of the child's end, so the reader sees the end when the child exits. */
  releaseChildEnd(): void;
  /** The reading end: `end`, `error`, `pause()`, `resume()`, `destroy()`. */
  reader: Socket;
}

/**
 * A connected socket pair whose reader calls `onChunk` with a view of one reused buffer; the view is valid
 * only during the call. `onChunk` returns false to pause reading until `reader.resume()`.
 */
export async function openSocketSource(onChunk: (chunk: Buffer) => boolean): Promise<SocketSource> {
  // mkdtemp makes the directory 0700: no other user can connect to the socket in it.
  const dir = await mkdtemp(join(tmpdir(), 'db-backup-'));
  const path = join(dir, 'stdout.sock');
  const server = createServer({ pauseOnConnect: true });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, resolve);
    });
    const accepted = new Promise<Socket>((resolve) => server.once('connection', resolve));
    const reader = connect({
      path,
      onread: {
        buffer: Buffer.allocUnsafe(READ_BUFFER),
        callback: (bytes: number, buffer: Buffer) => onChunk(buffer.subarray(0, bytes)),
      },
    } as NetConnectOpts);
    await new Promise<void>((resolve, reject) => {
      reader.once('connect', resolve);
      reader.once('error', reject);
    });
    const childEnd = await accepted;
    return { childEnd, reader, releaseChildEnd: () => childEnd.destroy() };
  } finally {
    server.close();
    await rm(dir, { recursive: true, force: true });
  }
}
