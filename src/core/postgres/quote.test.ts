import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.ts';
import { quoteIdent, quoteLiteral } from './quote.ts';

describe('quoting', () => {
  it.each([
    ['plain', '"plain"'],
    ['Mixed Case', '"Mixed Case"'],
    ['a"b', '"a""b"'],
    ['x; DROP TABLE y', '"x; DROP TABLE y"'],
    ['表', '"表"'],
  ])('quoteIdent(%j)', (input, expected) => expect(quoteIdent(input)).toBe(expected));

  it.each([
    ["it's", "'it''s'"],
    ['back\\slash', "E'back\\\\slash'"],
    ['ünï', "'ünï'"],
  ])('quoteLiteral(%j)', (input, expected) => expect(quoteLiteral(input)).toBe(expected));

  it('rejects NUL', () => {
    expect(() => quoteIdent('a\0b')).toThrow(UsageError);
    expect(() => quoteLiteral('a\0b')).toThrow(UsageError);
  });
});
