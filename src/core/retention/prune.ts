/**
 * `db-backup prune`: read the repository, plan with the pure policy, and apply the plan. Deletion goes through
 * `deleteBackup` (manifest first, so nothing is ever listed but unrestorable) and never leaves the backup's
 * own prefixes.
 */

import type { RetentionConfig } from '../config/schema.ts';
import { parseDuration } from '../duration.ts';
import { RetentionRefusedError } from '../errors.ts';
import type { BackupReport } from '../report/backup-report.ts';
import { audited } from '../repository/audit-log.ts';
import {
  deleteBackup,
  latestVerifications,
  listBackupReports,
  listBackups,
  listIncompleteBackups,
} from '../repository/catalog.ts';
import { backupPrefix, walClusterPrefix, walFileNameOfKey } from '../repository/keys.ts';
import type { BackupManifest } from '../repository/manifest.ts';
import type { Storage } from '../storage/types.ts';
import { readWalArea } from '../wal/wal-area.ts';
import { planRetention, policyFromConfig, type RetentionCandidate, type RetentionPlan } from './policy.ts';
import { planWalRetention } from './wal-retention.ts';

export interface GarbageBackup {
  id: string;
  keys: string[];
  newestModified: string;
}

export interface PrunePlan extends RetentionPlan {
  storage: string;
  /** Incomplete backups (no manifest) older than the grace period: removed as garbage. */
  garbage: GarbageBackup[];
  /** Incomplete backups still inside the grace period (maybe running): left alone. */
  incompleteKept: string[];
  /** Archived WAL older than the oldest kept base backup's start (see wal-retention.ts). */
  wal: { keepFrom: string | null; removeKeys: string[] };
}

const ALL = '*all*';
const BASE = '*base*';

/** The retention group of a backup: its databases, or `*all*` for --all-databases backups. */
export function groupOf(backup: { databases: string[]; allDatabases: boolean }): string {
  return backup.allDatabases ? ALL : [...backup.databases].sort().join(',');
}

function manifestGroup(m: BackupManifest): string {
  // Base backups are their own retention group: a logical --all-databases backup does not replace one.
  if (m.kind === 'base') return BASE;
  return groupOf({ databases: m.databases.map((d) => d.name), allDatabases: m.allDatabases });
}

/** Groups whose newest backup run failed after their newest complete backup: pruning them now is refused. */
function failedGroups(manifests: BackupManifest[], reports: BackupReport[]): string[] {
  const newestComplete = new Map<string, number>();
  for (const m of manifests)
    newestComplete.set(
      manifestGroup(m),
      Math.max(newestComplete.get(manifestGroup(m)) ?? 0, Date.parse(m.startedAt)),
    );
  const newestReport = new Map<string, BackupReport>();
  for (const r of reports) newestReport.set(groupOf(r), r);
  return [...newestReport.entries()]
    .filter(
      ([group, r]) => r.status === 'failed' && Date.parse(r.startedAt) >= (newestComplete.get(group) ?? 0),
    )
    .map(([group]) => group);
}

/** Refuses a repository that is a whole bucket or container: it may hold other data, so nothing is deleted there. */
export function assertPrunableLocation(storage: Storage): void {
  if (storage.isBucketRoot)
    throw new RetentionRefusedError(
      `refusing to prune ${storage.location}: the repository is a whole bucket or container (empty prefix), which may hold other data`,
      { hint: `put the repository under a prefix, e.g. ${storage.location}/db-backups` },
    );
}

/** Reads the repository and plans what prune would do at `now`. */
export async function planPrune(
  storage: Storage,
  config: RetentionConfig,
  options: { now: Date; database?: string; force?: boolean },
): Promise<PrunePlan> {
  assertPrunableLocation(storage);
  const policy = policyFromConfig(config);
  const manifests = (await listBackups(storage)).filter(
    (m) => options.database === undefined || m.databases.some((d) => d.name === options.database),
  );
  const groups = new Set(manifests.map(manifestGroup));
  // Only runs after some group's newest complete backup can make that group "failed": read just those.
  const newestIds = [...groups].map(
    (g) =>
      manifests
        .filter((m) => manifestGroup(m) === g)
        .map((m) => m.id)
        .sort()
        .at(-1)!,
  );
  // Compare by the start-time prefix of the id (YYYYMMDDTHHMMSSZ): a run started in the same second as the
  // newest backup sorts before or after it only by its random suffix, and must be read either way.
  const after = newestIds.sort()[0]?.slice(0, 16);
  const reports = await listBackupReports(storage, after ? { after } : {});
  const failed = failedGroups(manifests, reports).filter((g) => groups.has(g));
  if (failed.length > 0 && !options.force) {
    throw new RetentionRefusedError(
      `the latest backup of ${failed.map((g) => JSON.stringify(g)).join(', ')} failed; refusing to prune`,
      {
        hint: 'fix the backup and take a successful one first, or pass --force',
      },
    );
  }
  const verifications = await latestVerifications(storage);
  const candidates: RetentionCandidate[] = manifests.map((m) => ({
    id: m.id,
    group: manifestGroup(m),
    kind: m.kind,
    finishedAt: new Date(m.finishedAt),
    startedAt: new Date(m.startedAt),
    verified: verifications.get(m.id)?.ok === true,
  }));
  const plan = planRetention(candidates, policy, options.now);
  const graceMs = (parseDuration(config.incompleteGrace) as { ms: number }).ms;
  const incomplete = options.database === undefined ? await listIncompleteBackups(storage) : [];
  const isGarbage = (b: { newestModified: Date }) =>
    options.now.getTime() - b.newestModified.getTime() > graceMs;
  const keptStarts = manifests
    .filter((m) => m.kind === 'base' && m.base && plan.keep.some((k) => k.id === m.id))
    .map((m) => m.base!.walStart);
  const wal =
    options.database === undefined
      ? await planWalPrune(storage, keptStarts)
      : { keepFrom: null, removeKeys: [] };
  return {
    ...plan,
    wal,
    storage: storage.location,
    garbage: incomplete
      .filter(isGarbage)
      .map((b) => ({ id: b.id, keys: b.keys, newestModified: b.newestModified.toISOString() })),
    incompleteKept: incomplete.filter((b) => !isGarbage(b)).map((b) => b.id),
    warnings: [
      ...plan.warnings,
      ...(failed.length
        ? [`--force: pruning although the latest backup of ${failed.join(', ')} failed`]
        : []),
    ],
  };
}

