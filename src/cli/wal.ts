#!/usr/bin/env node
// The small entry for archive_command / restore_command (dist/cli/wal.js); every other command is in index.ts.
import { enableStartupCache } from './startup-cache.ts';

// One Node start per WAL file: the compile cache saves compiling the chunks each time. It lives in the user's
// private cache directory (startup-cache.ts), never a shared temp directory another user could fill first.
// The import is dynamic so that everything after this line is covered by the cache.
enableStartupCache();
const { exitOnSignals, parseWalArgs, runWalCommand } = await import('./wal-runner.ts');

const parsed = parseWalArgs(process.argv);
if (!parsed) {
  process.stderr.write('usage: wal.js wal-push %p | wal-fetch %f %p  [--storage LOCATION] [--config FILE]\n');
  process.exitCode = 2;
} else {
  if (parsed.command === 'wal-fetch') exitOnSignals();
  process.exitCode = await runWalCommand(parsed);
}
