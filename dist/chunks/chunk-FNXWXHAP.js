import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  AUDIT_PREFIX,
  REPOSITORY_CONFIG_KEY,
  auditEntryKey
} from "./chunk-GOB2Q2UI.js";
import {
  external_exports
} from "./chunk-N43V73L3.js";
import {
  redact
} from "./chunk-XSSEYECF.js";

// src/core/repository/audit-log.ts
import { text } from "node:stream/consumers";
var AuditEntrySchema = external_exports.object({
  time: external_exports.iso.datetime(),
  actor: external_exports.string().describe("`schedule:<name>`, `cli`, `api:<token name>`"),
  operation: external_exports.enum(["backup", "restore", "delete", "prune", "drill", "verify", "schedule"]),
  target: external_exports.string().describe("What was operated on: a database, a backup id, a schedule name"),
  outcome: external_exports.enum(["started", "success", "failure", "refused"]),
  details: external_exports.string().optional()
});
async function appendAudit(storage, entry, at = /* @__PURE__ */ new Date()) {
  const record = AuditEntrySchema.parse({
    ...entry,
    time: at.toISOString(),
    ...entry.details ? { details: redact(entry.details) } : {}
  });
  await storage.put(auditEntryKey(at), `${JSON.stringify(record)}
`, { ifNoneExists: true });
}
async function readAuditLog(storage, limit = 100) {
  const objects = (await storage.list(AUDIT_PREFIX)).sort((a, b) => a.key < b.key ? 1 : -1).slice(0, limit);
  const entries = await Promise.all(
    objects.map(async (o) => {
      try {
        return AuditEntrySchema.parse(JSON.parse(await text(await storage.get(o.key))));
      } catch {
        return void 0;
      }
    })
  );
  return entries.filter((e) => e !== void 0);
}
async function audited(storage, entry, run, describe = () => void 0) {
  try {
    const result = await run();
    const details = describe(result);
    await appendAudit(storage, { ...entry, outcome: "success", ...details ? { details } : {} }).catch(
      () => void 0
    );
    return result;
  } catch (error) {
    const refused = error.exitCode === 2;
    if (!await storage.stat(REPOSITORY_CONFIG_KEY).catch(() => void 0)) throw error;
    await appendAudit(storage, {
      ...entry,
      outcome: refused ? "refused" : "failure",
      details: `${error.code ?? "ERROR"}: ${error.message}`
    }).catch(() => void 0);
    throw error;
  }
}

export {
  appendAudit,
  readAuditLog,
  audited
};
