/**
 * One function per Action command: call the core exactly as the CLI does, and translate the result into step
 * outputs, a Markdown job summary, report files to upload, and a verdict. No core logic lives here.
 */

import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { runBackup } from '../core/backup/run-backup.ts';
import type { Config } from '../core/config/schema.ts';
import { resolveEncryption } from '../core/crypto/encryption.ts';
import { saveDrillReport } from '../core/drill/drill-reports.ts';
import { runRestoreDrill } from '../core/drill/run-drill.ts';
import { runPitrDrillAudited } from '../core/drill/run-pitr-drill.ts';
import { parseDuration } from '../core/duration.ts';
import type { EventListener } from '../core/events.ts';
import type { Logger } from '../core/logger.ts';
import { resolveConnection } from '../core/postgres/connection.ts';
import { redact } from '../core/redact.ts';
import { renderComplianceMarkdown, renderComplianceSvg } from '../core/report/compliance-render.ts';
import { renderDrillMarkdown } from '../core/report/drill-report.ts';
import { gatherComplianceReport } from '../core/report/gather-compliance.ts';
import { readManifest } from '../core/repository/catalog.ts';
import { openRepository } from '../core/repository/repository-config.ts';
import { resolveBackup, restoreBackup } from '../core/restore/restore-backup.ts';
import { applyPrune, planPrune } from '../core/retention/prune.ts';
import { repositoryStatus } from '../core/status/summarize.ts';
import type { Storage } from '../core/storage/types.ts';
import { verifyBackup } from '../core/verify/verify-backup.ts';
import { walEntryCommand } from '../core/wal/wal-entry.ts';
import type { ActionInputs } from './inputs.ts';
import { baseBackupCommand, walSimulateCommand } from './wal-commands.ts';

export const OUTPUT_NAMES = [
  'backup-id',
  'backup-sha256',
  'backup-size-bytes',
  'backup-age-minutes',
  'rpo-compliant',
  'rto-compliant',
  'status',
  'report-path',
  'achieved-rpo-seconds',
  'compliant',
] as const;
export type OutputName = (typeof OUTPUT_NAMES)[number];

export interface CommandResult {
  outputs: Partial<Record<OutputName, string>>;
  /** Markdown for the job summary. */
  summary: string;
  /** Report files written under `reportDir`, to upload as an artifact. */
  files: string[];
  /** Set when the step must fail: the message for `core.setFailed`. */
  failure?: string;
}

export interface CommandContext {
  inputs: ActionInputs;
  config: Config;
  storage: Storage;
  log: Logger;
  /** Absolute directory for report files (`report-path`). */
  reportDir: string;
  signal?: AbortSignal;
  now?: () => Date;
  /** Hears core progress (rendered as log lines). */
  onEvent?: EventListener;
}

/** Audit-log actor of the Action's operations: the workflow that ran them. */
const ACTOR = `action:${process.env.GITHUB_WORKFLOW ?? 'local'}`;

const rpoMinutesOf = (config: Config) => {
  const parsed = parseDuration(config.drill.rpo);
  return 'ms' in parsed ? parsed.ms / 60_000 : 60;
};
const round1 = (n: number) => Math.round(n * 10) / 10;

/** Runs the command the inputs name. */
export function runActionCommand(ctx: CommandContext): Promise<CommandResult> {
  switch (ctx.inputs.command) {
    case 'backup':
      return backupCommand(ctx);
    case 'drill':
      return drillCommand(ctx);
    case 'verify':
      return verifyCommand(ctx);
    case 'restore':
      return restoreCommand(ctx);
    case 'prune':
      return pruneCommand(ctx);
    case 'status':
      return statusCommand(ctx);
    case 'compliance-report':
      return complianceCommand(ctx);
    case 'base-backup':
      return baseBackupCommand(ctx);
    case 'wal-simulate':
      return walSimulateCommand(ctx);
  }
}

async function writeReport(ctx: CommandContext, name: string, body: string): Promise<string> {
  await mkdir(ctx.reportDir, { recursive: true });
  const path = join(ctx.reportDir, name);
  await writeFile(path, redact(body));
  return path;
}

