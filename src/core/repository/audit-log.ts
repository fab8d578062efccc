/**
 * The repository's audit log: every state-changing operation (backup, restore, delete, prune, drill,
 * schedule change), from the API, the CLI or a schedule, as one JSON line in its own object. Object stores
 * cannot append, so each entry is a new create-only object whose key sorts by time; the tool never rewrites
 * an entry and removes entries only through `pruneAuditLog` (its own retention).
 */
import { text } from 'node:stream/consumers';
import { z } from 'zod';
import { redact } from '../redact.ts';
import type { Storage } from '../storage/types.ts';
import { AUDIT_PREFIX, auditEntryKey, REPOSITORY_CONFIG_KEY } from './keys.ts';

export const AuditEntrySchema = z.object({
  time: z.iso.datetime(),
  actor: z.string().describe('`schedule:<name>`, `cli`, `api:<token name>`'),
  operation: z.enum(['backup', 'restore', 'delete', 'prune', 'drill', 'verify', 'schedule']),
  target: z.string().describe('What was operated on: a database, a backup id, a schedule name'),
  outcome: z.enum(['started', 'success', 'failure', 'refused']),
  details: z.string().optional(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/** Appends one entry (create-only, never overwrites); details are redacted. */
export async function appendAudit(
  storage: Storage,
  entry: Omit<AuditEntry, 'time'>,
  at = new Date(),
): Promise<void> {
  const record = AuditEntrySchema.parse({
    ...entry,
    time: at.toISOString(),
    ...(entry.details ? { details: redact(entry.details) } : {}),
  });
  await storage.put(auditEntryKey(at), `${JSON.stringify(record)}\n`, { ifNoneExists: true });
}

/** The newest `limit` entries, newest first; damaged entries are skipped. */
export async function readAuditLog(storage: Storage, limit = 100): Promise<AuditEntry[]> {
  const objects = (await storage.list(AUDIT_PREFIX)).sort((a, b) => (a.key < b.key ? 1 : -1)).slice(0, limit);
  const entries = await Promise.all(
    objects.map(async (o) => {
      try {
        return AuditEntrySchema.parse(JSON.parse(await text(await storage.get(o.key))));
      } catch {
        return undefined;
      }
    }),
  );
  return entries.filter((e): e is AuditEntry => e !== undefined);
}

/** Removes entries older than `keepDays`; returns how many were removed. */
export async function pruneAuditLog(storage: Storage, keepDays: number, now = new Date()): Promise<number> {
  const cutoff = auditEntryKey(new Date(now.getTime() - keepDays * 86_400_000), () => '');
  const old = (await storage.list(AUDIT_PREFIX)).filter((o) => o.key < cutoff);
  for (const o of old) await storage.delete(o.key);
  return old.length;
}

/**
 * Runs a state-changing operation and appends its outcome to the audit log (success, refused for usage
 * errors, failure otherwise). An audit write that fails never changes the operation's result.
 */
export async function audited<T>(
  storage: Storage,
  entry: { actor: string; operation: AuditEntry['operation']; target: string },
  run: () => Promise<T>,
  describe: (result: T) => string | undefined = () => undefined,
): Promise<T> {
  try {
    const result = await run();
    const details = describe(result);
    await appendAudit(storage, { ...entry, outcome: 'success', ...(details ? { details } : {}) }).catch(
      () => undefined,
    );
    return result;
  } catch (error) {
    const refused = (error as { exitCode?: number }).exitCode === 2;
    // A failure against a location that holds no repository must not create one just to log itself.
    if (!(await storage.stat(REPOSITORY_CONFIG_KEY).catch(() => undefined))) throw error;
    await appendAudit(storage, {
      ...entry,
      outcome: refused ? 'refused' : 'failure',
      details: `${(error as { code?: string }).code ?? 'ERROR'}: ${(error as Error).message}`,
    }).catch(() => undefined);
    throw error;
  }
}
