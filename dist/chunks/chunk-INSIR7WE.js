import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  SCHEDULE_STATE_KEY
} from "./chunk-GOB2Q2UI.js";
import {
  external_exports
} from "./chunk-N43V73L3.js";
import {
  StorageObjectNotFoundError
} from "./chunk-HSU6VSP5.js";

// src/core/repository/schedule-state.ts
import { text } from "node:stream/consumers";
var ScheduleStateSchema = external_exports.object({
  disabled: external_exports.array(external_exports.string()).default([]),
  updatedAt: external_exports.iso.datetime().nullable().default(null),
  updatedBy: external_exports.string().nullable().default(null)
});
async function readScheduleState(storage) {
  try {
    return ScheduleStateSchema.parse(JSON.parse(await text(await storage.get(SCHEDULE_STATE_KEY))));
  } catch (error) {
    if (error instanceof StorageObjectNotFoundError) return ScheduleStateSchema.parse({});
    throw error;
  }
}
async function setScheduleEnabled(storage, name, enabled, actor, now = /* @__PURE__ */ new Date()) {
  const state = await readScheduleState(storage);
  const disabled = new Set(state.disabled);
  if (enabled) disabled.delete(name);
  else disabled.add(name);
  const next = {
    disabled: [...disabled].sort(),
    updatedAt: now.toISOString(),
    updatedBy: actor
  };
  await storage.put(SCHEDULE_STATE_KEY, `${JSON.stringify(next, null, 2)}
`);
  return next;
}

export {
  ScheduleStateSchema,
  readScheduleState,
  setScheduleEnabled
};
