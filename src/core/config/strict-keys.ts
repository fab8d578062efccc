/**
 * Typos must not be silently ignored: `databses`, `retention.keepDialy` or `drill.rpoo` in a config file would
 * otherwise leave the real setting at its default (a retention rule that never applies). Unknown keys are
 * refused naming the path with a "did you mean", and unknown `BACKUP_*` variables are warned about.
 */
import { z } from 'zod';

/** Edit distance between two short strings (insert, delete, substitute). */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/** The closest candidate to `name` (case-insensitive, within an edit distance of 2), if any. */
export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (
      distance <= Math.min(2, Math.max(1, Math.floor(candidate.length / 3))) &&
      (!best || distance < best.distance)
    ) {
      best = { candidate, distance };
    }
  }
  return best?.candidate;
}

/** The object schema inside defaults, prefaults, optionals, nullables and pipes, or undefined for non-objects. */
function objectOf(schema: z.ZodType): z.ZodObject | undefined {
  let current: unknown = schema;
  for (let depth = 0; depth < 10; depth++) {
    if (current instanceof z.ZodObject) return current;
    if (
      current instanceof z.ZodDefault ||
      current instanceof z.ZodPrefault ||
      current instanceof z.ZodOptional ||
      current instanceof z.ZodNullable
    ) {
      current = current.unwrap();
    } else if (current instanceof z.ZodPipe) {
      current = current.out instanceof z.ZodObject ? current.out : current.in;
    } else {
      return undefined;
    }
  }
  return undefined;
}

function arrayElement(schema: z.ZodType): z.ZodType | undefined {
  let current: unknown = schema;
  for (let depth = 0; depth < 10; depth++) {
    if (current instanceof z.ZodArray) return current.element as z.ZodType;
    if (
      current instanceof z.ZodDefault ||
      current instanceof z.ZodPrefault ||
      current instanceof z.ZodOptional ||
      current instanceof z.ZodNullable
    ) {
      current = current.unwrap();
    } else if (current instanceof z.ZodPipe) {
      current = current.out;
    } else {
      return undefined;
    }
  }
  return undefined;
}

/** Every key of `value` the schema does not know, as `path: unknown key (did you mean …?)`. */
export function unknownKeys(value: unknown, schema: z.ZodType, path = ''): string[] {
  const object = objectOf(schema);
  if (object && value && typeof value === 'object' && !Array.isArray(value)) {
    const shape = object.shape as Record<string, z.ZodType>;
    const problems: string[] = [];
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const at = path ? `${path}.${key}` : key;
      if (!(key in shape)) {
        const suggestion = didYouMean(key, Object.keys(shape));
        problems.push(
          `${at}: unknown key${suggestion ? ` (did you mean ${path ? `${path}.` : ''}${suggestion}?)` : ''}`,
        );
      } else {
        problems.push(...unknownKeys(child, shape[key]!, at));
      }
    }
    return problems;
  }
  const element = arrayElement(schema);
  if (element && Array.isArray(value))
    return value.flatMap((item, i) => unknownKeys(item, element, `${path}[${i}]`));
  return [];
}

/** Warnings for `BACKUP_*` variables nothing reads (typos such as BACKUP_RETENTON_DAYS). */
export function unknownBackupVariables(env: NodeJS.ProcessEnv, known: Iterable<string>): string[] {
  const names = new Set<string>();
  for (const name of known) {
    names.add(name);
    names.add(`${name}_FILE`);
  }
  return Object.keys(env)
    .filter((name) => name.startsWith('BACKUP_') && !names.has(name))
    .sort()
    .map((name) => {
      const suggestion = didYouMean(name, names);
      return `environment variable ${name} is not used by db-backup${suggestion ? ` (did you mean ${suggestion}?)` : ''}`;
    });
}
