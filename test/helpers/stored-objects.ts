/**
 * Builds stored objects and manifests for unit tests of the read path (verify, restore fetch, drill): real zstd
 * and gzip streams in memory storage, with the sha256 and sizes a real backup would record. Also builds the
 * "valid but different" replacements that only a stored-sha256 comparison can catch.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { CompressionAlgorithm } from '../../src/core/pipeline/compression.ts';
import type { BackupManifest, StoredObject } from '../../src/core/repository/manifest.ts';
import type { Storage } from '../../src/core/storage/types.ts';

/** A real pg_dump 15 custom-format archive of a one-table database (`items`, 20 rows); readable by pg_restore. */
export const TINY_DUMP = readFileSync(new URL('../fixtures/tiny.dump', import.meta.url));

export const BACKUP_ID = '20261122T020000Z-app-abcdef';

export const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** `raw` compressed the way a backup stores it (zstd with its frame checksum, gzip, or as is). */
export function compress(raw: Buffer, algorithm: CompressionAlgorithm, level = 3): Buffer {
  if (algorithm === 'zstd') return execFileSync('zstd', ['-q', `-${level}`, '--check', '-c'], { input: raw });
  if (algorithm === 'gzip') return gzipSync(raw, { level });
  return raw;
}

/** Stores `raw` under `key` compressed with `algorithm` and returns the manifest entry a backup would record. */
export async function storeObject(
  storage: Storage,
  key: string,
  raw: Buffer,
  algorithm: CompressionAlgorithm,
  role: StoredObject['role'] = 'database',
): Promise<StoredObject> {
  const stored = compress(raw, algorithm);
  await storage.put(key, stored);
  return {
    key,
    role,
    ...(role === 'database' ? { database: 'app' } : {}),
    storedSize: stored.length,
    storedSha256: sha256(stored),
    rawSize: raw.length,
    // As in real backups: zstd objects rely on the frame checksum, the others record the raw sha256.
    ...(algorithm === 'zstd' ? {} : { rawSha256: sha256(raw) }),
  };
}

/**
 * A different raw archive of exactly the same length as `raw` whose compressed form also has exactly the same
 * length: a replacement that passes every size check and the codec's own checksum, so only the stored sha256
 * can tell it apart. Found by changing one byte of a row's text until the compressed lengths agree.
 */
export function sameLengthReplacement(raw: Buffer, algorithm: CompressionAlgorithm): Buffer {
  const target = compress(raw, algorithm).length;
  const at = raw.indexOf('item 1');
  if (at < 0) throw new Error('fixture has no row text to change');
  for (let offset = 0; offset < 200; offset++) {
    for (const byte of [0x41, 0x42, 0x5a, 0x7a, 0x30]) {
      const copy = Buffer.from(raw);
      const position = at + offset;
      if (copy[position] === byte || copy[position] === 0x09 || copy[position] === 0x0a) continue;
      copy[position] = byte;
      if (compress(copy, algorithm).length === target) return copy;
    }
  }
  throw new Error('no same-length replacement found');
}

/** A manifest holding `objects`, with the first database object as the entry of database `app`. */
export function manifestOf(objects: StoredObject[], overrides: Partial<BackupManifest> = {}): BackupManifest {
  const algorithm = overrides.compression?.algorithm ?? 'zstd';
  return {
    formatVersion: 1,
    id: BACKUP_ID,
    kind: 'logical',
    databases: [
      {
        name: 'app',
        sizeBytes: 8_000_000,
        objectKey: objects.find((o) => o.role === 'database')?.key ?? objects[0]!.key,
        tables: [{ schema: 'public', name: 'items', rows: 20 }],
      },
    ],
    allDatabases: false,
    startedAt: '2026-11-22T02:00:00.000Z',
    finishedAt: '2026-11-22T02:00:05.000Z',
    durationMs: 5000,
    server: { version: '15.18', versionNum: 150018 },
    client: { pgDump: '15.18', path: '/usr/lib/postgresql/15/bin/pg_dump' },
    tool: { name: 'db-backup', version: '0.1.0' },
    format: 'custom',
    compression: { algorithm, level: 3 },
    encryption: null,
    objects,
    options: { schemaOnly: false, dataOnly: false, tables: [], excludeTables: [] },
    tags: [],
    host: '127.0.0.1:5432',
    ...overrides,
  };
}
