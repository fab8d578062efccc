import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.ts';

/** `db-backup keygen [-o FILE]`: an age key pair, in the identity-file format the `age` CLI reads. */
export function registerKeygenCommand(program: Command): void {
  program
    .command('keygen')
    .description('make an age key pair: the identity (keep it secret, it restores) and its public recipient')
    .option(
      '-o, --output <file>',
      'write the identity file here (mode 0600, never overwritten) instead of stdout',
    )
    .action(async (flags: { output?: string }) => {
      const { generateIdentity } = await import('../../core/crypto/age/keys.ts');
      const { identity, recipient } = generateIdentity();
      const file = `# created: ${new Date().toISOString()}\n# public key: ${recipient}\n${identity}\n`;
      if (flags.output) {
        await writeFile(flags.output, file, { mode: 0o600, flag: 'wx' }).catch(
          (error: NodeJS.ErrnoException) => {
            throw new UsageError(
              error.code === 'EEXIST'
                ? `${flags.output} exists; refusing to overwrite a key`
                : `cannot write ${flags.output}: ${error.code}`,
              { hint: 'choose another --output file' },
            );
          },
        );
      } else {
        process.stdout.write(file);
      }
      process.stderr.write(`Public key: ${recipient}\n`);
    });
}
