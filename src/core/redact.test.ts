import { afterEach, describe, expect, it } from 'vitest';
import { clearSecrets, redact, registerSecret } from './redact.ts';

describe('redact', () => {
  afterEach(() => clearSecrets());

  it('hides URL passwords but keeps the user and host', () => {
    expect(redact('postgres://alice:s3cr%40t@db.example:5432/app')).toBe(
      'postgres://alice:***@db.example:5432/app',
    );
  });

  it('hides registered secrets anywhere, including URL-encoded forms', () => {
    registerSecret('p@ss word');
    expect(redact('failed with p@ss word and p%40ss%20word')).toBe('failed with *** and ***');
  });

  it('hides password= pairs in connection strings', () => {
    expect(redact('host=x password=hunter2 user=y')).toBe('host=x password=*** user=y');
  });
});