async function backupCommand(ctx: CommandContext): Promise<CommandResult> {
  const outcome = await runBackup({
    config: ctx.config,
    storage: ctx.storage,
    log: ctx.log,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    ...(ctx.onEvent ? { onEvent: ctx.onEvent } : {}),
    actor: ACTOR,
  });
  const rows = outcome.manifests.map((m) => {
    const stored = m.objects.reduce((n, o) => n + o.storedSize, 0);
    return { manifest: m, stored, raw: m.objects.reduce((n, o) => n + o.rawSize, 0) };
  });
  const first = rows[0]!;
  const dbObject = first.manifest.objects.find((o) => o.role === 'database') ?? first.manifest.objects[0]!;
  const files = [
    await writeReport(ctx, 'backup-report.json', `${JSON.stringify(outcome.reports, null, 2)}\n`),
  ];
  const summary = [
    '## ✅ Backup succeeded',
    '',
    '| backup | databases | stored | raw | ratio | duration |',
    '|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| \`${r.manifest.id}\` | ${r.manifest.databases.map((d) => d.name).join(', ')} | ${r.stored} B | ${r.raw} B | ${(r.raw / Math.max(r.stored, 1)).toFixed(1)}x | ${(r.manifest.durationMs / 1000).toFixed(1)} s |`,
    ),
    '',
    `Repository: \`${ctx.storage.location}\``,
  ].join('\n');
  return {
    outputs: {
      'backup-id': rows.map((r) => r.manifest.id).join(','),
      'backup-sha256': dbObject.storedSha256,
      'backup-size-bytes': String(rows.reduce((n, r) => n + r.stored, 0)),
      'backup-age-minutes': '0',
      status: 'success',
      'report-path': files[0]!,
    },
    summary: `${summary}\n`,
    files,
  };
}

async function drillCommand(ctx: CommandContext): Promise<CommandResult> {
  await openRepository(ctx.storage, { create: false });
  const request = {
    ...(ctx.inputs.database ? { database: ctx.inputs.database.split(',')[0]!.trim() } : {}),
    ...(ctx.inputs['backup-id'] ? { backupId: ctx.inputs['backup-id'] } : {}),
  };
  const common = {
    config: ctx.config,
    storage: ctx.storage,
    log: ctx.log,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    actor: ACTOR,
  };
  const report = ctx.inputs.pitr
    ? await runPitrDrillAudited({
        ...common,
        walCommand: walEntryCommand(),
        request: {
          ...request,
          ...(ctx.inputs['target-time'] ? { targetTime: ctx.inputs['target-time'] } : {}),
        },
      })
    : await runRestoreDrill({ ...common, ...(ctx.onEvent ? { onEvent: ctx.onEvent } : {}), request });
  const jsonFile = join(ctx.reportDir, `drill-report-${report.drill_id}.json`);
  await mkdir(ctx.reportDir, { recursive: true });
  await saveDrillReport(ctx.config, ctx.storage, report, jsonFile, ctx.log);
  const markdown = renderDrillMarkdown(report);
  const mdFile = await writeReport(ctx, `drill-report-${report.drill_id}.md`, markdown);
  const compliant = report.status === 'success';
  const failure = compliant
    ? undefined
    : report.status === 'failure'
      ? `restore drill failed: ${report.error?.message ?? report.checks.find((c) => c.status === 'fail')?.details ?? 'a check failed'}`
      : ctx.inputs['fail-on-non-compliance']
        ? `restore drill not compliant: RPO ${report.rpo_compliant ? 'met' : 'breached'}, RTO ${report.rto_compliant ? 'met' : 'breached'}`
        : undefined;
  return {
    outputs: {
      'backup-id': report.backup_id ?? '',
      'backup-age-minutes': report.backup_age_minutes === null ? '' : String(report.backup_age_minutes),
      'rpo-compliant': String(report.rpo_compliant),
      'rto-compliant': String(report.rto_compliant),
      status: report.status,
      'report-path': jsonFile,
    },
    summary: markdown,
    files: [jsonFile, mdFile],
    ...(failure ? { failure } : {}),
  };
}

