import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  readWalArea
} from "./chunk-YVH2I7AV.js";
import {
  audited
} from "./chunk-FNXWXHAP.js";
import {
  deleteBackup,
  latestVerifications,
  listBackupReports,
  listBackups,
  listIncompleteBackups
} from "./chunk-USZDJMRJ.js";
import {
  parseWalFileName
} from "./chunk-T2VRPRXO.js";
import {
  backupPrefix,
  walClusterPrefix,
  walFileNameOfKey
} from "./chunk-GOB2Q2UI.js";
import {
  RetentionRefusedError
} from "./chunk-HSU6VSP5.js";
import {
  parseDuration
} from "./chunk-TOYXLD7G.js";

// src/core/retention/policy.ts
var CALENDAR_UNITS = ["hourly", "daily", "weekly", "monthly", "yearly"];
function policyFromConfig(config) {
  const within = config.keepWithin ? parseDuration(config.keepWithin) : void 0;
  if (within && "error" in within) throw new RetentionRefusedError(within.error);
  return {
    keepLast: config.keepLast,
    keepWithinMs: within?.ms,
    keepWithinText: config.keepWithin,
    hourly: config.keepHourly,
    daily: config.keepDaily,
    weekly: config.keepWeekly,
    monthly: config.keepMonthly,
    yearly: config.keepYearly,
    requireVerified: config.requireVerified,
    timeZone: config.timeZone
  };
}
function hasRules(policy) {
  return (policy.keepLast ?? 0) > 0 || (policy.keepWithinMs ?? 0) > 0 || CALENDAR_UNITS.some((unit) => (policy[unit] ?? 0) > 0);
}
var formatters = /* @__PURE__ */ new Map();
function localParts(date, timeZone) {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat("en-US", {
        timeZone,
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        hourCycle: "h23"
      });
    } catch {
      throw new RetentionRefusedError(`unknown time zone ${JSON.stringify(timeZone)}`, {
        hint: "use an IANA name such as UTC, Europe/Berlin or America/New_York"
      });
    }
    formatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(date).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour)
  };
}
var pad = (n, width = 2) => String(n).padStart(width, "0");
function isoWeek(year, month, day) {
  const date = new Date(Date.UTC(year, month - 1, day));
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const weekYear = date.getUTCFullYear();
  const week = Math.ceil(((date.getTime() - Date.UTC(weekYear, 0, 1)) / 864e5 + 1) / 7);
  return `${weekYear}-W${pad(week)}`;
}
function calendarBucket(date, unit, timeZone) {
  const { year, month, day, hour } = localParts(date, timeZone);
  switch (unit) {
    case "hourly":
      return `${year}-${pad(month)}-${pad(day)}T${pad(hour)}`;
    case "daily":
      return `${year}-${pad(month)}-${pad(day)}`;
    case "weekly":
      return isoWeek(year, month, day);
    case "monthly":
      return `${year}-${pad(month)}`;
    case "yearly":
      return String(year);
  }
}
function newestFirst(a, b) {
  return b.finishedAt.getTime() - a.finishedAt.getTime() || b.startedAt.getTime() - a.startedAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}
function planGroup(group, policy, now, timeZone, reasons, warnings) {
  const add = (c, reason) => reasons.get(c.id).push(reason);
  const sorted = [...group].sort(newestFirst);
  for (const c of sorted) reasons.set(c.id, []);
  const future = sorted.filter((c) => c.finishedAt.getTime() > now.getTime());
  for (const c of future) {
    add(c, "keep: dated in the future (clock skew)");
    warnings.push(
      `${c.id} finished at ${c.finishedAt.toISOString()}, after now (${now.toISOString()}): check the clocks; kept`
    );
  }
  const present = sorted.filter((c) => c.finishedAt.getTime() <= now.getTime());
  const newestVerified = present.find((c) => c.verified);
  const counted = present.filter((c) => !policy.requireVerified || c.verified);
  if (policy.requireVerified) {
    for (const c of present.filter((p) => !p.verified)) {
      if (!newestVerified || c.finishedAt > newestVerified.finishedAt)
        add(c, "keep: awaiting verification (--require-verified)");
    }
  }
  const newest = present[0];
  if (newest) add(newest, "keep: newest complete backup");
  for (const [i, c] of counted.slice(0, policy.keepLast ?? 0).entries())
    add(c, `keep: last ${i + 1}/${policy.keepLast}`);
  if (policy.keepWithinMs !== void 0) {
    for (const c of counted) {
      if (now.getTime() - c.finishedAt.getTime() <= policy.keepWithinMs)
        add(c, `keep: within ${policy.keepWithinText ?? `${policy.keepWithinMs}ms`}`);
    }
  }
  for (const unit of CALENDAR_UNITS) {
    const limit = policy[unit] ?? 0;
    const taken = /* @__PURE__ */ new Set();
    for (const c of counted) {
      if (taken.size >= limit) break;
      const bucket = calendarBucket(c.finishedAt, unit, timeZone);
      if (taken.has(bucket)) continue;
      taken.add(bucket);
      add(c, `keep: ${unit} ${bucket}`);
    }
  }
  for (const c of present) {
    const r = reasons.get(c.id);
    if (r.length === 0)
      r.push(
        policy.requireVerified && !c.verified ? "remove: unverified (--require-verified)" : "remove: outside every rule"
      );
  }
}
function planRetention(candidates, policy, now, timeZone = policy.timeZone) {
  if (!hasRules(policy)) {
    throw new RetentionRefusedError(
      "no retention rule configured: a plan would keep only the newest backup of each database",
      {
        hint: "set at least one of --keep-last, --keep-within, --keep-daily/weekly/monthly/yearly (or BACKUP_KEEP_* / BACKUP_RETENTION_DAYS)"
      }
    );
  }
  const reasons = /* @__PURE__ */ new Map();
  const warnings = [];
  const groups = /* @__PURE__ */ new Map();
  for (const c of candidates) groups.set(c.group, [...groups.get(c.group) ?? [], c]);
  for (const group of [...groups.keys()].sort())
    planGroup(groups.get(group), policy, now, timeZone, reasons, warnings);
  const keep = [];
  const remove = [];
  for (const c of [...candidates].sort(newestFirst)) {
    const r = reasons.get(c.id);
    const decision = {
      id: c.id,
      group: c.group,
      kind: c.kind,
      finishedAt: c.finishedAt.toISOString(),
      reasons: r
    };
    (r.some((reason) => reason.startsWith("keep:")) ? keep : remove).push(decision);
  }
  return {
    keep,
    remove,
    reasons: Object.fromEntries(reasons),
    pinned: keep.filter((d) => d.kind === "base").map((d) => d.id),
    warnings
  };
}

