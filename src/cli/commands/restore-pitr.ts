import type { Command } from 'commander';
import { resolveEncryption } from '../../core/crypto/encryption.ts';
import { UsageError } from '../../core/errors.ts';
import type { RecoveryAction } from '../../core/restore/pitr-plan.ts';
import { createContext, type GlobalOptions } from '../context.ts';

/** `db-backup restore --pitr --pgdata DIR --target-…`. */
export async function runPitr(
  flags: {
    pgdata?: string;
    targetTime?: string;
    targetLsn?: string;
    targetXid?: string;
    targetName?: string;
    target?: string;
    targetAction?: string;
    targetTimeline?: string;
    backup?: string;
    serverSetting?: string[];
    start?: boolean;
  },
  command: Command,
): Promise<void> {
  const [{ publicRepositorySettings, restorePitr }, { parsePitrTarget }, { walEntryCommand }] =
    await Promise.all([
      import('../../core/restore/pitr.ts'),
      import('../../core/restore/pitr-plan.ts'),
      import('../../core/wal/wal-entry.ts'),
    ]);
  if (!flags.pgdata) throw new UsageError('--pitr needs --pgdata DIR (a new, empty data directory)');
  if (flags.target !== undefined && flags.target !== 'immediate')
    throw new UsageError(`--target ${JSON.stringify(flags.target)}: only \`immediate\` is supported`);
  const action = flags.targetAction ?? 'promote';
  if (!['promote', 'pause', 'shutdown'].includes(action))
    throw new UsageError(`--target-action ${JSON.stringify(action)}: use promote, pause or shutdown`);
  const target = parsePitrTarget({
    time: flags.targetTime,
    lsn: flags.targetLsn,
    xid: flags.targetXid,
    name: flags.targetName,
    immediate: flags.target === 'immediate' ? true : undefined,
  });
  const serverSettings: Record<string, string> = {};
  for (const pair of flags.serverSetting ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--server-setting ${JSON.stringify(pair)}: use key=value`);
    serverSettings[pair.slice(0, eq).trim()] = pair.slice(eq + 1);
  }
  const ctx = createContext(command.optsWithGlobals<GlobalOptions>());
  const outcome = await restorePitr({
    storage: ctx.storage,
    repositoryConfig: publicRepositorySettings(ctx.config),
    pgdata: flags.pgdata,
    target,
    action: action as RecoveryAction,
    ...(flags.targetTimeline ? { timeline: flags.targetTimeline } : {}),
    ...(flags.backup ? { backupId: flags.backup } : {}),
    walCommand: walEntryCommand(),
    serverSettings,
    start: flags.start === true,
    ...(ctx.config.pgBinDir ? { pgBinDir: ctx.config.pgBinDir } : {}),
    keys: resolveEncryption(ctx.config).keys,
    log: ctx.out.logger,
  });
  ctx.out.result(outcome);
  ctx.out.line(
    `restored base backup ${outcome.backupId} into ${outcome.pgdata}, recovery target: ${outcome.target}`,
  );
  ctx.out.line(
    outcome.recovery
      ? `  recovery ${outcome.recovery} at the target in ${(outcome.durationMs / 1000).toFixed(1)}s`
      : '  start the server (pg_ctl start -D DIR) to replay WAL up to the target; credentials for the repository come from its environment',
  );
}
