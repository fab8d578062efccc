import { createHash } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { tempRoot } from '../../../test/helpers/temp-root.ts';
import { DurableFileWriter } from './durable-file-writer.ts';

const temp = tempRoot('dfw');

/** 40 MiB in uneven chunks: enough to cross the background-sync threshold twice. */
function chunks(): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < 700; i++) out.push(Buffer.alloc(60_000 + (i % 7) * 1000, i % 251));
  return out;
}

describe('DurableFileWriter', () => {
  it('writes every byte in order and syncs in the background and at the end', async () => {
    const path = join(temp.dir('dfw'), 'f');
    const handle = await open(path, 'wx');
    let datasyncs = 0;
    let syncs = 0;
    const counting = Object.assign(Object.create(handle), {
      writev: handle.writev.bind(handle),
      datasync: () => {
        datasyncs++;
        return handle.datasync();
      },
      sync: () => {
        syncs++;
        return handle.sync();
      },
    });
    const data = chunks();
    await pipeline(Readable.from(data), new DurableFileWriter(counting));
    await handle.close();
    const expected = createHash('sha256').update(Buffer.concat(data)).digest('hex');
    expect(
      createHash('sha256')
        .update(await readFile(path))
        .digest('hex'),
    ).toBe(expected);
    expect(datasyncs).toBeGreaterThanOrEqual(1);
    expect(syncs).toBe(1);
  });

  it('a failed background flush (EIO) fails the stream: the object is never completed', async () => {
    const path = join(temp.dir('dfw'), 'f');
    const handle = await open(path, 'wx');
    const failing = Object.assign(Object.create(handle), {
      writev: handle.writev.bind(handle),
      datasync: () => Promise.reject(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' })),
      sync: handle.sync.bind(handle),
    });
    await expect(pipeline(Readable.from(chunks()), new DurableFileWriter(failing))).rejects.toThrow(/EIO/);
    await handle.close();
  });
});
