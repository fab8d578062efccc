/**
 * Compression runs in external processes (zstd, gzip) connected by OS pipes: they are faster than zlib in
 * JavaScript and keep the event loop free for hashing and uploading.
 */
import { BinaryNotFoundError } from '../errors.ts';
import { findExecutable } from './find-executable.ts';

export type CompressionAlgorithm = 'zstd' | 'gzip' | 'none';

export interface CompressionSpec {
  algorithm: CompressionAlgorithm;
  level: number;
}

/** The default level of each algorithm (zstd 3, gzip 6). */
export function defaultLevel(algorithm: CompressionAlgorithm): number {
  return algorithm === 'zstd' ? 3 : algorithm === 'gzip' ? 6 : 0;
}

/** The file extension for a stored object of this compression (`dump.zst`, `dump.gz`, `dump`). */
export function objectExtension(base: string, algorithm: CompressionAlgorithm): string {
  return algorithm === 'zstd' ? `${base}.zst` : algorithm === 'gzip' ? `${base}.gz` : base;
}

/**
 * A command that compresses stdin to stdout, or undefined for `none`. With `reportByteCounts`, zstd prints its
 * exact input and output sizes on stderr (see parseZstdByteCounts) instead of staying quiet.
 */
export async function compressCommand(
  spec: CompressionSpec,
  options: { reportByteCounts?: boolean } = {},
): Promise<{ command: string; args: string[] } | undefined> {
  if (spec.algorithm === 'none') return undefined;
  const command = await requireTool(spec.algorithm);
  const args =
    spec.algorithm === 'zstd'
      ? [options.reportByteCounts ? '-vv' : '-q', `-${spec.level}`, '-T0', '--check', '-c']
      : ['-c', `-${spec.level}`, '-n'];
  return { command, args };
}

/** A command that decompresses stdin to stdout, or undefined for `none`. */
export async function decompressCommand(
  algorithm: CompressionAlgorithm,
): Promise<{ command: string; args: string[] } | undefined> {
  if (algorithm === 'none') return undefined;
  const command = await requireTool(algorithm);
  return { command, args: algorithm === 'zstd' ? ['-q', '-d', '-c'] : ['-d', '-c'] };
}

async function requireTool(name: 'zstd' | 'gzip'): Promise<string> {
  const found = await findExecutable(name);
  if (!found) {
    throw new BinaryNotFoundError(`${name} not found in PATH`, {
      hint: `install it (Debian/Ubuntu: apt-get install ${name}) or choose another --compression`,
    });
  }
  return found;
}

/**
 * The exact byte counts from the summary zstd prints at `-vv` ("(490700000 B => 144639040 B, …)"; 1.4 says
 * "bytes"), or undefined when absent.
 */
export function parseZstdByteCounts(stderr: string): { raw: number; compressed: number } | undefined {
  const match = /\(\s*(\d+)\s*(?:B|bytes)\s*=>\s*(\d+)\s*(?:B|bytes)\b/.exec(stderr);
  return match ? { raw: Number(match[1]), compressed: Number(match[2]) } : undefined;
}
