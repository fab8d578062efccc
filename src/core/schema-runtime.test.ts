import { afterEach, expect, it } from 'vitest';
import { z } from 'zod';
import { useInterpretedSchemas } from './schema-runtime.ts';

const RealFunction = globalThis.Function;

/** Parses with the Function constructor replaced by one that refuses, so generated code shows as a throw. */
function parseWithoutCodeGeneration(schema: z.ZodType, value: unknown): unknown {
  globalThis.Function = new Proxy(RealFunction, {
    construct() {
      throw new Error('code generated at run time');
    },
  });
  try {
    return schema.parse(value);
  } finally {
    globalThis.Function = RealFunction;
  }
}

afterEach(() => {
  globalThis.Function = RealFunction;
});

const document = { name: 'shop', tables: [{ schema: 'public', name: 'orders', rows: 3 }] };
const build = () =>
  z.object({
    name: z.string().min(1),
    tables: z.array(z.object({ schema: z.string(), name: z.string(), rows: z.number().int() })),
  });

it('without it, zod compiles an object schema on its first parse (the cost it removes)', () => {
  z.config({ jitless: false });
  expect(() => parseWithoutCodeGeneration(build(), document)).toThrow('code generated at run time');
});

it('schemas built after it parse without generating code, with the same result', () => {
  useInterpretedSchemas();
  expect(parseWithoutCodeGeneration(build(), document)).toEqual(document);
  expect(() => parseWithoutCodeGeneration(build(), { ...document, name: '' })).toThrow(/too_small|>=1/);
});
