import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BinaryNotFoundError, VersionMismatchError } from '../errors.ts';
import { findPgBinaries, type PgInstall, parseVersion, selectClientFor } from './binaries.ts';

const install = (binDir: string, version: string): PgInstall => {
  const parsed = parseVersion(`pg_dump (PostgreSQL) ${version}`)!;
  return { binDir, ...parsed };
};

describe('parseVersion', () => {
  it.each([
    ['pg_dump (PostgreSQL) 15.14 (Debian 15.14-0+deb12u1)', '15.14', 15],
    ['pg_dump (PostgreSQL) 17.0', '17.0', 17],
    ['pg_dump (PostgreSQL) 18beta1', '18', 18],
    ['pg_dump (PostgreSQL) 9.6.24', '9.6.24', 9.6],
  ])('%s → %s (major %s)', (output, version, major) => {
    expect(parseVersion(output)).toEqual({ version, major });
  });

  it('rejects output that is not a PostgreSQL version', () => {
    expect(parseVersion('bash: pg_dump: command not found')).toBeUndefined();
  });
});

describe('selectClientFor', () => {
  const v13 = install('/usr/lib/postgresql/13/bin', '13.9');
  const v15 = install('/usr/lib/postgresql/15/bin', '15.14');
  const v16 = install('/usr/lib/postgresql/16/bin', '16.4');
  const v17 = install('/usr/lib/postgresql/17/bin', '17.2');

  it.each([
    ['the same major wins', 15, [v13, v17, v15, v16], undefined, v15],
    ['else the lowest newer major', 14, [v13, v17, v16], undefined, v16],
    [
      'an explicit directory new enough is used even when the same major exists',
      15,
      [v15, v17],
      v17.binDir,
      v17,
    ],
  ])('%s', (_name, server, installs, explicit, expected) => {
    expect(selectClientFor(server, installs, explicit)).toBe(expected);
  });

  it('fails naming both versions when every client is older than the server', () => {
    expect(() => selectClientFor(16, [v13, v15])).toThrow(VersionMismatchError);
    expect(() => selectClientFor(16, [v13, v15])).toThrow(/pg_dump 15\.14 .*PostgreSQL 16/);
  });

  it('an explicit directory that is too old is refused, not silently replaced', () => {
    expect(() => selectClientFor(15, [v13, v15], v13.binDir)).toThrow(VersionMismatchError);
    expect(() => selectClientFor(15, [v13, v15], v13.binDir)).toThrow(
      /pg_dump 13\.9 in .*PostgreSQL 15 server/,
    );
  });

  it('no install at all says what to install', () => {
    expect(() => selectClientFor(15, [])).toThrow(BinaryNotFoundError);
  });
});

describe('findPgBinaries', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  /** A bin directory whose pg_dump is a script printing `version` and leaving `marker` behind when run. */
  async function fakeInstall(root: string, name: string, version: string, viaWrapper: boolean) {
    const bin = join(root, name);
    await mkdir(bin, { recursive: true });
    const marker = join(root, `${name}.ran`);
    const script = join(bin, viaWrapper ? 'pg_wrapper' : 'pg_dump');
    await writeFile(script, `#!/bin/sh\ntouch '${marker}'\necho 'pg_dump (PostgreSQL) ${version}'\n`);
    await chmod(script, 0o755);
    if (viaWrapper) await symlink(script, join(bin, 'pg_dump'));
    return { bin, marker };
  }

  it("probes real installs but never runs postgresql-common's pg_wrapper", async () => {
    const root = await mkdtemp(join(tmpdir(), 'dbb-bins-'));
    dirs.push(root);
    const real = await fakeInstall(root, 'real', '99.1', false);
    const wrapper = await fakeInstall(root, 'wrapped', '98.1', true);
    const installs = await findPgBinaries({ searchPath: `${wrapper.bin}:${real.bin}` });
    expect(installs).toContainEqual({ binDir: real.bin, version: '99.1', major: 99 });
    expect(existsSync(real.marker)).toBe(true);
    expect(installs.map((i) => i.binDir)).not.toContain(wrapper.bin);
    expect(existsSync(wrapper.marker)).toBe(false);
  });
});
