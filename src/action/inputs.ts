/**
 * Reads every Action input once into one typed object (actions/upload-artifact's input-helper pattern), with
 * problems reported by input name, then translates it into the core's configuration sources. The core config
 * schema stays the single source of truth: inputs become the same environment bindings the CLI and the
 * sidecar read, so an input means exactly what its variable means.
 */
import { z } from 'zod';

export const ACTION_COMMANDS = [
  'backup',
  'restore',
  'drill',
  'verify',
  'prune',
  'status',
  'compliance-report',
  'base-backup',
  'wal-simulate',
] as const;
export type ActionCommand = (typeof ACTION_COMMANDS)[number];

const bool = (name: string) =>
  z
    .string()
    .regex(/^(true|false)$/i, `${name} must be true or false`)
    .transform((v) => v.toLowerCase() === 'true');
const wholeNumber = (name: string) =>
  z.string().regex(/^\d+$/, `${name} must be a whole number`).transform(Number);
const positiveNumber = (name: string) =>
  z
    .string()
    .regex(/^\d+(\.\d+)?$/, `${name} must be a number of minutes, e.g. 60`)
    .transform(Number)
    .refine((n) => n > 0, `${name} must be greater than zero`);
const storageLocation = z
  .string()
  .refine(
    (v) => !/^[a-z][a-z0-9+.-]*:/i.test(v) || /^(file|s3|azure|gs):\/\/[^\s]+$/i.test(v),
    'storage must be a path, file:///abs/path, s3://bucket/prefix, azure://container/prefix or gs://bucket/prefix',
  )
  .refine((v) => !/^(s3|azure|gs):\/\/\/?$/i.test(v), 'storage URL names no bucket or container');

/** The Action's inputs after validation; optional ones are undefined when not given. */
export const ActionInputsSchema = z.object({
  command: z.enum(ACTION_COMMANDS, {
    error: () => `command must be one of: ${ACTION_COMMANDS.join(', ')}`,
  }),
  'database-url': z.string().optional(),
  database: z.string().optional(),
  storage: storageLocation.optional(),
  's3-endpoint': z.url({ error: 's3-endpoint must be a URL such as http://minio:9000' }).optional(),
  's3-region': z.string().optional(),
  's3-force-path-style': bool('s3-force-path-style').optional(),
  's3-access-key-id': z.string().optional(),
  's3-secret-access-key': z.string().optional(),
  'azure-connection-string': z.string().optional(),
  'encryption-recipients': z.string().optional(),
  'encryption-passphrase': z.string().optional(),
  'encryption-identity': z.string().optional(),
  compression: z
    .enum(['zstd', 'gzip', 'none'], { error: () => 'compression must be zstd, gzip or none' })
    .optional(),
  'compression-level': wholeNumber('compression-level').optional(),
  'keep-last': wholeNumber('keep-last').optional(),
  'keep-within': z.string().optional(),
  'keep-daily': wholeNumber('keep-daily').optional(),
  'keep-weekly': wholeNumber('keep-weekly').optional(),
  'keep-monthly': wholeNumber('keep-monthly').optional(),
  'keep-yearly': wholeNumber('keep-yearly').optional(),
  'rpo-minutes': positiveNumber('rpo-minutes').optional(),
  'rto-minutes': positiveNumber('rto-minutes').optional(),
  'backup-id': z.string().optional(),
  'target-database': z.string().optional(),
  pitr: bool('pitr').default(false),
  'target-time': z.string().optional(),
  'simulate-duration': wholeNumber('simulate-duration')
    .refine((n) => n > 0, 'simulate-duration must be at least 1 second')
    .default(60),
  'simulate-rate': wholeNumber('simulate-rate')
    .refine((n) => n > 0, 'simulate-rate must be at least 1 commit per second')
    .default(10),
  'simulate-targets': wholeNumber('simulate-targets')
    .refine((n) => n > 0, 'simulate-targets must be at least 1')
    .default(3),
  since: z.string().default('90d'),
  'report-path': z.string().default('db-backup-reports'),
  'upload-report': bool('upload-report').default(true),
  'artifact-name': z.string().optional(),
  'retention-days': wholeNumber('retention-days')
    .refine((n) => n >= 1 && n <= 90, 'retention-days must be between 1 and 90')
    .optional(),
  'fail-on-non-compliance': bool('fail-on-non-compliance').default(true),
  'pg-bin-dir': z.string().optional(),
  'install-pg-client': z
    .enum(['auto', 'never'], { error: () => 'install-pg-client must be auto or never' })
    .default('auto'),
  'dry-run': bool('dry-run').default(false),
  'log-level': z.enum(['debug', 'info', 'warn', 'error']).optional(),
});
export type ActionInputs = z.infer<typeof ActionInputsSchema>;

/** The input names, in action.yml order (action.yml and its README table are checked against this). */
export const INPUT_NAMES = Object.keys(ActionInputsSchema.shape) as (keyof ActionInputs)[];

