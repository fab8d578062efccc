import { afterEach, describe, expect, it } from 'vitest';
import { clearSecrets, redact, redactUrl, registerSecret } from './redact.ts';

describe('redact', () => {
  afterEach(() => clearSecrets());

  it('hides URL passwords but keeps the user and host', () => {
    expect(redact('postgres://alice:s3cr%40t@db.example:5432/app')).toBe(
      'postgres://alice:***@db.example:5432/app',
    );
    expect(redactUrl('postgresql://bob:pw@h/db')).toBe('postgresql://bob:***@h/db');
  });

  it.each([
    ['a URL without a user keeps its shape', 'postgres://:hunter22@db/app', 'postgres://***@db/app'],
    [
      'userinfo without a password still hides the user part',
      'postgres://alice@db/app',
      'postgres://alice:***@db/app',
    ],
    ['any scheme, any case', 'S3+HTTPS://key:Secret@host/b', 'S3+HTTPS://key:***@host/b'],
    ['a one-letter scheme', 'x://key:Secret@host', 'x://key:***@host'],
    ['a scheme ending in a digit', 's3://key:Secret@bucket', 's3://key:***@bucket'],
    [
      'several URLs in one line',
      'from postgres://a:one@h1/x to postgres://b:two@h2/y',
      'from postgres://a:***@h1/x to postgres://b:***@h2/y',
    ],
    [
      'text without credentials is unchanged',
      'connect to db.example:5432 as alice',
      'connect to db.example:5432 as alice',
    ],
    ['a path with @ is not a URL', 'file /srv/a@b/c', 'file /srv/a@b/c'],
  ])('%s', (_name, input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it('hides registered secrets anywhere, including URL-encoded forms', () => {
    registerSecret('p@ss word');
    expect(redact('failed with p@ss word and p%40ss%20word')).toBe('failed with *** and ***');
  });

  it('replaces a longer secret whole even when a shorter one is part of it', () => {
    registerSecret('abc');
    registerSecret('abcdef');
    expect(redact('x abcdef y abc')).toBe('x *** y ***');
  });

  it('ignores empty and tiny values, which would blank out ordinary text', () => {
    registerSecret('');
    registerSecret(undefined);
    registerSecret(null);
    registerSecret('ab');
    expect(redact('ab abc')).toBe('ab abc');
    registerSecret('abc');
    expect(redact('ab abc')).toBe('ab ***');
  });

  it('clearSecrets forgets every registered secret', () => {
    registerSecret('forget-me');
    expect(redact('forget-me')).toBe('***');
    clearSecrets();
    expect(redact('forget-me')).toBe('forget-me');
  });

  it.each([
    ['host=x password=hunter2 user=y', 'host=x password=*** user=y'],
    ['PASSWORD=hunter2', 'PASSWORD=***'],
    [
      'passwd=a pwd=b secret=c token=d access_key=e secret_key=f',
      'passwd=*** pwd=*** secret=*** token=*** access_key=*** secret_key=***',
    ],
    ['?token=abc&user=x', '?token=***&user=x'],
    ['password=abc;host=y', 'password=***;host=y'],
    ['mypassword=abc', 'mypassword=abc'],
    ['password = spaced', 'password = spaced'],
  ])('key=value pairs: %j becomes %j', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });
});
