import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { S3RVER_CREDENTIALS, type S3rverProcess, startS3rver } from '../../../test/helpers/object-servers.ts';
import { S3SettingsSchema } from '../config/schema.ts';
import { describeStorageContract } from './contract-suite.ts';
import { S3Storage } from './s3.ts';

let server: S3rverProcess;
beforeAll(async () => {
  server = await startS3rver(['contract']);
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

describeStorageContract('s3 (s3rver)', async () => {
  const storage = new S3Storage(
    { scheme: 's3', bucket: 'contract', prefix: `run-${randomBytes(4).toString('hex')}/` },
    S3SettingsSchema.parse({
      endpoint: server.endpoint,
      forcePathStyle: true,
      ...S3RVER_CREDENTIALS,
      // s3rver ignores If-None-Match on PUT, so it needs the fallback.
      createOnly: 'head-then-put',
    }),
  );
  return { storage, cleanup: async () => storage.destroy() };
});
