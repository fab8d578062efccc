import type { Command } from 'commander';
import { runBackup } from '../../core/backup/run-backup.ts';
import type { ConfigInput } from '../../core/config/schema.ts';
import { createContext, type GlobalOptions, intFlag } from '../context.ts';
import { formatBytes } from '../output.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];

interface BackupFlags {
  database?: string[];
  allDatabases?: boolean;
  format?: string;
  jobs?: string;
  compression?: string;
  compressionLevel?: string;
  schemaOnly?: boolean;
  dataOnly?: boolean;
  table?: string[];
  excludeTable?: string[];
  tag?: string[];
}

/** `db-backup backup`: translate flags into the config, run the core backup, print ids and sizes. */
export function registerBackupCommand(program: Command): void {
  program
    .command('backup')
    .description('take a logical backup (pg_dump) of one or more databases')
    .option('-d, --database <name>', 'database to back up (repeatable; env BACKUP_DATABASES)', collect)
    .option('--all-databases', 'every database, plus roles and other globals')
    .option('--format <format>', 'custom (streamed) | directory (parallel, with --jobs)')
    .option('-j, --jobs <n>', 'parallel dump jobs (directory format)')
    .option('--compression <algorithm>', 'zstd | gzip | none (env BACKUP_COMPRESSION)')
    .option('--compression-level <n>', 'compression level (zstd default 3, gzip 6)')
    .option('--schema-only', 'only the schema')
    .option('--data-only', 'only the data')
    .option('-t, --table <pattern>', 'only matching tables (repeatable)', collect)
    .option('-T, --exclude-table <pattern>', 'skip matching tables (repeatable)', collect)
    .option('--tag <label>', 'label stored in the manifest (repeatable)', collect)
    .action(async (flags: BackupFlags, command: Command) => {
      const backup: Record<string, unknown> = {};
      if (flags.format) backup.format = flags.format;
      if (flags.jobs) backup.jobs = intFlag(flags.jobs);
      if (flags.compression) backup.compression = flags.compression;
      if (flags.compressionLevel) backup.compressionLevel = intFlag(flags.compressionLevel);
      if (flags.schemaOnly) backup.schemaOnly = true;
      if (flags.dataOnly) backup.dataOnly = true;
      if (flags.table) backup.tables = flags.table;
      if (flags.excludeTable) backup.excludeTables = flags.excludeTable;
      if (flags.tag) backup.tags = flags.tag;
      const input: Record<string, unknown> = { backup };
      if (flags.database) input.databases = flags.database;
      if (flags.allDatabases) input.allDatabases = true;
      const ctx = createContext(command.optsWithGlobals<GlobalOptions>(), input as ConfigInput);
      const outcome = await runBackup({
        config: ctx.config,
        storage: ctx.storage,
        log: ctx.out.logger,
        signal: ctx.signal,
        actor: 'cli',
        onEvent: ctx.progress.listener,
      });
      ctx.progress.finish();
      ctx.out.result({
        backups: outcome.manifests,
        reports: outcome.reports,
        reportFiles: outcome.reportFiles,
      });
      for (const manifest of outcome.manifests) {
        const stored = manifest.objects.reduce((n, o) => n + o.storedSize, 0);
        const raw = manifest.objects.reduce((n, o) => n + o.rawSize, 0);
        ctx.out.line(
          `${manifest.id}  ${manifest.databases.map((d) => d.name).join(', ')}  ${formatBytes(stored)} stored (${formatBytes(raw)} raw, ${(raw / Math.max(stored, 1)).toFixed(1)}x) in ${(manifest.durationMs / 1000).toFixed(1)}s`,
        );
      }
    });
}
