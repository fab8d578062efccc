/**
 * Which named schedules are disabled, stored in the repository so every daemon replica and the CLI agree.
 * Written with a plain put: the last writer wins, and every change is also in the audit log.
 */
import { text } from 'node:stream/consumers';
import { z } from 'zod';
import { StorageObjectNotFoundError } from '../errors.ts';
import type { Storage } from '../storage/types.ts';
import { SCHEDULE_STATE_KEY } from './keys.ts';

export const ScheduleStateSchema = z.object({
  disabled: z.array(z.string()).default([]),
  updatedAt: z.iso.datetime().nullable().default(null),
  updatedBy: z.string().nullable().default(null),
});
export type ScheduleState = z.infer<typeof ScheduleStateSchema>;

/** The stored state; an empty one when none was ever written. */
export async function readScheduleState(storage: Storage): Promise<ScheduleState> {
  try {
    return ScheduleStateSchema.parse(JSON.parse(await text(await storage.get(SCHEDULE_STATE_KEY))));
  } catch (error) {
    if (error instanceof StorageObjectNotFoundError) return ScheduleStateSchema.parse({});
    throw error;
  }
}

/** Enables or disables `name`; returns the new state. */
export async function setScheduleEnabled(
  storage: Storage,
  name: string,
  enabled: boolean,
  actor: string,
  now = new Date(),
): Promise<ScheduleState> {
  const state = await readScheduleState(storage);
  const disabled = new Set(state.disabled);
  if (enabled) disabled.delete(name);
  else disabled.add(name);
  const next: ScheduleState = {
    disabled: [...disabled].sort(),
    updatedAt: now.toISOString(),
    updatedBy: actor,
  };
  await storage.put(SCHEDULE_STATE_KEY, `${JSON.stringify(next, null, 2)}\n`);
  return next;
}
