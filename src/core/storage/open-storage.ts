import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../errors.ts';
import { redact } from '../redact.ts';
import { LocalStorage } from './local.ts';
import type { Storage } from './types.ts';

/** Opens the storage a location names: a plain path (relative to `cwd`) or `file:///abs/path`. */
export function openStorage(location: string, cwd = process.cwd()): Storage {
  if (location.startsWith('file:')) {
    let path: string;
    try {
      path = fileURLToPath(location);
    } catch (error) {
      throw new UsageError(
        `malformed storage URL ${JSON.stringify(redact(location))}: ${(error as Error).message}`,
        {
          hint: 'use file:///absolute/path or a plain path',
        },
      );
    }
    return new LocalStorage(path);
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(location);
  if (scheme) {
    throw new UsageError(`storage scheme ${JSON.stringify(scheme[1])} is not supported in this build`, {
      hint: 'use a local path or file:///absolute/path',
    });
  }
  return new LocalStorage(isAbsolute(location) ? location : resolve(cwd, location));
}
