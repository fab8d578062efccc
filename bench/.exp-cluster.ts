import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { childEnv } from '../src/core/postgres/connection.ts';
import { startLocalCluster } from '../src/core/postgres/local-cluster.ts';

const cluster = await startLocalCluster({
  settings: {
    shared_buffers: '256MB',
    max_wal_size: '4GB',
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
  },
});
const env = { ...childEnv(cluster.connection, 'bench'), BIN: cluster.binDir };
writeFileSync(
  '/tmp/exp/env.sh',
  Object.entries(env)
    .map(([k, v]) => `export ${k}='${v}'`)
    .join('\n') + '\n',
);
spawnSync(`${cluster.binDir}/psql`, ['-X', '-q', '-d', 'postgres', '-c', 'CREATE DATABASE bench'], {
  env: { ...process.env, ...env },
  stdio: 'inherit',
});
spawnSync(`${cluster.binDir}/psql`, ['-X', '-q', '-v', 'scale=1', '-f', 'bench/dataset.sql'], {
  env: { ...process.env, ...env },
  stdio: 'inherit',
});
console.log('ready');
process.on('SIGTERM', async () => {
  await cluster.stop();
  process.exit(0);
});
setInterval(() => {}, 1 << 30);