/** Applies a plan: removes the planned backups (manifest first) and the garbage; returns what was deleted. */
async function applyPruneUnaudited(storage: Storage, plan: PrunePlan): Promise<PruneResult> {
  assertPrunableLocation(storage);
  const keepIds = new Set(plan.keep.map((d) => d.id));
  const deletedKeys: string[] = [];
  const removed: string[] = [];
  for (const decision of plan.remove) {
    if (keepIds.has(decision.id))
      throw new RetentionRefusedError(`plan both keeps and removes ${decision.id}`);
    deletedKeys.push(...(await deleteBackup(storage, decision.id)));
    removed.push(decision.id);
  }
  const garbageRemoved: string[] = [];
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
  const area = (plan.wal?.removeKeys.length ?? 0) > 0 ? await readWalArea(storage) : undefined;
  for (const key of plan.wal?.removeKeys ?? []) {
    if (
      !area ||
      !key.startsWith(walClusterPrefix(area.systemIdentifier)) ||
      walFileNameOfKey(key) === undefined
    )
      throw new RetentionRefusedError(
        `refusing to delete ${key}: not an archived WAL file of this repository`,
      );
    await storage.delete(key);
    deletedKeys.push(key);
  }
  return { removed, garbageRemoved, deletedKeys };
}

async function planWalPrune(storage: Storage, keptStarts: string[]): Promise<PrunePlan['wal']> {
  const area = await readWalArea(storage);
  if (!area) return { keepFrom: null, removeKeys: [] };
  const keys = (await storage.list(walClusterPrefix(area.systemIdentifier))).map((o) => o.key);
  const byName = new Map(
    keys.flatMap((k) => {
      const n = walFileNameOfKey(k);
      return n ? [[n, k] as const] : [];
    }),
  );
  const walPlan = planWalRetention([...byName.keys()], keptStarts, area.walSegmentSize);
  return { keepFrom: walPlan.keepFrom, removeKeys: walPlan.remove.map((n) => byName.get(n)!) };
}

/** The human plan: one line per backup with its reasons, then garbage and warnings. */
export function renderPrunePlan(plan: PrunePlan): string {
  const lines: string[] = [];
  const all = [
    ...plan.keep.map((d) => ({ ...d, action: 'keep' })),
    ...plan.remove.map((d) => ({ ...d, action: 'remove' })),
  ].sort((a, b) =>
    a.group < b.group ? -1 : a.group > b.group ? 1 : Date.parse(b.finishedAt) - Date.parse(a.finishedAt),
  );
  for (const d of all) {
    lines.push(`${d.action.padEnd(6)}  ${d.id}  ${d.group}  ${d.finishedAt}  ${d.reasons.join(', ')}`);
  }
  if (all.length === 0) lines.push(`no complete backups in ${plan.storage}`);
  for (const g of plan.garbage)
    lines.push(
      `remove  ${g.id}  (incomplete: no manifest, last written ${g.newestModified}, ${g.keys.length} object(s))`,
    );
  for (const id of plan.incompleteKept)
    lines.push(`keep    ${id}  (incomplete, inside the grace period: may still be running)`);
  if (plan.wal.removeKeys.length > 0)
    lines.push(
      `remove  ${plan.wal.removeKeys.length} archived WAL file(s) before ${plan.wal.keepFrom} (the oldest kept base backup's start)`,
    );
  for (const w of plan.warnings) lines.push(`warning: ${w}`);
  lines.push(
    `${plan.keep.length} kept, ${plan.remove.length} to remove, ${plan.garbage.length} incomplete to remove`,
  );
  return lines.join('\n');
}

/** What `applyPrune` removed. */
export interface PruneResult {
  removed: string[];
  garbageRemoved: string[];
  deletedKeys: string[];
}

/** Applies a plan (see applyPruneUnaudited); with `actor`, the outcome is appended to the audit log. */
export async function applyPrune(storage: Storage, plan: PrunePlan, actor?: string): Promise<PruneResult> {
  if (!actor) return applyPruneUnaudited(storage, plan);
  return audited(
    storage,
    {
      actor,
      operation: 'prune',
      target: `${plan.remove.length} backup(s), ${plan.garbage.length} incomplete`,
    },
    () => applyPruneUnaudited(storage, plan),
    (r) => (r.removed.length > 0 ? `removed ${r.removed.join(', ')}` : 'nothing removed'),
  );
}
