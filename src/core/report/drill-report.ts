/**
 * The drill report: evidence that a backup restored within targets. Field names are snake_case because
 * auditors' tooling and the documented contract (DESIGN.md) use them. `schemas/drill-report.schema.json`
 * is generated from `DrillReportSchema`; bump `DRILL_REPORT_SCHEMA_VERSION` on any incompatible change.
 */
import { z } from 'zod';

export const DRILL_REPORT_SCHEMA_VERSION = 1;

export const DrillCheckSchema = z.object({
  name: z.string().describe('What was checked, e.g. `stored checksum`, `row count public.orders`'),
  status: z.enum(['pass', 'fail', 'skip']),
  details: z.string().describe('Expected and observed values, or why the check was skipped'),
});
export type DrillCheck = z.infer<typeof DrillCheckSchema>;

export const DrillReportSchema = z
  .object({
    schemaVersion: z.literal(DRILL_REPORT_SCHEMA_VERSION),
    drill_id: z.string().describe('Unique id of this drill run'),
    drill_timestamp: z.iso.datetime().describe('When the drill started (UTC)'),
    status: z
      .enum(['success', 'non_compliant', 'failure'])
      .describe(
        'success: restored, all checks passed, RPO and RTO met; non_compliant: restored but a target was breached; failure: the restore or a check failed',
      ),
    backup_id: z.string().nullable().describe('The backup restored (null if none could be selected)'),
    database: z.string().nullable().describe('Source database name'),
    backup_finished_at: z.iso.datetime().nullable(),
    backup_age_minutes: z
      .number()
      .nullable()
      .describe('RPO measure: drill start minus the backup finish time'),
    restore_duration_minutes: z
      .number()
      .nullable()
      .describe('RTO measure: from the start of the download to a usable, checked database'),
    rpo_target_minutes: z.number(),
    rto_target_minutes: z.number(),
    rpo_compliant: z.boolean().describe('backup_age_minutes <= rpo_target_minutes'),
    rto_compliant: z.boolean().describe('restore_duration_minutes <= rto_target_minutes'),
    scratch: z.object({
      database: z.string().describe('Scratch database restored into'),
      location: z
        .string()
        .describe(
          '`same server`, `local throwaway cluster`, or host:port (no credentials); `not opened` when the drill failed before creating its scratch database',
        ),
      dropped: z.boolean().describe('The scratch database was removed after the drill'),
    }),
    checks: z.array(DrillCheckSchema),
    measures: z.object({
      stored_bytes: z.number().int().nonnegative(),
      restored_bytes: z.number().int().nonnegative().describe('Raw archive bytes restored'),
      throughput_mib_per_s: z.number().nonnegative().nullable(),
      tables_checked: z.number().int().nonnegative(),
      rows_checked: z.number().int().nonnegative(),
    }),
    timings_ms: z.object({
      fetch_and_verify: z.number().int().nonnegative(),
      restore: z.number().int().nonnegative(),
      checks: z.number().int().nonnegative(),
      total: z.number().int().nonnegative(),
    }),
    environment: z.object({
      server_version: z.string().nullable().describe('PostgreSQL server the drill restored into'),
      backup_server_version: z.string().nullable().describe('PostgreSQL server the backup was taken from'),
      pg_restore_version: z.string().nullable(),
      tool_version: z.string(),
      node_version: z.string(),
      hostname: z.string(),
    }),
    error: z
      .object({
        code: z.string(),
        message: z.string(),
        hint: z.string().optional().describe('What to do about it'),
      })
      .nullable()
      .describe('Why the drill failed, when status is failure'),
    pitr: z
      .object({
        target: z.string().describe('The recovery target as requested: `latest`, `random` or a time'),
        target_time: z.iso
          .datetime()
          .nullable()
          .describe('The time recovered to (null for `latest`: every archived WAL file)'),
        base_backup_id: z.string().nullable().describe('The base backup the WAL was replayed onto'),
        recovered_to: z.iso
          .datetime()
          .nullable()
          .describe('Commit time of the last transaction replayed (pg_last_xact_replay_timestamp)'),
        newest_wal: z.string().nullable().describe('Newest archived WAL segment when the drill started'),
        newest_wal_archived_at: z.iso
          .datetime()
          .nullable()
          .describe('When it was archived: backup_age_minutes is measured from here (the PITR RPO)'),
        window: z
          .object({ earliest: z.iso.datetime(), latest: z.iso.datetime() })
          .nullable()
          .describe('The recoverable window random targets are drawn from'),
      })
      .optional()
      .describe(
        'Point-in-time drills only: base backup plus WAL restored into a throwaway cluster; RTO = restore + recovery',
      ),
  })
  .describe('db-backup restore drill report');
