/**
 * wal-push as the real archive_command of a real cluster: a busy workload archives completely, an identical
 * re-push is a notice, a conflicting copy fails and keeps the original, another cluster is refused.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unsealBuffer } from '../src/core/pipeline/seal.ts';
import { withClient } from '../src/core/postgres/connection.ts';
import type { LocalCluster } from '../src/core/postgres/local-cluster.ts';
import { walFileNameOfKey, walObjectKey } from '../src/core/repository/keys.ts';
import { LocalStorage } from '../src/core/storage/local.ts';
import { readWalArea } from '../src/core/wal/wal-area.ts';
import { parseWalFileName } from '../src/core/wal/wal-names.ts';
import {
  archiveEverything,
  NODE,
  postgresOwnedDir,
  startArchivingCluster,
  WAL_ENTRY,
} from './helpers/wal-cluster.ts';

let cluster: LocalCluster;
let repo: { path: string; remove(): Promise<void> };
let scratch: string;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  repo = await postgresOwnedDir('dbb-wal-repo-');
  scratch = await mkdtemp(join(tmpdir(), 'dbb-wal-scratch-'));
  cluster = await startArchivingCluster(repo.path, 'walpush-secret');
});
afterAll(async () => {
  await cluster?.stop();
  await repo?.remove();
  await rm(scratch, { recursive: true, force: true });
});

const walPush = (args: string[]) =>
  spawnSync(NODE, [WAL_ENTRY, 'wal-push', ...args, '--storage', repo.path], { encoding: 'utf8' });

describe('wal-push as archive_command', () => {
  it('archives a busy workload completely, every segment intact', async () => {
    const first = await withClient(cluster.connection, 'postgres', async (c) => {
      const { rows } = await c.query<{ n: string }>('SELECT pg_walfile_name(pg_current_wal_lsn()) AS n');
      await c.query('CREATE TABLE busy (id int, payload text)');
      // ~6 segments of WAL in several transactions, with switches in between.
      for (let i = 0; i < 6; i++) {
        await c.query(
          `INSERT INTO busy SELECT g, md5(g::text) || repeat('x', 200) FROM generate_series(1, 50000) g`,
        );
        if (i % 2 === 0) await c.query('SELECT pg_switch_wal()');
      }
      return rows[0]!.n;
    });
    const last = await archiveEverything(cluster);
    const storage = new LocalStorage(repo.path);
    const area = await readWalArea(storage);
    expect(area?.pgMajor).toBe(String(cluster.major));
    const names = (await storage.list(`wal/${area!.systemIdentifier}/`))
      .map((o) => walFileNameOfKey(o.key))
      .filter((n): n is string => n !== undefined && parseWalFileName(n)?.kind === 'segment');
    const from = parseWalFileName(first)!.segno!;
    const to = parseWalFileName(last)!.segno!;
    expect(to - from).toBeGreaterThanOrEqual(6n);
    for (let s = from; s <= to; s++) {
      const name = `00000001${(s >> 8n).toString(16).toUpperCase().padStart(8, '0')}${(s & 0xffn).toString(16).toUpperCase().padStart(8, '0')}`;
      expect(names, `segment ${name} archived`).toContain(name);
    }
    // Stored bytes are a valid zstd frame of a 16 MiB segment that names this cluster.
    const raw = await unsealBuffer(
      await buffer(await storage.get(walObjectKey(area!.systemIdentifier, last))),
      last,
    );
    expect(raw.length).toBe(16 * 1024 * 1024);
    expect(raw.readBigUInt64LE(24).toString()).toBe(area!.systemIdentifier);
  });

  it('an identical re-push succeeds with a notice; a different copy fails and keeps the original', async () => {
    const storage = new LocalStorage(repo.path);
    const area = (await readWalArea(storage))!;
    const name = await archiveEverything(cluster);
    const key = walObjectKey(area.systemIdentifier, name);
    const original = await buffer(await storage.get(key));
    const raw = await unsealBuffer(original, key);
    // A copy of the data directory's identity files and the segment, as another archive_command call sees them.
    const fake = join(scratch, 'pgdata');
    await mkdir(join(fake, 'pg_wal', 'archive_status'), { recursive: true });
    await mkdir(join(fake, 'global'), { recursive: true });
    await cp(join(cluster.dataDir, 'global', 'pg_control'), join(fake, 'global', 'pg_control'));
    await cp(join(cluster.dataDir, 'PG_VERSION'), join(fake, 'PG_VERSION'));
    await writeFile(join(fake, 'pg_wal', name), raw);
    const same = walPush([`pg_wal/${name}`, '--pgdata', fake]);
    expect(same.status, same.stderr).toBe(0);
    expect(same.stderr).toMatch(/already archived \(identical copy\)/);

    const changed = Buffer.from(raw);
    changed[8192 + 100]! ^= 0xff;
    await writeFile(join(fake, 'pg_wal', name), changed);
    const conflict = walPush([`pg_wal/${name}`, '--pgdata', fake]);
    expect(conflict.status).toBe(5);
    expect(conflict.stderr).toMatch(/WAL_CONFLICT.*different content; the archived copy was kept/);
    expect(sha(await buffer(await storage.get(key)))).toBe(sha(original));

    // Another cluster (another system identifier) is refused before anything is written.
    const control = await readFile(join(fake, 'global', 'pg_control'));
    control.writeBigUInt64LE(control.readBigUInt64LE(0) + 1n, 0);
    await writeFile(join(fake, 'global', 'pg_control'), control);
    const other = walPush([`pg_wal/${name}`, '--pgdata', fake]);
    expect(other.status).toBe(5);
    expect(other.stderr).toMatch(/WAL_AREA_MISMATCH.*belongs to cluster/);
  });
});
