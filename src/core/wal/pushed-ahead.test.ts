import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { walObjectKey } from '../repository/keys.ts';
import {
  confirmPushedAheadLocally,
  linkPushedAhead,
  PUSHED_DIR,
  type PushMarker,
  pruneMarkers,
} from './pushed-ahead.ts';

const NAME = '000000010000000000000003';
const KEY = walObjectKey('7300000000000000001', NAME);
let dir: string;
let pgdata: string;
let root: string;

function setUp(overrides: Partial<PushMarker> = {}, storedBytes = 'sealed', key = KEY) {
  writeFileSync(join(pgdata, 'pg_wal', NAME), 'x'.repeat(64));
  const local = statSync(join(pgdata, 'pg_wal', NAME));
  mkdirSync(join(root, ...key.split('/').slice(0, -1)), { recursive: true });
  writeFileSync(join(root, ...key.split('/')), storedBytes);
  const marker: PushMarker = {
    location: `file://${root}`,
    key,
    storedSize: 6,
    file: { size: local.size, mtimeMs: local.mtimeMs, ino: local.ino },
    ...overrides,
  };
  writeFileSync(join(pgdata, PUSHED_DIR, NAME), JSON.stringify(marker));
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dbb-pushed-'));
  pgdata = join(dir, 'data');
  root = join(dir, 'repo');
  mkdirSync(join(pgdata, PUSHED_DIR), { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('confirmPushedAheadLocally', () => {
  it('confirms a file whose marker, local file and stored object agree, and drops the marker', async () => {
    setUp();
    expect(await confirmPushedAheadLocally(pgdata, `pg_wal/${NAME}`, root)).toBe(true);
    expect(existsSync(join(pgdata, PUSHED_DIR, NAME))).toBe(false);
  });

  it('confirms a file pushed ahead into an encrypted repository (.zst.age key)', async () => {
    setUp({}, 'sealed', walObjectKey('7300000000000000001', NAME, true));
    expect(await confirmPushedAheadLocally(pgdata, `pg_wal/${NAME}`, root)).toBe(true);
  });

  it.each([
    ['another repository', { location: 'file:///elsewhere' }, 'sealed'],
    ['a stored object of another size', {}, 'sealed-but-longer'],
    ['a local file that changed', { file: { size: 64, mtimeMs: 1, ino: 1 } }, 'sealed'],
    [
      'a key of another file',
      { key: walObjectKey('7300000000000000001', '000000010000000000000004') },
      'sealed',
    ],
    ['a key outside the WAL area', { key: '../../etc/passwd' }, 'sealed'],
  ])('sends %s down the full path, marker kept', async (_what, overrides, stored) => {
    setUp(overrides as Partial<PushMarker>, stored);
    expect(await confirmPushedAheadLocally(pgdata, `pg_wal/${NAME}`, root)).toBe(false);
    expect(existsSync(join(pgdata, PUSHED_DIR, NAME))).toBe(true);
  });

  it('is false without a marker or without the stored object', async () => {
    writeFileSync(join(pgdata, 'pg_wal', NAME), 'x');
    expect(await confirmPushedAheadLocally(pgdata, `pg_wal/${NAME}`, root)).toBe(false);
    setUp();
    rmSync(join(root, ...KEY.split('/')));
    expect(await confirmPushedAheadLocally(pgdata, `pg_wal/${NAME}`, root)).toBe(false);
  });
});

describe('the sh fast path markers', () => {
  it('links the pushed file and the object, and confirming removes all three markers', async () => {
    setUp();
    const path = join(pgdata, 'pg_wal', NAME);
    await linkPushedAhead(pgdata, NAME, { path, ino: statSync(path).ino }, join(root, ...KEY.split('/')));
    expect(readdirSync(join(pgdata, PUSHED_DIR)).sort()).toEqual([NAME, `${NAME}.obj`, `${NAME}.seg`]);
    expect(statSync(join(pgdata, PUSHED_DIR, `${NAME}.seg`)).ino).toBe(statSync(path).ino);
    expect(await confirmPushedAheadLocally(pgdata, `pg_wal/${NAME}`, root)).toBe(true);
    expect(readdirSync(join(pgdata, PUSHED_DIR))).toEqual([]);
  });

  it('leaves no link when the file is no longer the inode that was stored', async () => {
    setUp();
    const path = join(pgdata, 'pg_wal', NAME);
    await linkPushedAhead(pgdata, NAME, { path, ino: statSync(path).ino + 1 }, join(root, ...KEY.split('/')));
    expect(readdirSync(join(pgdata, PUSHED_DIR))).toEqual([NAME]);
  });

  it('prunes every marker of a rejected name and reports the kept names that have a JSON marker', async () => {
    setUp();
    const path = join(pgdata, 'pg_wal', NAME);
    await linkPushedAhead(pgdata, NAME, { path, ino: statSync(path).ino }, join(root, ...KEY.split('/')));
    writeFileSync(join(pgdata, PUSHED_DIR, '000000010000000000000009.seg'), '');
    expect(await pruneMarkers(pgdata, (n) => n === NAME || n === '000000010000000000000009')).toEqual(
      new Set([NAME]),
    );
    expect(await pruneMarkers(pgdata, () => false)).toEqual(new Set());
    expect(readdirSync(join(pgdata, PUSHED_DIR))).toEqual([]);
  });
});
