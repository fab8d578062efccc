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

/** A command that compresses stdin to stdout, or undefined for `none`. */
export async function compressCommand(
  spec: CompressionSpec,
): Promise<{ command: string; args: string[] } | undefined> {
  if (spec.algorithm === 'none') return undefined;
  const command = await requireTool(spec.algorithm);
  const args =
    spec.algorithm === 'zstd' ? ['-q', `-${spec.level}`, '-T0', '-c'] : ['-c', `-${spec.level}`, '-n'];
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
