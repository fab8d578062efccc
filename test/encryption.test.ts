/**
 * Encrypted repositories end to end through the CLI against a real cluster: backup, verify, restore and drill
 * with recipients and with a passphrase; a stock `age` + `zstd` decrypts a stored object by hand; missing,
 * wrong and rotated keys; mixing encrypted and plain backups is refused; no key material anywhere.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffFingerprints, fingerprintDatabase } from '../src/core/drill/fingerprint.ts';
import { type LocalCluster, startLocalCluster } from '../src/core/postgres/local-cluster.ts';
import { createDatabase, databaseExists } from '../src/core/postgres/server.ts';
import { loadSampleData } from '../src/demo/load-sample-data.ts';
import { cliEnvFor, runCli } from './helpers/cli.ts';

const PASSWORD = 'encr-Secret-pw';
const PASSPHRASE = 'a long backup passphrase';
let cluster: LocalCluster;
let root: string;
let keyFile: string;
let recipient: string;
let identity: string;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

function envFor(repo: string, extra: Record<string, string> = {}) {
  return { ...cliEnvFor(cluster, PASSWORD), BACKUP_STORAGE: repo, ...extra };
}

async function backup(env: Record<string, string>) {
  const result = await runCli(['--json', 'backup', '-d', 'shop'], { env });
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout).backups[0];
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'dbb-encryption-'));
  cluster = await startLocalCluster({ password: PASSWORD });
  await createDatabase(cluster.connection, 'shop');
  await loadSampleData(cluster.connection, 'shop');
  keyFile = join(root, 'key.txt');
  const keygen = await runCli(['keygen', '-o', keyFile]);
  expect(keygen.code, keygen.stderr).toBe(0);
  recipient = /Public key: (age1\w+)/.exec(keygen.stderr)![1]!;
  identity = /^AGE-SECRET-KEY-1\w+$/m.exec(readFileSync(keyFile, 'utf8'))![0];
  expect(statSync(keyFile).mode & 0o777).toBe(0o600);
});

afterAll(async () => {
  await cluster?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('recipients (X25519)', () => {
  let repo: string;
  let manifest: { id: string; encryption: { recipientFingerprint: string }; objects: { key: string }[] };
  beforeAll(async () => {
    repo = join(root, 'x25519');
    manifest = await backup(envFor(repo, { BACKUP_ENCRYPTION_RECIPIENTS: recipient }));
  });

  it('stores age-encrypted objects and records only a fingerprint, in the manifest and the repository', () => {
    expect(manifest.objects[0]!.key).toMatch(/\.dump\.zst\.age$/);
    expect(manifest.encryption.recipientFingerprint).toMatch(/^age1:[0-9a-f]{16}$/);
    const repoConfig = JSON.parse(readFileSync(join(repo, 'db-backup.json'), 'utf8'));
    expect(repoConfig.encryption.recipientFingerprint).toBe(manifest.encryption.recipientFingerprint);
    for (const file of filesUnder(repo)) {
      const text = readFileSync(file).toString('latin1');
      expect(text).not.toContain(identity);
      expect(text).not.toContain(recipient);
    }
  });

  it('a stock age CLI and zstd decrypt the stored object into an archive pg_restore reads', () => {
    const stored = join(repo, manifest.objects[0]!.key);
    const decrypted = spawnSync('sh', [
      '-c',
      `age -d -i "${keyFile}" "${stored}" | zstd -dq > "${root}/by-hand.dump"`,
    ]);
    expect(decrypted.status, decrypted.stderr.toString()).toBe(0);
    const listed = spawnSync(join(cluster.binDir, 'pg_restore'), ['--list', join(root, 'by-hand.dump')], {
      encoding: 'utf8',
    });
    expect(listed.status).toBe(0);
    expect(listed.stdout).toMatch(/TABLE DATA public Mixed Case/);
  });

  it('verify: without the identity exit 2 (the checksum alone still checks), with it exit 0', async () => {
    const noKey = await runCli(['verify', manifest.id], { env: envFor(repo) });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toMatch(/error \[ENCRYPTION_KEY\].*no identity is configured/);
    expect(noKey.stderr).toMatch(/hint: .*--checksum-only/);
    const checksum = await runCli(['verify', '--checksum-only', manifest.id], { env: envFor(repo) });
    expect(checksum.code, checksum.stderr).toBe(0);
    expect(checksum.stdout).toMatch(/ok\s+checksum/);
    const full = await runCli(['verify', manifest.id], {
      env: envFor(repo, { BACKUP_ENCRYPTION_IDENTITY_FILE: keyFile }),
    });
    expect(full.code, full.stderr).toBe(0);
    expect(full.stdout).toMatch(/pg_restore --list/);
  });

  it('restore: a missing or wrong identity is refused before the target exists; the right one restores equal', async () => {
    const missing = await runCli(['restore', manifest.id, '--target-database', 'shop_nokey'], {
      env: envFor(repo),
    });
    expect(missing.code).toBe(2);
    expect(await databaseExists(cluster.connection, 'shop_nokey')).toBe(false);
    const wrongFile = join(root, 'wrong.txt');
    expect((await runCli(['keygen', '-o', wrongFile])).code).toBe(0);
    const wrong = await runCli(['restore', manifest.id, '--target-database', 'shop_wrongkey'], {
      env: envFor(repo, { BACKUP_ENCRYPTION_IDENTITY_FILE: wrongFile }),
    });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/none of the configured identities can decrypt/);
    expect(await databaseExists(cluster.connection, 'shop_wrongkey')).toBe(false);
    const right = await runCli(['restore', manifest.id, '--target-database', 'shop_decrypted'], {
      env: envFor(repo, { BACKUP_ENCRYPTION_IDENTITY_FILE: keyFile }),
    });
    expect(right.code, right.stderr).toBe(0);
    const [a, b] = await Promise.all([
      fingerprintDatabase(cluster.connection, 'shop'),
      fingerprintDatabase(cluster.connection, 'shop_decrypted'),
    ]);
    expect(diffFingerprints(a, b)).toEqual([]);
    for (const out of [missing, wrong, right]) expect(out.stdout + out.stderr).not.toContain(identity);
  });

  it('drill: the decryption check is real (pass with the key, fail with a wrong one)', async () => {
    const ok = await runCli(['--json', 'drill', '-d', 'shop'], {
      env: envFor(repo, { BACKUP_ENCRYPTION_IDENTITY_FILE: keyFile }),
    });
    expect(ok.code, ok.stderr).toBe(0);
    const check = JSON.parse(ok.stdout).report.checks.find((c: { name: string }) => c.name === 'decryption');
    expect(check).toMatchObject({ status: 'pass' });
    expect(check.details).toContain(manifest.encryption.recipientFingerprint);
    const wrongFile = join(root, 'wrong2.txt');
    await runCli(['keygen', '-o', wrongFile]);
    const bad = await runCli(['--json', 'drill', '-d', 'shop'], {
      env: envFor(repo, { BACKUP_ENCRYPTION_IDENTITY_FILE: wrongFile }),
    });
    const report = JSON.parse(bad.stdout).report;
    expect(report.status).toBe('failure');
    expect(report.checks.find((c: { name: string }) => c.name === 'decryption').status).toBe('fail');
    expect(bad.code).not.toBe(0);
  });

  it('a flipped byte in the ciphertext fails verification (exit 3)', async () => {
    const copy = join(root, 'flipped');
    spawnSync('cp', ['-a', repo, copy]);
    const stored = join(copy, manifest.objects[0]!.key);
    const bytes = readFileSync(stored);
    bytes[Math.floor(bytes.length / 2)]! ^= 0x10;
    writeFileSync(stored, bytes);
    const result = await runCli(['verify', manifest.id], {
      env: envFor(copy, { BACKUP_ENCRYPTION_IDENTITY_FILE: keyFile }),
    });
    expect(result.code).toBe(3);
  });

  it('mixing is refused: a plain backup into an encrypted repository, an encrypted one into a plain repository', async () => {
    const plainIntoEncrypted = await runCli(['backup', '-d', 'shop'], { env: envFor(repo) });
    expect(plainIntoEncrypted.code).toBe(2);
    expect(plainIntoEncrypted.stderr).toMatch(/is encrypted, and no encryption key is configured/);
    const plainRepo = join(root, 'plain');
    await backup(envFor(plainRepo));
    const encryptedIntoPlain = await runCli(['backup', '-d', 'shop'], {
      env: envFor(plainRepo, { BACKUP_ENCRYPTION_RECIPIENTS: recipient }),
    });
    expect(encryptedIntoPlain.code).toBe(2);
    expect(encryptedIntoPlain.stderr).toMatch(/is not encrypted; refusing to add encrypted backups/);
  });

  it('after a key change, old and new backups restore with both identities configured', async () => {
    const newKey = join(root, 'new.txt');
    const keygen = await runCli(['keygen', '-o', newKey]);
    const newRecipient = /Public key: (age1\w+)/.exec(keygen.stderr)![1]!;
    const rotated = await backup(envFor(repo, { BACKUP_ENCRYPTION_RECIPIENTS: newRecipient }));
    const both = `${readFileSync(keyFile, 'utf8')}\n${readFileSync(newKey, 'utf8')}`;
    writeFileSync(join(root, 'both.txt'), both, { mode: 0o600 });
    for (const [id, target] of [
      [manifest.id, 'shop_old_key'],
      [rotated.id, 'shop_new_key'],
    ] as const) {
      const result = await runCli(['restore', id, '--target-database', target], {
        env: envFor(repo, { BACKUP_ENCRYPTION_IDENTITY_FILE: join(root, 'both.txt') }),
      });
      expect(result.code, result.stderr).toBe(0);
    }
  });
});

describe('passphrase (scrypt)', () => {
  it('backs up, restores, and refuses a wrong passphrase; BACKUP_ENCRYPTION=true refuses to run without a key', async () => {
    const repo = join(root, 'passphrase');
    const env = envFor(repo, {
      BACKUP_ENCRYPTION_PASSPHRASE: PASSPHRASE,
      BACKUP_ENCRYPTION_SCRYPT_LOG_N: '12',
    });
    const manifest = await backup(env);
    expect(manifest.encryption.recipientFingerprint).toBe('scrypt:passphrase');
    const restored = await runCli(['restore', manifest.id, '--target-database', 'shop_passphrase'], { env });
    expect(restored.code, restored.stderr).toBe(0);
    const wrong = await runCli(['restore', manifest.id, '--target-database', 'shop_wrongpass'], {
      env: { ...env, BACKUP_ENCRYPTION_PASSPHRASE: 'not the passphrase' },
    });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/passphrase does not decrypt/);
    expect(await databaseExists(cluster.connection, 'shop_wrongpass')).toBe(false);
    for (const out of [restored, wrong]) expect(out.stdout + out.stderr).not.toContain(PASSPHRASE);
    for (const file of filesUnder(repo))
      expect(readFileSync(file).toString('latin1')).not.toContain(PASSPHRASE);
    const required = await runCli(['backup', '-d', 'shop'], {
      env: envFor(join(root, 'required'), { BACKUP_ENCRYPTION: 'true' }),
    });
    expect(required.code).toBe(2);
    expect(required.stderr).toMatch(/BACKUP_ENCRYPTION=true but no encryption key is configured/);
  });
});
