/**
 * The GitHub Action adapter: read the inputs once, mask every secret before the first log line, build the
 * core config, run one core command, then publish step outputs, the job summary, `::error` annotations and
 * the report artifact. `run` never throws: every failure becomes `core.setFailed` with a coded message.
 */

import * as core from '@actions/core';
import { configWarnings, loadConfig } from '../core/config/load-config.ts';
import type { Config } from '../core/config/schema.ts';
import { ConfigError, DbBackupError, ExitCode } from '../core/errors.ts';
import { progressNotes } from '../core/events.ts';
import type { Logger } from '../core/logger.ts';
import { redact, registerSecret } from '../core/redact.ts';
import { openConfiguredStorage } from '../core/storage/open-storage.ts';
import {
  type ArtifactUploader,
  artifactNameFor,
  describeFiles,
  githubArtifactUploader,
  isArtifactServiceUnavailable,
} from './artifacts.ts';
import { type CommandResult, OUTPUT_NAMES, reportDirFor, runActionCommand } from './commands.ts';
import {
  type ActionInputs,
  InputError,
  inputsToEnv,
  needsServer,
  readActionInputs,
  SECRET_INPUTS,
} from './inputs.ts';
import { ensurePgClient } from './pg-client.ts';

export interface RunDependencies {
  env: NodeJS.ProcessEnv;
  uploader: ArtifactUploader;
}

/** Masks a secret in the runner's log and in everything db-backup prints. */
function maskSecret(value: string | undefined): void {
  if (!value) return;
  core.setSecret(value);
  registerSecret(value);
}

/** Masks every secret input, and the password inside any connection URL, before anything is logged. */
export function maskSecretInputs(getInput: (name: string) => string, env: NodeJS.ProcessEnv): void {
  for (const name of SECRET_INPUTS) maskSecret(getInput(name).trim());
  for (const url of [getInput('database-url').trim(), env.DATABASE_URL]) {
    if (!url) continue;
    try {
      const password = new URL(url).password;
      if (password) {
        maskSecret(password);
        maskSecret(decodeURIComponent(password));
      }
    } catch {
      // Not a URL: it was masked whole above.
    }
  }
  for (const name of [
    'PGPASSWORD',
    'POSTGRES_PASSWORD',
    'S3_SECRET_ACCESS_KEY',
    'BACKUP_ENCRYPTION_PASSPHRASE',
  ]) {
    maskSecret(env[name]);
  }
}

/** Passes at most one call per 10 s (progress log lines, not a flood). */
function everyTenSeconds(fn: (text: string) => void): (text: string) => void {
  let last = 0;
  return (text) => {
    if (Date.now() - last < 10_000) return;
    last = Date.now();
    fn(text);
  };
}

const actionLogger: Logger = {
  debug: (m) => core.debug(redact(m)),
  info: (m) => core.info(redact(m)),
  warn: (m) => core.warning(redact(m)),
};

function failureText(error: unknown): string {
  if (error instanceof InputError) return error.message;
  if (error instanceof DbBackupError) {
    return redact(`error [${error.code}]: ${error.message}${error.hint ? `\nhint: ${error.hint}` : ''}`);
  }
  return redact(
    `error [INTERNAL]: ${error instanceof Error ? error.message : String(error)}\nhint: this is a bug in db-backup; please report it with the step log`,
  );
}

/** Runs the Action for the current step; resolves when outputs, summary and artifacts are written. */
export async function run(
  deps: RunDependencies = { env: process.env, uploader: githubArtifactUploader },
): Promise<void> {
  const { env } = deps;
  // Before anything can be logged, even a validation error: mask every secret as given.
  maskSecretInputs((name) => core.getInput(name), env);
  let inputs: ActionInputs;
  try {
    inputs = readActionInputs((name) => core.getInput(name), env);
  } catch (error) {
    return fail(failureText(error), 'db-backup invalid inputs');
  }
  let config: Config;
  try {
    config = loadConfig({ env: inputsToEnv(inputs, env) });
    for (const warning of configWarnings(env)) core.warning(warning);
  } catch (error) {
    const text =
      error instanceof ConfigError ? `error [${error.code}]: ${error.message}` : failureText(error);
    return fail(redact(text), 'db-backup invalid configuration');
  }
  const reportDir = reportDirFor(inputs, env);
  let result: CommandResult;
  try {
    result = await core.group(`db-backup ${inputs.command}`, async () => {
      if (needsServer(inputs)) {
        await ensurePgClient({ config, install: inputs['install-pg-client'], log: actionLogger, env });
      }
      return runActionCommand({
        inputs,
        config,
        storage: openConfiguredStorage(config),
        log: actionLogger,
        reportDir,
        onEvent: progressNotes(everyTenSeconds((text) => core.info(redact(`progress: ${text}`)))),
      });
    });
  } catch (error) {
    const text = failureText(error);
    core.setOutput('status', 'failure');
    await core.summary
      .addRaw(`## ❌ db-backup ${inputs.command} failed\n\n\`\`\`\n${text}\n\`\`\`\n`)
      .write()
      .catch(() => undefined);
    return fail(text, `db-backup ${inputs.command} failed`);
  }
  for (const name of OUTPUT_NAMES) {
    const value = result.outputs[name];
    if (value !== undefined) core.setOutput(name, redact(value));
  }
  await core.summary.addRaw(redact(result.summary)).write();
  if (inputs['upload-report'] && result.files.length > 0) {
    await uploadReports(deps, inputs, result.files, reportDir, env);
  }
  if (result.failure) fail(redact(result.failure), `db-backup ${inputs.command}`);
}

async function uploadReports(
  deps: RunDependencies,
  inputs: ActionInputs,
  files: string[],
  root: string,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const name = artifactNameFor(inputs['artifact-name'], inputs.command, env);
  try {
    await core.group(`upload artifact ${name}`, async () => {
      const uploaded = await deps.uploader.upload(name, files, root, inputs['retention-days']);
      core.info(`uploaded ${describeFiles(files, root)} as ${name} (${uploaded.size ?? '?'} bytes)`);
    });
  } catch (error) {
    if (isArtifactServiceUnavailable(error)) {
      core.warning(
        'artifact upload is not supported on this GitHub Enterprise Server: the report is in the job summary and in the repository (reports/)',
      );
      return;
    }
    core.warning(redact(`report artifact upload failed: ${(error as Error).message}`));
  }
}

/** Fails the step with one titled `::error` annotation (core.setFailed would add a second, untitled one). */
function fail(message: string, title: string): void {
  core.error(message, { title });
  process.exitCode = ExitCode.failure;
}
