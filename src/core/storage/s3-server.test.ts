/**
 * S3 behaviour beyond the shared contract, against a real s3rver on loopback: pagination past 1,000 keys, a
 * multipart upload whose body dies mid-way (nothing listed, the multipart upload aborted), the conditional
 * headers create-only puts send, and permanent failures that name the bucket and never the secret.
 */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3RVER_CREDENTIALS, type S3rverProcess, startS3rver } from '../../../test/helpers/object-servers.ts';
import { S3SettingsSchema } from '../config/schema.ts';
import { StorageError } from '../errors.ts';
import { registerSecret } from '../redact.ts';
import { S3Storage } from './s3.ts';

let server: S3rverProcess;
beforeAll(async () => {
  server = await startS3rver(['specifics']);
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

function storageFor(options: Record<string, unknown> = {}, bucket = 'specifics'): S3Storage {
  return new S3Storage(
    { scheme: 's3', bucket, prefix: `run-${randomBytes(4).toString('hex')}/` },
    S3SettingsSchema.parse({
      endpoint: server.endpoint,
      forcePathStyle: true,
      ...S3RVER_CREDENTIALS,
      createOnly: 'head-then-put',
      maxAttempts: 2,
      ...options,
    }),
  );
}

/** Records every command the client sends, with the headers of its HTTP request. */
function recordRequests(storage: S3Storage): { command: string; headers: Record<string, string> }[] {
  const seen: { command: string; headers: Record<string, string> }[] = [];
  const client = (storage as unknown as { client: S3Client }).client;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const headers = (args.request as { headers?: Record<string, string> }).headers ?? {};
      seen.push({ command: String(context.commandName), headers: { ...headers } });
      return next(args);
    },
    { step: 'finalizeRequest', name: 'recordRequests' },
  );
  return seen;
}

describe('S3 backend on s3rver', () => {
  it('lists past one page: 1,100 objects come back complete and sorted', async () => {
    const storage = storageFor();
    const keys = Array.from({ length: 1100 }, (_, i) => `many/${String(i).padStart(5, '0')}`);
    for (let i = 0; i < keys.length; i += 50)
      await Promise.all(keys.slice(i, i + 50).map((key) => storage.put(key, key)));
    const listed = await storage.list('many/');
    expect(listed.map((o) => o.key)).toEqual(keys);
    const requests = recordRequests(storage);
    await storage.list('many/');
    expect(requests.filter((r) => r.command === 'ListObjectsV2Command').length).toBe(2);
    storage.destroy();
  }, 120_000);

  it('a multipart upload whose body dies mid-way leaves nothing listed and aborts the multipart upload', async () => {
    const storage = storageFor();
    const requests = recordRequests(storage);
    let sent = 0;
    const dying = new Readable({
      read() {
        // 20 MiB in, more than two 8 MiB parts, then the producer dies.
        if (sent++ < 20) this.push(randomBytes(1024 * 1024));
        else this.destroy(new Error('pg_dump died'));
      },
    });
    await expect(storage.put('big/object', dying)).rejects.toThrow('pg_dump died');
    const commands = requests.map((r) => r.command);
    expect(commands).toContain('CreateMultipartUploadCommand');
    expect(commands).toContain('UploadPartCommand');
    expect(commands).toContain('AbortMultipartUploadCommand');
    expect(commands).not.toContain('CompleteMultipartUploadCommand');
    expect(await storage.list('')).toEqual([]);
    expect(await storage.stat('big/object')).toBeUndefined();
    storage.destroy();
  }, 120_000);

  it('a large streamed object round-trips through several parts', async () => {
    const storage = storageFor();
    const data = randomBytes(19 * 1024 * 1024 + 3);
    await storage.put('big/ok', Readable.from([data.subarray(0, 7_000_000), data.subarray(7_000_000)]));
    const chunks: Buffer[] = [];
    for await (const chunk of await storage.get('big/ok')) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(data)).toBe(true);
    storage.destroy();
  }, 120_000);

  it.each([
    ['if-none-match', 'if-none-match', '*'],
    ['gcs-generation', 'x-goog-if-generation-match', '0'],
  ])('create-only puts in %s mode send %s: %s', async (mode, header, value) => {
    const storage = storageFor({ createOnly: mode });
    const requests = recordRequests(storage);
    await storage.put('locks/x.lock', '{}', { ifNoneExists: true });
    const put = requests.find((r) => r.command === 'PutObjectCommand');
    expect(put?.headers[header]).toBe(value);
    await storage.put('plain', 'x');
    const plain = requests.filter((r) => r.command === 'PutObjectCommand').at(-1);
    expect(plain?.headers[header]).toBeUndefined();
    storage.destroy();
  });

  it('wrong credentials fail at once naming the bucket and the operation, never the secret', async () => {
    const secret = 'wrong-secret-Zq81kd';
    registerSecret(secret);
    const storage = storageFor({ accessKeyId: 'NOSUCHKEY', secretAccessKey: secret });
    const error = await storage.list('').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as Error).message).toMatch(
      /cannot list \(everything\) in S3 bucket "specifics": the credentials were rejected/,
    );
    expect(`${(error as Error).message} ${(error as StorageError).hint}`).not.toContain(secret);
    storage.destroy();
  });

  it('a missing bucket fails naming it', async () => {
    const storage = storageFor({}, 'no-such-bucket');
    const error = await storage.put('x', 'y').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as Error).message).toMatch(
      /store x in S3 bucket "no-such-bucket": the bucket does not exist/,
    );
    storage.destroy();
  });

  it('an unreachable endpoint is a StorageError naming it, after the retries', async () => {
    const storage = new S3Storage(
      { scheme: 's3', bucket: 'specifics', prefix: 'p/' },
      S3SettingsSchema.parse({
        endpoint: 'http://127.0.0.1:9',
        forcePathStyle: true,
        ...S3RVER_CREDENTIALS,
        maxAttempts: 2,
      }),
    );
    await expect(storage.get('k')).rejects.toThrow(
      /cannot reach the service \(ECONNREFUSED\) at http:\/\/127\.0\.0\.1:9/,
    );
    storage.destroy();
  });
});
