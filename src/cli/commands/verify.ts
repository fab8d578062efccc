import type { Command } from 'commander';
import type { ConfigInput } from '../../core/config/schema.ts';
import { resolveEncryption } from '../../core/crypto/encryption.ts';
import { BackupNotFoundError, UsageError, VerificationFailedError } from '../../core/errors.ts';
import { listBackups, readManifest } from '../../core/repository/catalog.ts';
import type { BackupManifest } from '../../core/repository/manifest.ts';
import { createContext, type GlobalOptions, intFlag } from '../context.ts';

interface VerifyFlags {
  latest?: boolean;
  all?: boolean;
  database?: string;
  checksumOnly?: boolean;
  minSize?: string;
}

/** `db-backup verify ID | --latest [--database] | --all`: exit 3 naming what failed. */
export function registerVerifyCommand(program: Command): void {
  program
    .command('verify')
    .description('re-read stored backups: checksums, decompression and pg_restore --list')
    .argument('[id]', 'backup id')
    .option('--latest', 'the latest complete backup (of --database)')
    .option('--all', 'every complete backup (of --database)')
    .option('-d, --database <name>', 'restrict --latest/--all to this database')
    .option('--min-size <bytes>', 'fail a backup that stores fewer bytes (env BACKUP_MIN_SIZE_BYTES)')
    .option(
      '--checksum-only',
      'only the stored sha256 (needs no decryption key); not recorded as a verification',
    )
    .action(async (id: string | undefined, flags: VerifyFlags, command: Command) => {
      const [{ resolveBackup }, { verifyBackup }] = await Promise.all([
        import('../../core/restore/restore-backup.ts'),
        import('../../core/verify/verify-backup.ts'),
      ]);
      const ctx = createContext(
        command.optsWithGlobals<GlobalOptions>(),
        (flags.minSize ? { daemon: { minSizeBytes: intFlag(flags.minSize) } } : {}) as ConfigInput,
      );
      if ([id !== undefined, !!flags.latest, !!flags.all].filter(Boolean).length !== 1) {
        throw new UsageError('give exactly one of: a backup id, --latest, --all');
      }
      let manifests: BackupManifest[];
      if (id) manifests = [await readManifest(ctx.storage, id)];
      else if (flags.latest)
        manifests = [await resolveBackup(ctx.storage, { latest: true, database: flags.database })];
      else
        manifests = await listBackups(ctx.storage, flags.database ? { database: flags.database } : undefined);
      if (manifests.length === 0)
        throw new BackupNotFoundError(`no complete backups in ${ctx.storage.location}`);
      const outcomes = [];
      for (const manifest of manifests) {
        const outcome = await verifyBackup(ctx.storage, manifest, {
          pgBinDir: ctx.config.pgBinDir,
          log: ctx.out.logger,
          keys: resolveEncryption(ctx.config).keys,
          minSizeBytes: ctx.config.daemon.minSizeBytes,
          onEvent: ctx.progress.listener,
          ...(flags.checksumOnly ? { checksumOnly: true, record: false } : {}),
        });
        ctx.progress.finish();
        outcomes.push(outcome);
        ctx.out.line(`${outcome.ok ? 'OK    ' : 'FAILED'}  ${outcome.backupId}`);
        for (const check of outcome.checks)
          ctx.out.line(`  ${check.ok ? 'ok  ' : 'FAIL'}  ${check.name}: ${check.details}`);
      }
      ctx.out.result(outcomes);
      const failed = outcomes.filter((o) => !o.ok);
      if (failed.length > 0) {
        const what = failed
          .map(
            (o) =>
              `${o.backupId} (${o.checks
                .filter((c) => !c.ok)
                .map((c) => c.name)
                .join('; ')})`,
          )
          .join(', ');
        throw new VerificationFailedError(`verification failed: ${what}`, {
          hint: 'do not rely on these backups; take a new backup and investigate the storage',
        });
      }
    });
}
