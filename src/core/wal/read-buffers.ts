/**
 * Read buffers reused across the WAL files one `wal-push` call seals: a fresh 16 MiB buffer per segment costs
 * page faults and garbage collections (external memory) on the two cores that also compress. A pool lives for
 * one call only, so a long-lived process (the daemon) keeps no buffers around.
 */
import { open, readFile } from 'node:fs/promises';

export class ReadBuffers {
  private readonly free: Buffer[] = [];

  /** The whole file at `path`; call `release()` once nothing uses `bytes` any more. */
  async read(path: string): Promise<{ bytes: Buffer; release(): void }> {
    const handle = await open(path, 'r');
    let buffer: Buffer | undefined;
    try {
      const { size } = await handle.stat();
      // One byte of room tells a file that grew since the stat from one that filled the buffer exactly.
      const index = this.free.findIndex((b) => b.length > size);
      buffer = index >= 0 ? this.free.splice(index, 1)[0]! : Buffer.allocUnsafeSlow(size + 1);
      let length = 0;
      for (;;) {
        const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
        if (bytesRead === 0) break;
        length += bytesRead;
        if (length === buffer.length) break;
      }
      if (length === buffer.length) {
        this.free.push(buffer);
        return { bytes: await readFile(path), release: () => undefined };
      }
      const taken = buffer;
      let released = false;
      return {
        bytes: taken.subarray(0, length),
        release: () => {
          if (!released) this.free.push(taken);
          released = true;
        },
      };
    } catch (error) {
      if (buffer) this.free.push(buffer);
      throw error;
    } finally {
      await handle.close();
    }
  }
}
