/**
 * The WAL-archiving simulation report: evidence that archiving plus point-in-time restore meets the RPO and
 * RTO targets, measured on a scratch cluster. snake_case like the drill report; the published
 * `schemas/wal-simulation-report.schema.json` is generated from `WalSimulationReportSchema`.
 */
import { z } from 'zod';

export const WAL_SIMULATION_REPORT_SCHEMA_VERSION = 1;

export const SimulationTargetSchema = z.object({
  target_time: z.iso
    .datetime()
    .describe('The point in time restored to (random, inside the archived window)'),
  expected_heartbeats: z
    .number()
    .int()
    .nonnegative()
    .describe('Heartbeats the source committed up to the target'),
  restored_heartbeats: z.number().int().nonnegative().describe('Heartbeats the restored copy holds'),
  lost_seconds: z
    .number()
    .nonnegative()
    .describe('Newest heartbeat committed before the target minus the newest one restored (0: nothing lost)'),
  restore_seconds: z
    .number()
    .nonnegative()
    .describe('Unpacking the base backup plus replaying WAL to the target'),
  status: z
    .enum(['pass', 'fail'])
    .describe('pass: exactly the heartbeats committed up to the target were restored'),
});

export const WalSimulationReportSchema = z.object({
  schemaVersion: z.literal(WAL_SIMULATION_REPORT_SCHEMA_VERSION),
  simulation_id: z.string(),
  simulation_timestamp: z.iso.datetime(),
  status: z.enum(['success', 'non_compliant', 'failure']),
  repository: z.string().describe('The simulation’s own repository (never a production WAL area)'),
  duration_seconds: z.number().nonnegative().describe('Length of the write workload'),
  rate_per_second: z.number().positive().describe('Heartbeat commits per second requested'),
  heartbeats: z.number().int().nonnegative().describe('Heartbeats committed'),
  segments_archived: z.number().int().nonnegative(),
  archive_lag_seconds: z
    .object({ max: z.number().nonnegative(), p50: z.number().nonnegative() })
    .describe('Time since the newest archived WAL, sampled every second during the workload'),
  achieved_rpo_seconds: z
    .number()
    .nonnegative()
    .describe(
      'Worst data loss: the larger of the maximum archive lag and the largest loss at a restored target',
    ),
  targets: z.array(SimulationTargetSchema),
  rpo_target_minutes: z.number().nonnegative(),
  rto_target_minutes: z.number().nonnegative(),
  max_restore_minutes: z.number().nonnegative(),
  rpo_compliant: z.boolean(),
  rto_compliant: z.boolean(),
  compliant: z.boolean(),
  error: z.string().nullable().describe('Why the simulation failed, when status is failure'),
  environment: z.object({ server_version: z.string(), tool_version: z.string() }),
});
export type WalSimulationReport = z.infer<typeof WalSimulationReportSchema>;
export type SimulationTarget = z.infer<typeof SimulationTargetSchema>;

/** The compliance verdict of a simulation's measurements (pure). */
export function simulationVerdict(input: {
  lagMaxSeconds: number;
  targets: SimulationTarget[];
  rpoMinutes: number;
  rtoMinutes: number;
}): Pick<
  WalSimulationReport,
  'achieved_rpo_seconds' | 'max_restore_minutes' | 'rpo_compliant' | 'rto_compliant' | 'compliant' | 'status'
> {
  const lost = Math.max(0, ...input.targets.map((t) => t.lost_seconds));
  const achieved = Math.max(input.lagMaxSeconds, lost);
  const maxRestore = Math.max(0, ...input.targets.map((t) => t.restore_seconds)) / 60;
  const rpo = achieved <= input.rpoMinutes * 60 && input.targets.every((t) => t.status === 'pass');
  const rto = maxRestore <= input.rtoMinutes;
  return {
    achieved_rpo_seconds: Number(achieved.toFixed(3)),
    max_restore_minutes: Number(maxRestore.toFixed(3)),
    rpo_compliant: rpo,
    rto_compliant: rto,
    compliant: rpo && rto && input.targets.length > 0,
    status: rpo && rto && input.targets.length > 0 ? 'success' : 'non_compliant',
  };
}
