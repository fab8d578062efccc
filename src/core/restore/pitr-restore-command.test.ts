/**
 * The restore_command's shell fast paths, run by `sh` as PostgreSQL runs them (placeholders replaced as the
 * server does, as the postgres OS user when we are root). wal-fetch is replaced by a script that records its
 * call and exits 7: a fast path that must not answer is seen reaching it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresOwnedDir } from '../../../test/helpers/wal-cluster.ts';
import { isRoot } from '../postgres/server-user.ts';
import { buildRestoreCommand, localRepositoryRoot } from './pitr-restore-command.ts';

const SEGMENT = '000000010000000000000003';
let work: { path: string; remove(): Promise<void> };
let pgdata: string;
let area: string;
let marker: string;
let fakeFetch: string;
let zstd: string;

/** PostgreSQL's %-placeholder replacement (%f, %p, %%), then `sh -c` in the data directory. */
function runRestoreCommand(command: string, name: string, target = 'pg_wal/RECOVERYXLOG') {
  let text = '';
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    const n = command[i + 1];
    if (c === '%' && (n === 'f' || n === 'p' || n === '%')) {
      text += n === 'f' ? name : n === 'p' ? target : '%';
      i++;
    } else text += c;
  }
  const [program, args] = isRoot()
    ? ['runuser', ['-u', 'postgres', '--', 'sh', '-c', text]]
    : ['sh', ['-c', text]];
  const result = spawnSync(program, args as string[], { cwd: pgdata, encoding: 'utf8' });
  return { code: result.status, stderr: result.stderr, restored: join(pgdata, target) };
}

const archive = (name: string, content: Buffer, suffix = '.zst') => {
  const dir = join(area, name.slice(0, 8));
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}${suffix}`);
  writeFileSync(path, suffix === '.zst' ? execFileSync('zstd', ['-q', '-c'], { input: content }) : content);
  chmodSync(path, 0o644);
  return path;
};
const walFetchCalls = () => (existsSync(marker) ? readFileSync(marker, 'utf8').trim().split('\n') : []);

beforeAll(async () => {
  work = await postgresOwnedDir('dbb-restore-command-');
  pgdata = join(work.path, 'pgdata');
  area = join(work.path, 'repo', 'wal', '7000000000000000001');
  marker = join(work.path, 'wal-fetch-calls');
  fakeFetch = join(work.path, 'fake-wal-fetch.sh');
  writeFileSync(fakeFetch, `echo "$2" >> '${marker}'\nexit 7\n`);
  mkdirSync(join(pgdata, 'pg_wal', '.db-backup-prefetch'), { recursive: true });
  mkdirSync(area, { recursive: true });
  zstd = execFileSync('sh', ['-c', 'command -v zstd'], { encoding: 'utf8' }).trim();
  if (isRoot()) execFileSync('chown', ['-R', 'postgres:postgres', work.path]);
});

afterAll(async () => {
  await work.remove();
});

const command = (options: { local?: boolean; zstd?: boolean } = {}) =>
  buildRestoreCommand({
    walCommand: { node: '/bin/sh', script: fakeFetch },
    configPath: join(pgdata, 'db-backup-restore.json'),
    storage: join(work.path, 'repo'),
    ...(options.local === false ? {} : { localWalDir: area }),
    ...(options.zstd === false ? {} : { zstd }),
  });

describe('restore_command fast paths', () => {
  it('takes a prefetched segment with a rename', () => {
    const cached = join(pgdata, 'pg_wal', '.db-backup-prefetch', SEGMENT);
    writeFileSync(cached, 'prefetched');
    if (isRoot()) execFileSync('chown', ['postgres:postgres', cached]);
    const r = runRestoreCommand(command(), SEGMENT);
    expect(r.code).toBe(0);
    expect(readFileSync(r.restored, 'utf8')).toBe('prefetched');
    expect(existsSync(cached)).toBe(false);
    expect(walFetchCalls()).toEqual([]);
  });

  it('answers "not archived" for a file the local archive does not hold, without wal-fetch', () => {
    expect(runRestoreCommand(command(), '00000002.history').code).toBe(1); // no timeline directory
    archive('000000010000000000000001', Buffer.from('one'));
    expect(runRestoreCommand(command(), '000000010000000000000002').code).toBe(1); // directory, no object
    expect(walFetchCalls()).toEqual([]);
  });

  it('finds a file archived after an earlier call said it was not there', () => {
    const name = '000000010000000000000004';
    expect(runRestoreCommand(command(), name).code).toBe(1);
    archive(name, Buffer.from('archived later'));
    const r = runRestoreCommand(command(), name);
    expect(r.code).toBe(0);
    expect(readFileSync(r.restored, 'utf8')).toBe('archived later');
    // Without the zstd path (an encrypted area), the same file goes to wal-fetch, never to "not archived".
    expect(runRestoreCommand(command({ zstd: false }), name).code).toBe(7);
    expect(walFetchCalls()).toEqual([name]);
    rmSync(marker, { force: true });
  });

  it('sends an encrypted (.age) object to wal-fetch even with the zstd path', () => {
    const name = '000000010000000000000005';
    archive(name, Buffer.from('age ciphertext'), '.zst.age');
    expect(runRestoreCommand(command(), name).code).toBe(7);
    expect(walFetchCalls()).toEqual([name]);
    rmSync(marker, { force: true });
  });

  it('fails a damaged object with exit 3, never 1', () => {
    const name = '000000010000000000000006';
    const path = archive(name, Buffer.alloc(100_000, 7));
    const bytes = readFileSync(path);
    bytes[bytes.length - 2]! ^= 0xff; // the frame checksum no longer matches
    writeFileSync(path, bytes);
    const r = runRestoreCommand(command(), name);
    expect(r.code).toBe(3);
  });

  it('leaves a WAL area it may not read to wal-fetch', () => {
    chmodSync(area, 0o000);
    try {
      expect(runRestoreCommand(command(), '00000003.history').code).toBe(7);
    } finally {
      chmodSync(area, 0o755);
    }
    expect(walFetchCalls()).toEqual(['00000003.history']);
    rmSync(marker, { force: true });
  });

  it('with a remote repository, every miss goes to wal-fetch', () => {
    expect(runRestoreCommand(command({ local: false, zstd: false }), '00000004.history').code).toBe(7);
    expect(walFetchCalls()).toEqual(['00000004.history']);
    rmSync(marker, { force: true });
  });
});

describe('localRepositoryRoot', () => {
  it('is certain only for absolute paths and file:/// URLs', () => {
    expect(localRepositoryRoot('/srv/backups')).toBe('/srv/backups');
    expect(localRepositoryRoot('file:///srv/backups')).toBe('/srv/backups');
    expect(localRepositoryRoot('./backups')).toBeUndefined();
    expect(localRepositoryRoot('s3://bucket/prefix')).toBeUndefined();
  });
});
