/**
 * zod compiles each object schema into a specialised parser (`new Function`) on its first parse. A command
 * parses a handful of documents once and exits, so the compiling costs more than it saves (about 6 ms of
 * every backup), and code generated at run time is best avoided in a process holding credentials anyway.
 */
import { z } from 'zod';

/**
 * Makes every schema built after this call parse without generated code. Call it before importing any module
 * that builds schemas: zod reads the setting when a schema is constructed, not when it parses.
 */
export function useInterpretedSchemas(): void {
  z.config({ jitless: true });
}
