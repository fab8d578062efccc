#!/usr/bin/env node
// The small entry for archive_command / restore_command (dist/cli/wal.js); every other command is in index.ts.
import { enableCompileCache } from 'node:module';
import { exitOnSignals, parseWalArgs, runWalCommand } from './wal-runner.ts';

// One Node start per WAL file: V8's on-disk code cache (in the OS temp dir) saves compiling the chunks each time.
enableCompileCache?.();

const parsed = parseWalArgs(process.argv);
if (!parsed) {
  process.stderr.write('usage: wal.js wal-push %p | wal-fetch %f %p  [--storage LOCATION] [--config FILE]\n');
  process.exitCode = 2;
} else {
  if (parsed.command === 'wal-fetch') exitOnSignals();
  process.exitCode = await runWalCommand(parsed);
}