async function verifyCommand(ctx: CommandContext): Promise<CommandResult> {
  await openRepository(ctx.storage, { create: false });
  const manifest = ctx.inputs['backup-id']
    ? await readManifest(ctx.storage, ctx.inputs['backup-id'])
    : await resolveBackup(ctx.storage, { latest: true, database: ctx.inputs.database });
  const outcome = await verifyBackup(ctx.storage, manifest, {
    pgBinDir: ctx.config.pgBinDir,
    log: ctx.log,
    keys: resolveEncryption(ctx.config).keys,
  });
  const file = await writeReport(ctx, `verify-${manifest.id}.json`, `${JSON.stringify(outcome, null, 2)}\n`);
  const summary = [
    outcome.ok
      ? `## ✅ Backup \`${manifest.id}\` verified`
      : `## ❌ Backup \`${manifest.id}\` FAILED verification`,
    '',
    '| check | result | details |',
    '|---|---|---|',
    ...outcome.checks.map(
      (c) => `| ${c.name} | ${c.ok ? '✅ ok' : '❌ FAIL'} | ${c.details.replace(/\|/g, '\\|')} |`,
    ),
  ].join('\n');
  const ageMinutes = round1((Date.now() - Date.parse(manifest.finishedAt)) / 60_000);
  return {
    outputs: {
      'backup-id': manifest.id,
      'backup-sha256': manifest.objects.find((o) => o.role === 'database')?.storedSha256 ?? '',
      'backup-size-bytes': String(manifest.objects.reduce((n, o) => n + o.storedSize, 0)),
      'backup-age-minutes': String(ageMinutes),
      status: outcome.ok ? 'success' : 'failure',
      'report-path': file,
    },
    summary: `${summary}\n`,
    files: [file],
    ...(outcome.ok
      ? {}
      : {
          failure: `verification of ${manifest.id} failed: ${outcome.checks
            .filter((c) => !c.ok)
            .map((c) => c.name)
            .join('; ')}`,
        }),
  };
}

async function restoreCommand(ctx: CommandContext): Promise<CommandResult> {
  const database = ctx.inputs.database?.split(',')[0]?.trim();
  const outcome = await restoreBackup({
    storage: ctx.storage,
    conn: resolveConnection(ctx.config.connection),
    pgBinDir: ctx.config.pgBinDir,
    log: ctx.log,
    keys: resolveEncryption(ctx.config).keys,
    actor: ACTOR,
    ...(ctx.onEvent ? { onEvent: ctx.onEvent } : {}),
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    request: {
      ...(ctx.inputs['backup-id'] ? { backupId: ctx.inputs['backup-id'] } : { latest: true }),
      ...(database ? { database } : {}),
      ...(ctx.inputs['target-database'] ? { targetDatabase: ctx.inputs['target-database'] } : {}),
      dryRun: ctx.inputs['dry-run'],
    },
  });
  const summary = [
    `## ✅ Restore ${outcome.dryRun ? 'dry run ' : ''}of \`${outcome.backupId}\` into \`${outcome.targetDatabase}\``,
    '',
    ...outcome.steps.map((s) => `- ${s}`),
    '',
    `${outcome.rawBytes} raw bytes in ${(outcome.durationMs / 1000).toFixed(1)} s`,
  ].join('\n');
  return {
    outputs: { 'backup-id': outcome.backupId, status: 'success' },
    summary: `${summary}\n`,
    files: [],
  };
}

async function pruneCommand(ctx: CommandContext): Promise<CommandResult> {
  const plan = await planPrune(ctx.storage, ctx.config.retention, { now: ctx.now?.() ?? new Date() });
  const applied = ctx.inputs['dry-run'] ? undefined : await applyPrune(ctx.storage, plan, ACTOR);
  const file = await writeReport(
    ctx,
    'prune-plan.json',
    `${JSON.stringify({ dryRun: ctx.inputs['dry-run'], plan, ...(applied ?? {}) }, null, 2)}\n`,
  );
  const kept = plan.keep;
  const removed = plan.remove;
  const summary = [
    `## 🧹 Prune ${ctx.inputs['dry-run'] ? '(dry run: nothing removed)' : ''}`,
    '',
    `${kept.length} kept, ${removed.length} ${ctx.inputs['dry-run'] ? 'to remove' : 'removed'}, ${plan.garbage.length} incomplete ${ctx.inputs['dry-run'] ? 'to remove' : 'removed'}`,
    '',
    '| backup | action | reasons |',
    '|---|---|---|',
    ...kept.map((d) => `| \`${d.id}\` | keep | ${d.reasons.join(', ')} |`),
    ...removed.map((d) => `| \`${d.id}\` | remove | ${d.reasons.join(', ')} |`),
  ].join('\n');
  return { outputs: { status: 'success', 'report-path': file }, summary: `${summary}\n`, files: [file] };
}

