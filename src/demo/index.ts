import { run } from './run-demo.ts';

process.exitCode = await run();
