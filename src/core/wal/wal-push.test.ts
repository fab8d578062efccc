import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../logger.ts';
import { MemoryStorage } from '../storage/memory.ts';
import { walPush } from './wal-push.ts';

const SYSID = 7312345678901234567n;
let pgdata: string;

/** A data directory with the identity files and `names` as ready WAL segments (16 MiB, header naming SYSID). */
async function fakeDataDirectory(names: string[]): Promise<void> {
  await mkdir(join(pgdata, 'global'), { recursive: true });
  await mkdir(join(pgdata, 'pg_wal', 'archive_status'), { recursive: true });
  const control = Buffer.alloc(8192);
  control.writeBigUInt64LE(SYSID, 0);
  await writeFile(join(pgdata, 'global', 'pg_control'), control);
  await writeFile(join(pgdata, 'PG_VERSION'), '15\n');
  for (const [i, name] of names.entries()) {
    const segment = Buffer.alloc(16 * 1024 * 1024, i + 1);
    segment.writeBigUInt64LE(SYSID, 24);
    await writeFile(join(pgdata, 'pg_wal', name), segment);
    await writeFile(join(pgdata, 'pg_wal', 'archive_status', `${name}.ready`), '');
  }
}

beforeEach(async () => {
  pgdata = await mkdtemp(join(tmpdir(), 'dbb-walpush-'));
});
afterEach(async () => {
  await rm(pgdata, { recursive: true, force: true });
});

describe('walPush', () => {
  const names = ['000000010000000000000001', '000000010000000000000002', '000000010000000000000003'];

  it('pushes the other ready segments ahead without marking anything done; their own calls are then no-ops', async () => {
    await fakeDataDirectory(names);
    const storage = new MemoryStorage();
    const first = await walPush({ storage, path: `pg_wal/${names[0]}`, pgdata, log: silentLogger });
    expect(first.requested.status).toBe('stored');
    expect(first.alsoPushed.map((p) => p.name).sort()).toEqual(names.slice(1));
    expect((await storage.list('wal/')).map((o) => o.key).filter((k) => k.endsWith('.zst'))).toHaveLength(3);
    // PostgreSQL alone renames .ready to .done, after its own call for each file.
    expect((await readdir(join(pgdata, 'pg_wal', 'archive_status'))).sort()).toEqual(
      names.map((n) => `${n}.ready`),
    );
    const status = join(pgdata, 'pg_wal', 'archive_status');
    await rename(join(status, `${names[0]}.ready`), join(status, `${names[0]}.done`));
    const second = await walPush({ storage, path: `pg_wal/${names[1]}`, pgdata, log: silentLogger });
    expect(second.requested.status).toBe('pushed-ahead');
    expect(second.alsoPushed).toEqual([]);
  });

  it('an archived copy without a marker is compared by content', async () => {
    await fakeDataDirectory(names.slice(0, 1));
    const storage = new MemoryStorage();
    await walPush({ storage, path: `pg_wal/${names[0]}`, pgdata, log: silentLogger });
    const again = await walPush({ storage, path: `pg_wal/${names[0]}`, pgdata, log: silentLogger });
    expect(again.requested.status).toBe('already-archived');
  });

  it('refuses a file that is not a WAL file name', async () => {
    await fakeDataDirectory([]);
    await expect(
      walPush({ storage: new MemoryStorage(), path: 'pg_wal/postmaster.pid', pgdata, log: silentLogger }),
    ).rejects.toThrow(/not a WAL file name/);
  });
});