// src/core/retention/wal-retention.ts
function planWalRetention(names, keptStarts, segmentSize) {
  const starts = keptStarts.map((n) => ({ name: n, segno: parseWalFileName(n, segmentSize)?.segno })).filter((s) => s.segno !== void 0).sort((a, b) => a.segno < b.segno ? -1 : a.segno > b.segno ? 1 : 0);
  const oldest = starts[0];
  if (!oldest) return { keepFrom: null, remove: [] };
  const remove = names.filter((name) => {
    const parsed = parseWalFileName(name, segmentSize);
    return parsed !== void 0 && parsed.kind !== "history" && parsed.segno < oldest.segno;
  });
  return { keepFrom: oldest.name, remove };
}

// src/core/retention/prune.ts
var ALL = "*all*";
var BASE = "*base*";
function groupOf(backup) {
  return backup.allDatabases ? ALL : [...backup.databases].sort().join(",");
}
function manifestGroup(m) {
  if (m.kind === "base") return BASE;
  return groupOf({ databases: m.databases.map((d) => d.name), allDatabases: m.allDatabases });
}
function failedGroups(manifests, reports) {
  const newestComplete = /* @__PURE__ */ new Map();
  for (const m of manifests)
    newestComplete.set(
      manifestGroup(m),
      Math.max(newestComplete.get(manifestGroup(m)) ?? 0, Date.parse(m.startedAt))
    );
  const newestReport = /* @__PURE__ */ new Map();
  for (const r of reports) newestReport.set(groupOf(r), r);
  return [...newestReport.entries()].filter(
    ([group, r]) => r.status === "failed" && Date.parse(r.startedAt) >= (newestComplete.get(group) ?? 0)
  ).map(([group]) => group);
}
function assertPrunableLocation(storage) {
  if (storage.isBucketRoot)
    throw new RetentionRefusedError(
      `refusing to prune ${storage.location}: the repository is a whole bucket or container (empty prefix), which may hold other data`,
      { hint: `put the repository under a prefix, e.g. ${storage.location}/db-backups` }
    );
}
async function planPrune(storage, config, options) {
  assertPrunableLocation(storage);
  const policy = policyFromConfig(config);
  const manifests = (await listBackups(storage)).filter(
    (m) => options.database === void 0 || m.databases.some((d) => d.name === options.database)
  );
  const groups = new Set(manifests.map(manifestGroup));
  const newestIds = [...groups].map(
    (g) => manifests.filter((m) => manifestGroup(m) === g).map((m) => m.id).sort().at(-1)
  );
  const after = newestIds.sort()[0]?.slice(0, 16);
  const reports = await listBackupReports(storage, after ? { after } : {});
  const failed = failedGroups(manifests, reports).filter((g) => groups.has(g));
  if (failed.length > 0 && !options.force) {
    throw new RetentionRefusedError(
      `the latest backup of ${failed.map((g) => JSON.stringify(g)).join(", ")} failed; refusing to prune`,
      {
        hint: "fix the backup and take a successful one first, or pass --force"
      }
    );
  }
  const verifications = await latestVerifications(storage);
  const candidates = manifests.map((m) => ({
    id: m.id,
    group: manifestGroup(m),
    kind: m.kind,
    finishedAt: new Date(m.finishedAt),
    startedAt: new Date(m.startedAt),
    verified: verifications.get(m.id)?.ok === true
  }));
  const plan = planRetention(candidates, policy, options.now);
  const graceMs = parseDuration(config.incompleteGrace).ms;
  const incomplete = options.database === void 0 ? await listIncompleteBackups(storage) : [];
  const isGarbage = (b) => options.now.getTime() - b.newestModified.getTime() > graceMs;
  const keptStarts = manifests.filter((m) => m.kind === "base" && m.base && plan.keep.some((k) => k.id === m.id)).map((m) => m.base.walStart);
  const wal = options.database === void 0 ? await planWalPrune(storage, keptStarts) : { keepFrom: null, removeKeys: [] };
  return {
    ...plan,
    wal,
    storage: storage.location,
    garbage: incomplete.filter(isGarbage).map((b) => ({ id: b.id, keys: b.keys, newestModified: b.newestModified.toISOString() })),
    incompleteKept: incomplete.filter((b) => !isGarbage(b)).map((b) => b.id),
    warnings: [
      ...plan.warnings,
      ...failed.length ? [`--force: pruning although the latest backup of ${failed.join(", ")} failed`] : []
    ]
  };
}
async function applyPruneUnaudited(storage, plan) {
  assertPrunableLocation(storage);
  const keepIds = new Set(plan.keep.map((d) => d.id));
  const deletedKeys = [];
  const removed = [];
  for (const decision of plan.remove) {
    if (keepIds.has(decision.id))
      throw new RetentionRefusedError(`plan both keeps and removes ${decision.id}`);
    deletedKeys.push(...await deleteBackup(storage, decision.id));
    removed.push(decision.id);
  }
  const garbageRemoved = [];
  for (const garbage of plan.garbage) {
    const prefix = backupPrefix(garbage.id);
    for (const key of garbage.keys) {
      if (!key.startsWith(prefix))
        throw new RetentionRefusedError(`refusing to delete ${key}: outside ${prefix}`);
      await storage.delete(key);
      deletedKeys.push(key);
    }
    garbageRemoved.push(garbage.id);
  }
  const area = (plan.wal?.removeKeys.length ?? 0) > 0 ? await readWalArea(storage) : void 0;
  for (const key of plan.wal?.removeKeys ?? []) {
    if (!area || !key.startsWith(walClusterPrefix(area.systemIdentifier)) || walFileNameOfKey(key) === void 0)
      throw new RetentionRefusedError(
        `refusing to delete ${key}: not an archived WAL file of this repository`
      );
    await storage.delete(key);
    deletedKeys.push(key);
  }
  return { removed, garbageRemoved, deletedKeys };
}
async function planWalPrune(storage, keptStarts) {
  const area = await readWalArea(storage);
  if (!area) return { keepFrom: null, removeKeys: [] };
  const keys = (await storage.list(walClusterPrefix(area.systemIdentifier))).map((o) => o.key);
  const byName = new Map(
    keys.flatMap((k) => {
      const n = walFileNameOfKey(k);
      return n ? [[n, k]] : [];
    })
  );
  const walPlan = planWalRetention([...byName.keys()], keptStarts, area.walSegmentSize);
  return { keepFrom: walPlan.keepFrom, removeKeys: walPlan.remove.map((n) => byName.get(n)) };
}
function renderPrunePlan(plan) {
  const lines = [];
  const all = [
    ...plan.keep.map((d) => ({ ...d, action: "keep" })),
    ...plan.remove.map((d) => ({ ...d, action: "remove" }))
  ].sort(
    (a, b) => a.group < b.group ? -1 : a.group > b.group ? 1 : Date.parse(b.finishedAt) - Date.parse(a.finishedAt)
  );
  for (const d of all) {
    lines.push(`${d.action.padEnd(6)}  ${d.id}  ${d.group}  ${d.finishedAt}  ${d.reasons.join(", ")}`);
  }
  if (all.length === 0) lines.push(`no complete backups in ${plan.storage}`);
  for (const g of plan.garbage)
    lines.push(
      `remove  ${g.id}  (incomplete: no manifest, last written ${g.newestModified}, ${g.keys.length} object(s))`
    );
  for (const id of plan.incompleteKept)
    lines.push(`keep    ${id}  (incomplete, inside the grace period: may still be running)`);
  if (plan.wal.removeKeys.length > 0)
    lines.push(
      `remove  ${plan.wal.removeKeys.length} archived WAL file(s) before ${plan.wal.keepFrom} (the oldest kept base backup's start)`
    );
  for (const w of plan.warnings) lines.push(`warning: ${w}`);
  lines.push(
    `${plan.keep.length} kept, ${plan.remove.length} to remove, ${plan.garbage.length} incomplete to remove`
  );
  return lines.join("\n");
}
async function applyPrune(storage, plan, actor) {
  if (!actor) return applyPruneUnaudited(storage, plan);
  return audited(
    storage,
    {
      actor,
      operation: "prune",
      target: `${plan.remove.length} backup(s), ${plan.garbage.length} incomplete`
    },
    () => applyPruneUnaudited(storage, plan),
    (r) => r.removed.length > 0 ? `removed ${r.removed.join(", ")}` : "nothing removed"
  );
}

export {
  groupOf,
  assertPrunableLocation,
  planPrune,
  renderPrunePlan,
  applyPrune
};