/** Inputs that carry secrets: masked with `core.setSecret` before anything is logged. */
export const SECRET_INPUTS: (keyof ActionInputs)[] = [
  'database-url',
  's3-secret-access-key',
  'azure-connection-string',
  'encryption-passphrase',
  'encryption-identity',
];

/** Commands that connect to PostgreSQL and therefore need a server to reach. */
const NEEDS_SERVER: ActionCommand[] = ['backup', 'restore', 'drill', 'base-backup'];

/** Whether the command talks to the configured server (a point-in-time drill runs its own throwaway cluster). */
export function needsServer(inputs: Pick<ActionInputs, 'command' | 'pitr'>): boolean {
  return NEEDS_SERVER.includes(inputs.command) && !(inputs.command === 'drill' && inputs.pitr);
}

export class InputError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`invalid inputs:\n  ${problems.join('\n  ')}`);
    this.problems = problems;
  }
}

/**
 * Reads and validates every input through `getInput` (empty means not given); throws InputError naming each
 * bad input at once. `env` tells whether the connection comes from the environment instead.
 */
export function readActionInputs(
  getInput: (name: string) => string,
  env: NodeJS.ProcessEnv = process.env,
): ActionInputs {
  const raw: Record<string, string> = {};
  for (const name of INPUT_NAMES) {
    const value = getInput(name).trim();
    if (value !== '') raw[name] = value;
  }
  raw.command ??= 'backup';
  const parsed = ActionInputsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new InputError(parsed.error.issues.map((i) => `${i.path.join('.') || 'inputs'}: ${i.message}`));
  }
  const inputs = parsed.data;
  const problems: string[] = [];
  const hasServer =
    inputs['database-url'] !== undefined || [env.DATABASE_URL, env.PGHOST, env.POSTGRES_HOST].some(Boolean);
  if (needsServer(inputs) && !hasServer) {
    problems.push(
      `database-url: required for command ${inputs.command} (or set DATABASE_URL / PGHOST in the step's env)`,
    );
  }
  if (inputs.command === 'restore' && !inputs['backup-id'] && !inputs.database) {
    problems.push('backup-id: restore needs backup-id, or database to restore its latest backup');
  }
  if (inputs.pitr && inputs.command !== 'drill') problems.push('pitr: only applies to command drill');
  if (inputs['target-time'] !== undefined && !(inputs.command === 'drill' && inputs.pitr)) {
    problems.push('target-time: only applies to command drill with pitr: true');
  }
  if (inputs['database-url'] !== undefined && !/^postgres(ql)?:\/\//i.test(inputs['database-url'])) {
    problems.push('database-url: must start with postgres:// or postgresql://');
  }
  if (problems.length > 0) throw new InputError(problems);
  return inputs;
}

/**
 * The environment the core config loader reads for these inputs: the runner's own environment with each
 * given input written over its variable (inputs win over `env:`, as flags win over variables in the CLI).
 */
export function inputsToEnv(inputs: ActionInputs, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env };
  const set = (name: string, value: string | number | boolean | undefined) => {
    if (value !== undefined) out[name] = String(value);
  };
  set('DATABASE_URL', inputs['database-url']);
  set('BACKUP_DATABASES', inputs.database);
  set('BACKUP_STORAGE', inputs.storage);
  set('S3_ENDPOINT', inputs['s3-endpoint']);
  set('S3_REGION', inputs['s3-region']);
  set('S3_FORCE_PATH_STYLE', inputs['s3-force-path-style']);
  set('S3_ACCESS_KEY_ID', inputs['s3-access-key-id']);
  set('S3_SECRET_ACCESS_KEY', inputs['s3-secret-access-key']);
  set('AZURE_STORAGE_CONNECTION_STRING', inputs['azure-connection-string']);
  set('BACKUP_ENCRYPTION_RECIPIENTS', inputs['encryption-recipients']);
  set('BACKUP_ENCRYPTION_PASSPHRASE', inputs['encryption-passphrase']);
  set('BACKUP_ENCRYPTION_IDENTITY', inputs['encryption-identity']);
  set('BACKUP_COMPRESSION', inputs.compression);
  set('BACKUP_COMPRESSION_LEVEL', inputs['compression-level']);
  set('BACKUP_KEEP_LAST', inputs['keep-last']);
  set('BACKUP_KEEP_WITHIN', inputs['keep-within']);
  set('BACKUP_KEEP_DAILY', inputs['keep-daily']);
  set('BACKUP_KEEP_WEEKLY', inputs['keep-weekly']);
  set('BACKUP_KEEP_MONTHLY', inputs['keep-monthly']);
  set('BACKUP_KEEP_YEARLY', inputs['keep-yearly']);
  if (inputs['rpo-minutes'] !== undefined) set('BACKUP_RPO', `${inputs['rpo-minutes']}m`);
  if (inputs['rto-minutes'] !== undefined) set('BACKUP_RTO', `${inputs['rto-minutes']}m`);
  set('BACKUP_PG_BIN_DIR', inputs['pg-bin-dir']);
  set('BACKUP_LOG_LEVEL', inputs['log-level']);
  return out;
}
