import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  formatLsn,
  parseLsn,
  parseWalFileName
} from "./chunk-T2VRPRXO.js";
import {
  PitrTargetError,
  UsageError
} from "./chunk-HSU6VSP5.js";

// src/core/restore/pitr-plan.ts
function parsePitrTarget(flags) {
  const given = Object.entries(flags).filter(([, v]) => v !== void 0 && v !== false);
  if (given.length !== 1) {
    throw new UsageError(`give exactly one recovery target (got ${given.length})`, {
      hint: "use one of --target-time, --target-lsn, --target-xid, --target-name or --target immediate"
    });
  }
  if (flags.time !== void 0) {
    const time = new Date(flags.time);
    if (Number.isNaN(time.getTime()) || !/\d{4}-\d{2}-\d{2}/.test(flags.time)) {
      throw new UsageError(`--target-time ${JSON.stringify(flags.time)} is not a time`, {
        hint: 'use ISO 8601 with a zone, e.g. 2026-11-22T14:05:00Z or "2026-11-22 15:05:00+01"'
      });
    }
    return { kind: "time", time };
  }
  if (flags.lsn !== void 0) {
    const lsn = parseLsn(flags.lsn);
    if (lsn === void 0)
      throw new UsageError(`--target-lsn ${JSON.stringify(flags.lsn)} is not an LSN`, {
        hint: "e.g. 0/3000060"
      });
    return { kind: "lsn", lsn };
  }
  if (flags.xid !== void 0) {
    if (!/^\d+$/.test(flags.xid))
      throw new UsageError(`--target-xid ${JSON.stringify(flags.xid)} is not a transaction id`);
    return { kind: "xid", xid: flags.xid };
  }
  if (flags.name !== void 0) {
    if (!flags.name) throw new UsageError("--target-name is empty");
    return { kind: "name", name: flags.name };
  }
  return { kind: "immediate" };
}
var isBase = (m) => m.kind === "base" && m.base !== void 0;
function chooseBaseBackup(manifests, target, head, backupId) {
  const bases = manifests.filter(isBase).sort((a, b) => Date.parse(a.finishedAt) - Date.parse(b.finishedAt));
  if (bases.length === 0) {
    throw new PitrTargetError("the repository has no base backups", {
      hint: "take one with `db-backup base-backup`"
    });
  }
  if (!head) {
    throw new PitrTargetError("the repository has no archived WAL", {
      hint: "set archive_command = 'db-backup wal-push %p' on the server"
    });
  }
  if (target.kind === "time" && target.time.getTime() > head.storedAt.getTime()) {
    throw new PitrTargetError(
      `target time ${target.time.toISOString()} is after the newest archived WAL (${head.name}, stored ${head.storedAt.toISOString()})`,
      {
        hint: "choose an earlier time, or wait until the WAL covering it is archived (see `db-backup wal verify`)"
      }
    );
  }
  if (target.kind === "lsn" && target.lsn > head.endLsn) {
    throw new PitrTargetError(
      `target LSN ${formatLsn(target.lsn)} is after the newest archived WAL (${head.name} ends at ${formatLsn(head.endLsn)})`,
      { hint: "choose an earlier LSN, or wait until the WAL covering it is archived" }
    );
  }
  if (backupId) {
    const chosen2 = bases.find((b) => b.id === backupId);
    if (!chosen2)
      throw new PitrTargetError(`${backupId} is not a base backup in this repository`, {
        hint: "run `db-backup list`"
      });
    return chosen2;
  }
  const eligible = bases.filter(
    (b) => target.kind === "time" ? Date.parse(b.finishedAt) <= target.time.getTime() : target.kind === "lsn" ? parseLsn(b.base.stopLsn) <= target.lsn : true
  );
  const chosen = eligible.at(-1);
  if (!chosen) {
    const oldest = bases[0];
    const what = target.kind === "time" ? `time ${target.time.toISOString()}` : `LSN ${formatLsn(target.lsn)}`;
    throw new PitrTargetError(
      `target ${what} is before the oldest base backup can be restored to (${oldest.id}: consistent at ${oldest.base.stopLsn}, finished ${oldest.finishedAt})`,
      { hint: "a point in time needs a base backup that finished before it; choose a later target" }
    );
  }
  return chosen;
}
function walHeadOf(objects, segmentSize) {
  let head;
  let best = -1n;
  for (const o of objects) {
    const parsed = parseWalFileName(o.name, segmentSize);
    if (parsed?.kind !== "segment") continue;
    if (parsed.segno > best || parsed.segno === best && o.name > head.name) {
      best = parsed.segno;
      head = { name: o.name, endLsn: (parsed.segno + 1n) * BigInt(segmentSize), storedAt: o.storedAt };
    }
  }
  return head;
}
var confValue = (v) => `'${v.replace(/'/g, "''")}'`;
function recoverySettings(options) {
  const t = options.target;
  const settings = {
    restore_command: options.restoreCommand,
    // PostgreSQL's timestamptz input takes neither the ISO `T` with a zone `Z` in every version: spell it out.
    ...t.kind === "time" ? { recovery_target_time: t.time.toISOString().replace("T", " ").replace("Z", "+00") } : {},
    ...t.kind === "lsn" ? { recovery_target_lsn: formatLsn(t.lsn) } : {},
    ...t.kind === "xid" ? { recovery_target_xid: t.xid } : {},
    ...t.kind === "name" ? { recovery_target_name: t.name } : {},
    ...t.kind === "immediate" ? { recovery_target: "immediate" } : {},
    recovery_target_timeline: options.timeline,
    recovery_target_action: options.action,
    ...options.extra
  };
  return `
# point-in-time restore written by db-backup
${Object.entries(settings).map(([k, v]) => `${k} = ${confValue(v)}`).join("\n")}
`;
}

export {
  parsePitrTarget,
  chooseBaseBackup,
  walHeadOf,
  recoverySettings
};
