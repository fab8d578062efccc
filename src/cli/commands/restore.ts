import type { Command } from 'commander';
import { type ConfigInput, restoreJobsFor } from '../../core/config/schema.ts';
import { resolveEncryption } from '../../core/crypto/encryption.ts';
import { createContext, type GlobalOptions, intFlag } from '../context.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];

interface RestoreFlags {
  latest?: boolean;
  database?: string;
  targetDatabase?: string;
  clean?: boolean;
  dropExisting?: boolean;
  force?: boolean;
  dryRun?: boolean;
  schema?: string[];
  table?: string[];
  jobs?: string;
  globals?: boolean;
  dbSettings?: boolean;
  pitr?: boolean;
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
}

/** `db-backup restore ID | --latest --database NAME --target-database NEW [...]`. */
export function registerRestoreCommand(program: Command): void {
  program
    .command('restore')
    .description('restore a backup into a database (checksum checked before the target is touched)')
    .argument('[id]', 'backup id')
    .option('--latest', 'the latest complete backup of --database')
    .option('-d, --database <name>', 'the database in the backup (and the --latest filter)')
    .option('--target-database <name>', 'restore into this database (default: the original name)')
    .option('--clean', 'drop and recreate objects in a non-empty target')
    .option('--drop-existing', 'drop and recreate the target database')
    .option('--force', 'allow restoring into postgres, template0 or template1')
    .option('--dry-run', 'check everything, change nothing')
    .option('-n, --schema <name>', 'restore only this schema (repeatable)', collect)
    .option('-t, --table <name>', 'restore only this table (repeatable)', collect)
    .option('-j, --jobs <n>', 'parallel pg_restore jobs (env BACKUP_RESTORE_JOBS; default: CPUs, at most 4)')
    .option('--no-globals', 'do not restore roles stored by --all-databases backups')
    .option('--no-db-settings', "do not carry the source database's settings, ACL, comment and owner")
    .option('--pitr', 'point-in-time restore of a base backup plus archived WAL into --pgdata')
    .option('--pgdata <dir>', '--pitr: the new, empty data directory')
    .option('--target-time <time>', '--pitr: recover up to this time (ISO 8601 with zone)')
    .option('--target-lsn <lsn>', '--pitr: recover up to this WAL position')
    .option('--target-xid <xid>', '--pitr: recover up to this transaction')
    .option('--target-name <name>', '--pitr: recover up to this restore point (pg_create_restore_point)')
    .option('--target <immediate>', '--pitr: `immediate`: stop as soon as the base backup is consistent')
    .option('--target-action <action>', '--pitr: promote (default) | pause | shutdown')
    .option('--target-timeline <timeline>', '--pitr: latest (default) | current | a number')
    .option('--backup <id>', '--pitr: restore this base backup instead of the newest one before the target')
    .option(
      '--server-setting <key=value>',
      '--pitr: setting for the restored server, e.g. port=5433 (repeatable)',
      collect,
    )
    .option('--start', '--pitr: start the server and wait until recovery reached the target')
    .action(async (id: string | undefined, flags: RestoreFlags, command: Command) => {
      if (flags.pitr) {
        await (await import('./restore-pitr.ts')).runPitr(flags, command);
        return;
      }
      const { restoreBackup } = await import('../../core/restore/restore-backup.ts');
      const ctx = createContext(command.optsWithGlobals<GlobalOptions>(), {
        restore: flags.jobs ? { jobs: intFlag(flags.jobs) } : {},
      } as ConfigInput);
      const outcome = await restoreBackup({
        storage: ctx.storage,
        conn: ctx.connection(),
        signal: ctx.signal,
        actor: 'cli',
        onEvent: ctx.progress.listener,
        pgBinDir: ctx.config.pgBinDir,
        log: ctx.out.logger,
        keys: resolveEncryption(ctx.config).keys,
        request: {
          backupId: id,
          latest: flags.latest,
          database: flags.database,
          targetDatabase: flags.targetDatabase,
          clean: flags.clean,
          dropExisting: flags.dropExisting,
          force: flags.force,
          dryRun: flags.dryRun,
          schemas: flags.schema,
          tables: flags.table,
          jobs: restoreJobsFor(ctx.config),
          noGlobals: flags.globals === false,
          noDbSettings: flags.dbSettings === false,
        },
      });
      ctx.progress.finish();
      ctx.out.result(outcome);
      ctx.out.line(
        `${outcome.dryRun ? 'dry run (nothing changed)' : 'restored'}: ${outcome.backupId} ${JSON.stringify(outcome.sourceDatabase)} -> ${JSON.stringify(outcome.targetDatabase)}`,
      );
      for (const step of outcome.steps) ctx.out.line(`  - ${step}`);
      if (!outcome.dryRun) ctx.out.line(`  took ${(outcome.durationMs / 1000).toFixed(1)}s`);
    });
}
