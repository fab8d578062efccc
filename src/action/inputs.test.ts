import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { OUTPUT_NAMES } from './commands.ts';
import { INPUT_NAMES, InputError, inputsToEnv, readActionInputs } from './inputs.ts';

const reader = (values: Record<string, string>) => (name: string) => values[name] ?? '';
const problemsOf = (values: Record<string, string>, env: NodeJS.ProcessEnv = {}) => {
  try {
    readActionInputs(reader(values), env);
    return [];
  } catch (error) {
    if (error instanceof InputError) return error.problems;
    throw error;
  }
};

describe('readActionInputs', () => {
  it('defaults to backup and reads booleans and numbers', () => {
    const inputs = readActionInputs(
      reader({
        'database-url': 'postgres://u@h/db',
        'keep-last': '7',
        'upload-report': 'FALSE',
        'rpo-minutes': '90',
      }),
    );
    expect(inputs.command).toBe('backup');
    expect(inputs['keep-last']).toBe(7);
    expect(inputs['upload-report']).toBe(false);
    expect(inputs['rpo-minutes']).toBe(90);
    expect(inputs['fail-on-non-compliance']).toBe(true);
  });

  it.each([
    [{ command: 'explode' }, 'command: command must be one of'],
    [{ command: 'status', 'rpo-minutes': 'soon' }, 'rpo-minutes: rpo-minutes must be a number'],
    [{ command: 'status', 'rpo-minutes': '0' }, 'rpo-minutes: rpo-minutes must be greater than zero'],
    [{ command: 'status', 'keep-last': '-1' }, 'keep-last: keep-last must be a whole number'],
    [
      { command: 'status', 'upload-report': 'yes please' },
      'upload-report: upload-report must be true or false',
    ],
    [{ command: 'status', storage: 'ftp://host/x' }, 'storage: storage must be a path'],
    [{ command: 'status', storage: 's3://' }, 'storage: storage URL names no bucket'],
    [
      { command: 'status', 'retention-days': '400' },
      'retention-days: retention-days must be between 1 and 90',
    ],
    [{ command: 'backup' }, 'database-url: required for command backup'],
    [{ command: 'drill' }, 'database-url: required for command drill'],
    [{ command: 'restore', 'database-url': 'postgres://h/db' }, 'backup-id: restore needs backup-id'],
    [{ command: 'backup', 'database-url': 'mysql://h/db' }, 'database-url: must start with postgres://'],
    [{ command: 'base-backup' }, 'database-url: required for command base-backup'],
    [{ command: 'status', pitr: 'true' }, 'pitr: only applies to command drill'],
    [{ command: 'drill', pitr: 'false', 'target-time': 'random' }, 'target-time: only applies'],
    [{ command: 'wal-simulate', 'simulate-duration': '0' }, 'simulate-duration must be at least 1'],
    [{ command: 'wal-simulate', 'simulate-rate': 'fast' }, 'simulate-rate must be a whole number'],
  ])('%j is refused: %s', (values, expected) => {
    expect(problemsOf(values).join('\n')).toContain(expected);
  });

  it('reports every bad input at once', () => {
    expect(problemsOf({ command: 'status', 'rpo-minutes': 'x', 'keep-last': 'y' })).toHaveLength(2);
  });

  it('runs a point-in-time drill and wal-simulate without a server to reach', () => {
    expect(problemsOf({ command: 'drill', pitr: 'true', 'target-time': 'random' })).toEqual([]);
    expect(problemsOf({ command: 'wal-simulate' })).toEqual([]);
    const inputs = readActionInputs(reader({ command: 'wal-simulate', 'simulate-targets': '2' }));
    expect(inputs).toMatchObject({ 'simulate-duration': 60, 'simulate-rate': 10, 'simulate-targets': 2 });
  });

  it('accepts a connection from the step environment instead of database-url', () => {
    expect(problemsOf({ command: 'backup' }, { PGHOST: 'db' })).toEqual([]);
    expect(problemsOf({ command: 'backup' }, { DATABASE_URL: 'postgres://h/db' })).toEqual([]);
  });
});

describe('inputsToEnv', () => {
  it('writes given inputs over the environment and leaves the rest', () => {
    const inputs = readActionInputs(
      reader({
        command: 'drill',
        'database-url': 'postgres://h/db',
        'rpo-minutes': '15',
        compression: 'gzip',
      }),
    );
    const env = inputsToEnv(inputs, { BACKUP_RPO: '60m', BACKUP_KEEP_LAST: '3' });
    expect(env).toMatchObject({ BACKUP_RPO: '15m', BACKUP_COMPRESSION: 'gzip', BACKUP_KEEP_LAST: '3' });
    expect(env.DATABASE_URL).toBe('postgres://h/db');
  });
});

describe('action.yml', () => {
  const action = parse(readFileSync(new URL('../../action.yml', import.meta.url), 'utf8'));
  it('runs the committed bundle on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/action/index.js' });
  });
  it('declares exactly the inputs the reader reads, each described', () => {
    expect(Object.keys(action.inputs)).toEqual(INPUT_NAMES);
    for (const [name, spec] of Object.entries<{ description?: string }>(action.inputs))
      expect(spec.description, name).toBeTruthy();
  });
  it('declares exactly the outputs the commands set', () => {
    expect(Object.keys(action.outputs)).toEqual([...OUTPUT_NAMES]);
  });
});

describe('README', () => {
  it('lists the inputs and outputs of action.yml (run `npm run docs:action`)', async () => {
    const { updateReadme } = await import('./action-docs.ts');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const action = readFileSync(new URL('../../action.yml', import.meta.url), 'utf8');
    expect(readme).toBe(updateReadme(readme, action));
  });
});
