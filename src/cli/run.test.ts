import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { InternalError, StorageError } from '../core/errors.ts';
import { renderError, renderUsageError } from './run.ts';

describe('renderUsageError: commander mistakes look like every other failure', () => {
  it.each([
    [
      "error: unknown option '--dry-rn'\n(Did you mean --dry-run?)",
      ['prune'],
      "error [USAGE]: unknown option '--dry-rn'\nhint: Did you mean --dry-run? `db-backup prune --help` shows what it takes",
    ],
    [
      "error: unknown option '--nope'",
      ['drill', 'history'],
      "error [USAGE]: unknown option '--nope'\nhint: `db-backup drill history --help` shows what it takes",
    ],
    [
      "error: unknown command 'bakup'",
      [],
      "error [USAGE]: unknown command 'bakup'\nhint: `db-backup --help` shows what it takes",
    ],
  ])('%j under %j', (message, command, expected) => {
    expect(renderUsageError(new CommanderError(1, 'commander.unknownOption', message), command)).toBe(
      expected,
    );
  });
});

describe('renderError', () => {
  it('a coded error without a hint at its throw site still prints its class hint', () => {
    expect(renderError(new StorageError('cannot list'))).toBe(
      `error [STORAGE_ERROR]: cannot list\nhint: ${StorageError.defaultHint}`,
    );
  });

  it('anything else is INTERNAL, the stack only when asked', () => {
    const bug = new TypeError('x is undefined');
    expect(renderError(bug)).toBe(`error [INTERNAL]: x is undefined\nhint: ${InternalError.defaultHint}`);
    expect(renderError(bug, true)).toMatch(/\n\s+at /);
  });
});
