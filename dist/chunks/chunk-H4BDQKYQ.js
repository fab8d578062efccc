import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  asServerUser,
  isRoot
} from "./chunk-XFV7CHGX.js";
import {
  findServerBinaries,
  parseVersion
} from "./chunk-F257ZKBH.js";
import {
  runChild
} from "./chunk-NLUKSCYK.js";
import {
  registerSecret
} from "./chunk-XSSEYECF.js";
import {
  BinaryNotFoundError,
  DbBackupError
} from "./chunk-HSU6VSP5.js";

// src/core/postgres/local-cluster.ts
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmod, chown, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
function findFreePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(
        () => typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))
      );
    });
  });
}
var running = /* @__PURE__ */ new Set();
var exitHookInstalled = false;
function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const cluster of running) {
      try {
        const [command, ...prefix] = asPostgresArgs(join(cluster.binDir, "pg_ctl"));
        execFileSync(command, [...prefix, "stop", "-D", cluster.dataDir, "-m", "immediate"], {
          stdio: "ignore"
        });
      } catch {
      }
    }
  });
}
function asPostgresArgs(program) {
  return isRoot() ? ["runuser", "-u", "postgres", "--", program] : [program];
}
async function runAsOwner(program, args, env = {}) {
  const [command, argv] = await asServerUser(program, args);
  return runChild(command, argv, { env });
}
async function lastLogLines(path) {
  const text = await readFile(path, "utf8").catch(() => "");
  return text.trim().split("\n").slice(-30).join("\n");
}
async function startLocalCluster(options = {}) {
  const server = options.serverBinDir ? await serverBinariesIn(options.serverBinDir) : await findServerBinaries();
  const base = await mkdtemp(join(tmpdir(), "db-backup-pg-"));
  const dataDir = join(base, "data");
  const socketDir = join(base, "sock");
  const password = options.password ?? randomBytes(12).toString("base64url");
  registerSecret(password);
  const owner = isRoot() ? "postgres" : userInfo().username;
  try {
    if (isRoot()) {
      const { uid, gid } = await idsOf("postgres");
      await chown(base, uid, gid);
    }
    await chmod(base, 448);
    const pwfile = join(base, "pwfile");
    await writeFile(pwfile, `${password}
`, { mode: 384 });
    if (isRoot()) {
      const { uid, gid } = await idsOf("postgres");
      await chown(pwfile, uid, gid);
    }
    const initArgs = [
      "-D",
      dataDir,
      "-U",
      "postgres",
      "--auth-local=trust",
      "--auth-host=scram-sha-256",
      `--pwfile=${pwfile}`,
      "-E",
      "UTF8"
    ];
    let init = await runAsOwner(join(server.binDir, "initdb"), [...initArgs, "--locale=C.UTF-8"]);
    if (init.code !== 0) init = await runAsOwner(join(server.binDir, "initdb"), [...initArgs, "--no-locale"]);
    await rm(pwfile, { force: true });
    if (init.code !== 0)
      throw new DbBackupError(`initdb failed for a local cluster (as ${owner}): ${init.stderr.slice(-2e3)}`);
    await runAsOwner("/bin/mkdir", ["-m", "700", socketDir]);
  } catch (error) {
    await rm(base, { recursive: true, force: true });
    throw error;
  }
  const port = options.port ?? await findFreePort();
  const settings = {
    listen_addresses: "127.0.0.1",
    port: String(port),
    unix_socket_directories: socketDir,
    shared_buffers: "32MB",
    max_connections: "40",
    fsync: "on",
    logging_collector: "off",
    ...options.settings
  };
  const conf = Object.entries(settings).map(([k, v]) => `${k} = '${v.replace(/'/g, "''")}'`).join("\n");
  await writeConfAsOwner(join(dataDir, "postgresql.auto.conf"), `${conf}
`);
  const logFile = join(base, "server.log");
  let stopped = false;
  const cluster = {
    connection: { host: "127.0.0.1", port, user: "postgres", password },
    dataDir,
    socketDir,
    binDir: server.binDir,
    major: server.major,
    async start() {
      const result = await runAsOwner(join(server.binDir, "pg_ctl"), [
        "start",
        "-D",
        dataDir,
        "-l",
        logFile,
        "-w",
        "-t",
        "60"
      ]);
      if (result.code !== 0) {
        throw new DbBackupError(
          `local PostgreSQL did not start: ${result.stderr.trim()}
${await lastLogLines(logFile)}`
        );
      }
    },
    async kill() {
      await runAsOwner(join(server.binDir, "pg_ctl"), ["stop", "-D", dataDir, "-m", "immediate", "-w"]);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      running.delete(cluster);
      await runAsOwner(join(server.binDir, "pg_ctl"), [
        "stop",
        "-D",
        dataDir,
        "-m",
        "fast",
        "-w",
        "-t",
        "30"
      ]);
      await rm(base, { recursive: true, force: true });
    }
  };
  try {
    await cluster.start();
  } catch (error) {
    await rm(base, { recursive: true, force: true });
    throw error;
  }
  running.add(cluster);
  installExitHook();
  return cluster;
}
async function serverBinariesIn(binDir) {
  const result = await runChild(join(binDir, "postgres"), ["--version"]);
  const parsed = parseVersion(result.stdout);
  if (result.code !== 0 || !parsed) {
    throw new BinaryNotFoundError(`no PostgreSQL server in ${binDir}`, {
      hint: "point serverBinDir at a directory holding initdb, pg_ctl and postgres"
    });
  }
  return { binDir, ...parsed };
}
async function writeConfAsOwner(path, content) {
  await writeFile(path, content);
  if (isRoot()) {
    const { uid, gid } = await idsOf("postgres");
    await chown(path, uid, gid);
  }
}
async function idsOf(user) {
  const passwd = await readFile("/etc/passwd", "utf8");
  const line = passwd.split("\n").find((l) => l.startsWith(`${user}:`));
  if (!line) {
    throw new BinaryNotFoundError(`running as root, but there is no ${user} OS user to run PostgreSQL as`, {
      hint: "install the PostgreSQL server package (it creates the postgres user) or run as a normal user"
    });
  }
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}

export {
  findFreePort,
  startLocalCluster
};
