import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { expect, it } from 'vitest';
import { TarTap } from './tar-tap.ts';

it('keeps the named members of a tar stream while passing every byte on', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dbb-tartap-'));
  try {
    await writeFile(join(dir, 'backup_label'), 'START WAL LOCATION: 0/2000028\n');
    await writeFile(join(dir, 'big'), Buffer.alloc(700_000, 7));
    await writeFile(join(dir, 'empty'), '');
    await writeFile(join(dir, 'backup_manifest'), '{"x": 1}\n'.repeat(300));
    const tar = execFileSync('tar', ['-c', '-C', dir, 'backup_label', 'big', 'empty', 'backup_manifest']);
    const tap = new TarTap(['backup_label', 'backup_manifest', 'empty']);
    const out: Buffer[] = [];
    // Odd chunk sizes cross header and data boundaries.
    const chunks = Array.from({ length: Math.ceil(tar.length / 777) }, (_, i) =>
      tar.subarray(i * 777, (i + 1) * 777),
    );
    await pipeline(
      Readable.from(chunks),
      tap,
      new Writable({
        write: (c, _e, cb) => {
          out.push(c);
          cb();
        },
      }),
    );
    expect(Buffer.concat(out).equals(tar)).toBe(true);
    expect(tap.captured.get('backup_label')?.toString()).toBe('START WAL LOCATION: 0/2000028\n');
    expect(tap.captured.get('backup_manifest')?.toString()).toBe('{"x": 1}\n'.repeat(300));
    expect(tap.captured.get('empty')?.length).toBe(0);
    expect(tap.captured.has('big')).toBe(false);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
