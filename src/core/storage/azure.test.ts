import { randomBytes } from 'node:crypto';
import { BlobServiceClient } from '@azure/storage-blob';
import { afterAll, beforeAll } from 'vitest';
import { type AzuriteProcess, startAzurite } from '../../../test/helpers/object-servers.ts';
import { AzureSettingsSchema } from '../config/schema.ts';
import { AzureStorage } from './azure.ts';
import { describeStorageContract } from './contract-suite.ts';

let azurite: AzuriteProcess;
beforeAll(async () => {
  azurite = await startAzurite();
  await BlobServiceClient.fromConnectionString(azurite.connectionString)
    .getContainerClient('contract')
    .create();
}, 60_000);
afterAll(async () => {
  await azurite?.stop();
});

describeStorageContract('azure (azurite)', async () => {
  const storage = new AzureStorage(
    { scheme: 'azure', bucket: 'contract', prefix: `run-${randomBytes(4).toString('hex')}/` },
    AzureSettingsSchema.parse({ connectionString: azurite.connectionString }),
  );
  return { storage, cleanup: async () => undefined };
});
