#!/usr/bin/env node
/**
 * The `db-backup` executable: turns on Node's compile cache (see startup-cache.ts), then loads the CLI. The
 * import is dynamic so that the bundle of the CLI is compiled after the cache is on.
 */
import { enableStartupCache } from './startup-cache.ts';

enableStartupCache();
const { run } = await import('./run.ts');
process.exitCode = await run(process.argv);
