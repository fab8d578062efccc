import { StorageError } from '../errors.ts';

/** Returns `key` if it is a safe relative object key, else throws StorageError (so no key escapes the root). */
export function validateKey(key: string): string {
  const bad =
    key.length === 0 ||
    key.startsWith('/') ||
    key.includes('\\') ||
    key.includes('\0') ||
    key.split('/').some((segment) => segment === '' || segment === '.' || segment === '..');
  if (bad)
    throw new StorageError(
      `invalid object key ${JSON.stringify(key)}: keys are relative paths without . or .. segments`,
    );
  return key;
}