export type DrillReport = z.infer<typeof DrillReportSchema>;

/** The drill status from its outcome: failure beats non-compliance beats success. */
export function drillStatus(
  failed: boolean,
  rpoCompliant: boolean,
  rtoCompliant: boolean,
): DrillReport['status'] {
  if (failed) return 'failure';
  return rpoCompliant && rtoCompliant ? 'success' : 'non_compliant';
}

const icon = (status: DrillCheck['status']) => (status === 'pass' ? '✅' : status === 'fail' ? '❌' : '➖');
const md = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** Markdown of the same report, for GitHub job summaries and tickets. */
export function renderDrillMarkdown(report: DrillReport): string {
  const headline =
    report.status === 'success'
      ? '✅ Restore drill passed'
      : report.status === 'non_compliant'
        ? '⚠️ Restore drill restored the backup but is NOT compliant'
        : '❌ Restore drill FAILED';
  const fmt = (n: number | null) => (n === null ? 'n/a' : n.toFixed(1));
  const lines = [
    `## ${headline}`,
    '',
    `| | measured | target | compliant |`,
    `|---|---|---|---|`,
    `| RPO (${report.pitr ? 'newest archived WAL age' : 'backup age'}) | ${fmt(report.backup_age_minutes)} min | ${report.rpo_target_minutes} min | ${report.rpo_compliant ? 'yes' : '**no**'} |`,
    `| RTO (restore time) | ${fmt(report.restore_duration_minutes)} min | ${report.rto_target_minutes} min | ${report.rto_compliant ? 'yes' : '**no**'} |`,
    '',
    `- backup: \`${report.backup_id ?? 'none'}\` of database \`${md(report.database ?? 'n/a')}\`, finished ${report.backup_finished_at ?? 'n/a'}`,
    `- drill: \`${report.drill_id}\` at ${report.drill_timestamp}, ${report.scratch.location === 'not opened' ? 'no scratch database was created' : `scratch \`${md(report.scratch.database)}\` on ${md(report.scratch.location)} (${report.scratch.dropped ? 'dropped' : 'kept'})`}`,
    `- restored ${report.measures.restored_bytes} bytes${report.measures.throughput_mib_per_s === null ? '' : ` at ${report.measures.throughput_mib_per_s.toFixed(1)} MiB/s`}; ${report.measures.tables_checked} tables / ${report.measures.rows_checked} rows checked`,
    `- PostgreSQL ${report.environment.server_version ?? 'n/a'}, db-backup ${report.environment.tool_version}`,
  ];
  if (report.pitr)
    lines.push(
      `- point in time: target ${report.pitr.target}${report.pitr.target_time ? ` (${report.pitr.target_time})` : ''}, recovered to ${report.pitr.recovered_to ?? 'n/a'} from base backup \`${report.pitr.base_backup_id ?? 'none'}\`; newest WAL \`${report.pitr.newest_wal ?? 'none'}\` archived ${report.pitr.newest_wal_archived_at ?? 'n/a'}`,
    );
  if (report.error) lines.push('', `**Error** \`${report.error.code}\`: ${md(report.error.message)}`);
  if (report.error?.hint) lines.push('', `hint: ${md(report.error.hint)}`);
  lines.push('', '| check | status | details |', '|---|---|---|');
  for (const check of report.checks)
    lines.push(`| ${md(check.name)} | ${icon(check.status)} ${check.status} | ${md(check.details)} |`);
  return `${lines.join('\n')}\n`;
}
