/**
 * Who a data directory is, read from its files without connecting (archive_command runs inside the data
 * directory, possibly while the server cannot accept connections): the system identifier is the first field
 * of `global/pg_control`, the major version is `PG_VERSION`, the segment size is that of any segment file.
 */
import { open, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { WalAreaMismatchError } from '../errors.ts';
import { DEFAULT_SEGMENT_SIZE } from './wal-names.ts';

export interface ClusterIdentity {
  /** Decimal text: a uint64 does not fit a JavaScript number. */
  systemIdentifier: string;
  /** Major version as in PG_VERSION, e.g. `15`. */
  pgMajor: string;
  walSegmentSize: number;
}

async function readHead(path: string, length: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** The identity of the cluster whose data directory is `pgdata`. */
export async function readClusterIdentity(pgdata: string): Promise<ClusterIdentity> {
  let control: Buffer;
  let version: string;
  try {
    control = await readHead(join(pgdata, 'global', 'pg_control'), 8);
    version = (await readFile(join(pgdata, 'PG_VERSION'), 'utf8')).trim();
  } catch (error) {
    throw new WalAreaMismatchError(
      `${pgdata} is not a PostgreSQL data directory: ${(error as Error).message}`,
      {
        cause: error,
        hint: 'wal-push runs as archive_command inside the data directory; elsewhere pass --pgdata DIR (or set PGDATA)',
      },
    );
  }
  return {
    systemIdentifier: control.readBigUInt64LE(0).toString(),
    pgMajor: version,
    walSegmentSize: await segmentSizeIn(join(pgdata, 'pg_wal')),
  };
}

async function segmentSizeIn(walDir: string): Promise<number> {
  const names = await readdir(walDir).catch(() => [] as string[]);
  const segment = names.find((n) => /^[0-9A-F]{24}$/.test(n));
  return segment ? (await stat(join(walDir, segment))).size : DEFAULT_SEGMENT_SIZE;
}

/**
 * The system identifier a WAL segment's first page carries (XLogLongPageHeaderData.xlp_sysid at byte 24),
 * or undefined when the bytes are too short to hold one.
 */
export function segmentSystemIdentifier(segment: Buffer): string | undefined {
  return segment.length >= 32 ? segment.readBigUInt64LE(24).toString() : undefined;
}