async function statusCommand(ctx: CommandContext): Promise<CommandResult> {
  await openRepository(ctx.storage, { create: false });
  const now = ctx.now?.() ?? new Date();
  const status = await repositoryStatus(ctx.storage, { rpoMinutes: rpoMinutesOf(ctx.config), now });
  const stale = status.databases.filter((d) => d.state !== 'ok');
  const file = await writeReport(ctx, 'status.json', `${JSON.stringify(status, null, 2)}\n`);
  const summary = [
    stale.length === 0
      ? '## ✅ Every database is within its RPO'
      : `## ❌ ${stale.length} database(s) past their RPO or failing`,
    '',
    '| database | latest backup | age (min) | RPO (min) | state |',
    '|---|---|---|---|---|',
    ...status.databases.map(
      (d) =>
        `| ${d.database} | \`${d.latestBackupId}\` | ${d.ageMinutes} | ${d.rpoMinutes} | ${d.withinRpo ? 'ok' : '**stale**'} |`,
    ),
  ].join('\n');
  const oldestLatest = status.databases.reduce<number | null>(
    (max, d) => (max === null || d.ageMinutes > max ? d.ageMinutes : max),
    null,
  );
  return {
    outputs: {
      status: stale.length === 0 && status.databases.length > 0 ? 'success' : 'non_compliant',
      'rpo-compliant': String(stale.length === 0 && status.databases.length > 0),
      'backup-age-minutes': oldestLatest === null ? '' : String(oldestLatest),
      'report-path': file,
    },
    summary: `${summary}\n`,
    files: [file],
    ...(status.databases.length === 0
      ? { failure: `no backups in ${ctx.storage.location}` }
      : stale.length > 0
        ? {
            failure: `past the RPO or failing: ${stale
              .map((d) =>
                d.lastFailure
                  ? `${d.database} (last run failed: ${d.lastFailure.code})`
                  : `${d.database} (${d.ageMinutes} min old)`,
              )
              .join(', ')}`,
          }
        : {}),
  };
}

async function complianceCommand(ctx: CommandContext): Promise<CommandResult> {
  await openRepository(ctx.storage, { create: false });
  const report = await gatherComplianceReport({
    config: ctx.config,
    storage: ctx.storage,
    since: ctx.inputs.since,
    ...(ctx.now ? { now: ctx.now() } : {}),
  });
  const markdown = renderComplianceMarkdown(report);
  const files = [
    await writeReport(ctx, 'compliance-report.json', `${JSON.stringify(report, null, 2)}\n`),
    await writeReport(ctx, 'compliance-report.md', markdown),
    await writeReport(ctx, 'compliance-rpo-rto.svg', renderComplianceSvg(report)),
  ];
  const compliant = report.status === 'compliant';
  return {
    outputs: {
      status: report.status,
      'rpo-compliant': String(report.databases.every((d) => d.withinRpo)),
      'rto-compliant': String(report.drillReports.every((d) => d.rto_compliant)),
      'report-path': files[0]!,
    },
    summary: markdown,
    files,
    ...(!compliant && ctx.inputs['fail-on-non-compliance']
      ? { failure: `not compliant: ${report.findings.join('; ')}` }
      : {}),
  };
}

/** The absolute report directory for `report-path` (relative to the workspace, like other actions). */
export function reportDirFor(inputs: ActionInputs, env: NodeJS.ProcessEnv): string {
  return resolve(env.GITHUB_WORKSPACE ?? process.cwd(), inputs['report-path']);
}
