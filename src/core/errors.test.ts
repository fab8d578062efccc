import { describe, expect, it } from 'vitest';
import * as errors from './errors.ts';

/** Every named error class the module exports, constructed the simplest way it allows. */
const classes = Object.entries(errors).filter(
  (entry): entry is [string, typeof errors.DbBackupError] =>
    typeof entry[1] === 'function' && entry[1].prototype instanceof Error,
);

function make(Class: typeof errors.DbBackupError): errors.DbBackupError {
  // ConfigError takes its problems as a list; the rest take a message.
  return Class === (errors.ConfigError as unknown)
    ? new errors.ConfigError(['x: bad'])
    : new Class('it failed');
}

describe('every error class says what to do', () => {
  it('finds the classes', () => {
    expect(classes.length).toBeGreaterThan(20);
  });

  it.each(classes)('%s has a default hint and a stable code', (name, Class) => {
    const error = make(Class);
    expect(error.hint, name).toMatch(/\S{3}/);
    expect(error.code, name).toMatch(/^[A-Z_]+$/);
    expect(error.name).toBe(name);
  });

  it('a hint given at the throw site replaces the default', () => {
    expect(new errors.StorageError('x', { hint: 'do this' }).hint).toBe('do this');
    expect(new errors.StorageError('x').hint).toBe(errors.StorageError.defaultHint);
  });

  it('classes do not share one generic hint where the user can act more precisely', () => {
    const hints = new Set(classes.map(([, Class]) => make(Class).hint));
    expect(hints.size).toBeGreaterThan(classes.length - 4);
  });
});
