import { describe, expect, it } from 'vitest';
import { asServerUser, isRoot, shellQuote } from './server-user.ts';

describe('asServerUser', () => {
  it.runIf(isRoot())(
    'as root, finds runuser by absolute path even when PATH lacks /usr/sbin (root cron jobs)',
    async () => {
      const saved = process.env.PATH;
      process.env.PATH = '/nonexistent';
      try {
        const [command, args] = await asServerUser('/usr/lib/postgresql/15/bin/pg_ctl', ['status']);
        expect(command).toMatch(/^\/(usr\/)?sbin\/runuser$/);
        expect(args).toEqual(['-u', 'postgres', '--', '/usr/lib/postgresql/15/bin/pg_ctl', 'status']);
      } finally {
        process.env.PATH = saved;
      }
    },
  );

  it.skipIf(isRoot())('runs the program itself when not root', async () => {
    expect(await asServerUser('/bin/true', ['x'])).toEqual(['/bin/true', ['x']]);
  });
});

describe('shellQuote', () => {
  it('quotes single quotes so sh reads the word back unchanged', () => {
    expect(shellQuote("a'b c")).toBe(`'a'\\''b c'`);
  });
});
