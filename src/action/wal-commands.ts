/**
 * The Action's WAL commands: `base-backup` (a physical backup for point-in-time restore) and `wal-simulate`
 * (WAL archiving plus PITR proven on a scratch cluster, its report uploaded like a drill's). Like
 * commands.ts: call the core as the CLI does, then outputs, a job summary, report files and a verdict.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runBaseBackup } from '../core/backup/base-backup.ts';
import { parseDuration } from '../core/duration.ts';
import { redact } from '../core/redact.ts';
import { simulateWalArchiving } from '../core/wal/simulate.ts';
import type { WalSimulationReport } from '../core/wal/simulation-report.ts';
import { walEntryCommand } from '../core/wal/wal-entry.ts';
import type { CommandContext, CommandResult } from './commands.ts';

const minutesOf = (text: string) => {
  const parsed = parseDuration(text);
  return 'ms' in parsed ? parsed.ms / 60_000 : Number.NaN;
};

async function writeReport(ctx: CommandContext, name: string, body: string): Promise<string> {
  await mkdir(ctx.reportDir, { recursive: true });
  const path = join(ctx.reportDir, name);
  await writeFile(path, redact(body));
  return path;
}

/** `command: base-backup`. */
export async function baseBackupCommand(ctx: CommandContext): Promise<CommandResult> {
  const manifest = await runBaseBackup({ config: ctx.config, storage: ctx.storage, log: ctx.log });
  const object = manifest.objects[0]!;
  const file = await writeReport(ctx, 'base-backup.json', `${JSON.stringify(manifest, null, 2)}\n`);
  const base = manifest.base!;
  const summary = [
    '## ✅ Base backup succeeded',
    '',
    '| backup | stored | raw | duration | WAL range | timeline |',
    '|---|---|---|---|---|---|',
    `| \`${manifest.id}\` | ${object.storedSize} B | ${object.rawSize} B | ${(manifest.durationMs / 1000).toFixed(1)} s | \`${base.walStart}\` .. \`${base.walStop}\` | ${base.timeline} |`,
    '',
    `Repository: \`${ctx.storage.location}\`; restore it to a point in time with \`db-backup restore --pitr\`.`,
  ].join('\n');
  return {
    outputs: {
      'backup-id': manifest.id,
      'backup-sha256': object.storedSha256,
      'backup-size-bytes': String(object.storedSize),
      'backup-age-minutes': '0',
      status: 'success',
      'report-path': file,
    },
    summary: `${summary}\n`,
    files: [file],
  };
}

/** Markdown of a simulation report for the job summary. */
export function renderSimulationMarkdown(report: WalSimulationReport): string {
  const headline =
    report.status === 'success'
      ? '✅ WAL archiving simulation compliant'
      : report.status === 'non_compliant'
        ? '⚠️ WAL archiving simulation NOT compliant'
        : '❌ WAL archiving simulation FAILED';
  const lines = [
    `## ${headline}`,
    '',
    '| | measured | target | compliant |',
    '|---|---|---|---|',
    `| RPO (achieved data loss) | ${report.achieved_rpo_seconds} s | ${report.rpo_target_minutes} min | ${report.rpo_compliant ? 'yes' : '**no**'} |`,
    `| RTO (slowest restore) | ${report.max_restore_minutes} min | ${report.rto_target_minutes} min | ${report.rto_compliant ? 'yes' : '**no**'} |`,
    '',
    `- ${report.heartbeats} heartbeats in ${report.duration_seconds} s, ${report.segments_archived} segments archived, archive lag max ${report.archive_lag_seconds.max} s (p50 ${report.archive_lag_seconds.p50} s)`,
    `- simulation \`${report.simulation_id}\`, PostgreSQL ${report.environment.server_version}, db-backup ${report.environment.tool_version}`,
  ];
  if (report.error) lines.push('', `**Error**: ${report.error.replace(/\n/g, ' ')}`);
  lines.push(
    '',
    '| target time | expected | restored | lost (s) | restore (s) | status |',
    '|---|---|---|---|---|---|',
  );
  for (const t of report.targets)
    lines.push(
      `| ${t.target_time} | ${t.expected_heartbeats} | ${t.restored_heartbeats} | ${t.lost_seconds} | ${t.restore_seconds} | ${t.status === 'pass' ? '✅' : '❌'} ${t.status} |`,
    );
  return `${lines.join('\n')}\n`;
}

/** `command: wal-simulate`: never touches the configured repository; the report is uploaded like a drill's. */
export async function walSimulateCommand(ctx: CommandContext): Promise<CommandResult> {
  const report = await simulateWalArchiving({
    durationSeconds: ctx.inputs['simulate-duration'],
    ratePerSecond: ctx.inputs['simulate-rate'],
    targets: ctx.inputs['simulate-targets'],
    archiveTimeoutSeconds: 5,
    rpoMinutes: minutesOf(ctx.config.drill.rpo),
    rtoMinutes: minutesOf(ctx.config.drill.rto),
    walCommand: walEntryCommand(),
    ...(ctx.config.pgBinDir ? { pgBinDir: ctx.config.pgBinDir } : {}),
    log: ctx.log,
  });
  const markdown = renderSimulationMarkdown(report);
  const files = [
    await writeReport(ctx, `${report.simulation_id}.json`, `${JSON.stringify(report, null, 2)}\n`),
    await writeReport(ctx, `${report.simulation_id}.md`, markdown),
  ];
  const failure =
    report.status === 'failure'
      ? `WAL archiving simulation failed: ${report.error ?? 'unknown error'}`
      : report.status === 'non_compliant' && ctx.inputs['fail-on-non-compliance']
        ? `WAL archiving simulation not compliant: RPO ${report.rpo_compliant ? 'met' : 'breached'} (${report.achieved_rpo_seconds} s), RTO ${report.rto_compliant ? 'met' : 'breached'} (${report.max_restore_minutes} min)`
        : undefined;
  return {
    outputs: {
      'achieved-rpo-seconds': String(report.achieved_rpo_seconds),
      compliant: String(report.compliant),
      'rpo-compliant': String(report.rpo_compliant),
      'rto-compliant': String(report.rto_compliant),
      status: report.status,
      'report-path': files[0]!,
    },
    summary: markdown,
    files,
    ...(failure ? { failure } : {}),
  };
}
