#!/usr/bin/env node
/**
 * The `db-backup` executable: turns on Node's compile cache (see startup-cache.ts), then loads the CLI. The
 * imports are dynamic so that the bundle of the CLI is compiled after the cache is on, and its schemas are
 * built after zod is told not to generate code (see schema-runtime.ts).
 */
import { enableStartupCache } from './startup-cache.ts';

enableStartupCache();
(await import('../core/schema-runtime.ts')).useInterpretedSchemas();
const { run } = await import('./run.ts');
process.exitCode = await run(process.argv);
