/**
 * A child process running s3rver on 127.0.0.1, so tests can kill it mid-upload. argv: directory, port (0 for a
 * free one), bucket names. Prints `listening <port>` when ready and `part <n>` for every multipart part received.
 */
// @ts-expect-error s3rver ships no types
import S3rver from 's3rver';

const [directory, port, ...buckets] = process.argv.slice(2);
const server = new S3rver({
  address: '127.0.0.1',
  port: Number(port ?? 0),
  directory,
  silent: process.env.S3RVER_VERBOSE !== '1',
  configureBuckets: buckets.map((name) => ({ name })),
});
// First in the chain: s3rver's own router ends requests without calling further middleware.
server.middleware.unshift(async (ctx: { query: Record<string, string> }, next: () => Promise<void>) => {
  if (ctx.query.partNumber) process.stdout.write(`part ${ctx.query.partNumber}\n`);
  await next();
});
const { port: bound } = await server.run();
process.stdout.write(`listening ${bound}\n`);
