import { UsageError } from '../errors.ts';

function assertNoNul(text: string): void {
  if (text.includes('\0')) throw new UsageError('names and values may not contain NUL characters');
}

/** A SQL identifier, always double-quoted: safe for any name (quotes, semicolons, unicode, leading dashes). */
export function quoteIdent(name: string): string {
  assertNoNul(name);
  return `"${name.replace(/"/g, '""')}"`;
}

/** A SQL string literal; uses E'' escaping when the text holds backslashes, so it is right whatever standard_conforming_strings says. */
export function quoteLiteral(text: string): string {
  assertNoNul(text);
  const body = text.replace(/'/g, "''");
  return text.includes('\\') ? `E'${body.replace(/\\/g, '\\\\')}'` : `'${body}'`;
}
