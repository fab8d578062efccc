import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  runChild
} from "./chunk-NLUKSCYK.js";
import {
  BinaryNotFoundError,
  VersionMismatchError
} from "./chunk-HSU6VSP5.js";

// src/core/postgres/binaries.ts
import { access, constants, readdir, realpath } from "node:fs/promises";
import { basename, delimiter, join } from "node:path";
async function isExecutable(path) {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
async function globDirs(pattern) {
  try {
    const names = await readdir(pattern.parent);
    return names.filter((n) => pattern.match.test(n)).map((n) => join(pattern.parent, n, pattern.suffix));
  } catch {
    return [];
  }
}
function parseVersion(output) {
  const m = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(output);
  if (!m) return void 0;
  const first = Number(m[1]);
  const major = first >= 10 ? first : Number(`${first}.${m[2] ?? 0}`);
  return { version: [m[1], m[2], m[3]].filter((p) => p !== void 0).join("."), major };
}
async function candidateDirs(opts = {}) {
  const path = (opts.searchPath ?? process.env.PATH ?? "").split(delimiter).filter(Boolean);
  const versioned = [
    ...await globDirs({ parent: "/usr/lib/postgresql", match: /^\d+(\.\d+)?$/, suffix: "bin" }),
    ...await globDirs({ parent: "/usr", match: /^pgsql-\d+$/, suffix: "bin" }),
    ...await globDirs({ parent: "/opt/homebrew/opt", match: /^postgresql@\d+$/, suffix: "bin" }),
    ...await globDirs({ parent: "/usr/local/opt", match: /^postgresql@\d+$/, suffix: "bin" })
  ];
  return [...opts.pgBinDir ? [opts.pgBinDir] : [], ...path, ...versioned];
}
async function findPgBinaries(opts = {}) {
  if (opts.pgBinDir && !await isExecutable(join(opts.pgBinDir, "pg_dump"))) {
    throw new BinaryNotFoundError(`no pg_dump in ${opts.pgBinDir} (BACKUP_PG_BIN_DIR / --pg-bin-dir)`, {
      hint: "point it at the bin directory of a PostgreSQL client install, or unset it to search PATH and /usr/lib/postgresql/*/bin"
    });
  }
  const dirs = opts.pgBinDir ? [opts.pgBinDir] : await candidateDirs(opts);
  const probes = await Promise.all(dirs.map((dir) => probeInstall(dir)));
  const seen = /* @__PURE__ */ new Set();
  const installs = [];
  for (const probe of probes) {
    if (!probe || seen.has(probe.real)) continue;
    seen.add(probe.real);
    const duplicate = installs.find((i) => i.version === probe.install.version);
    if (duplicate && probe.isWrapper) continue;
    if (duplicate) installs.splice(installs.indexOf(duplicate), 1);
    installs.push(probe.install);
  }
  if (opts.pgBinDir && installs.length === 0) {
    throw new BinaryNotFoundError(`pg_dump in ${opts.pgBinDir} did not report a PostgreSQL version`, {
      hint: `run \`${join(opts.pgBinDir, "pg_dump")} --version\` to see why, or point BACKUP_PG_BIN_DIR elsewhere`
    });
  }
  return installs;
}
async function probeInstall(dir) {
  const pgDump = join(dir, "pg_dump");
  if (!await isExecutable(pgDump)) return void 0;
  const real = await realpath(pgDump).catch(() => pgDump);
  if (basename(real) === "pg_wrapper") return void 0;
  const parsed = parseVersion((await runChild(pgDump, ["--version"])).stdout);
  if (!parsed) return void 0;
  const isWrapper = !await isExecutable(join(dir, "pg_restore")) || dir === "/usr/bin";
  return { install: { binDir: dir, ...parsed }, real, isWrapper };
}
function selectClientFor(serverMajor, installs, explicitDir) {
  if (installs.length === 0) {
    throw new BinaryNotFoundError("pg_dump not found in PATH or /usr/lib/postgresql/*/bin", {
      hint: "install the PostgreSQL client (Debian/Ubuntu: apt-get install postgresql-client) or set BACKUP_PG_BIN_DIR"
    });
  }
  const explicit = explicitDir ? installs.find((i) => i.binDir === explicitDir) : void 0;
  if (explicit) {
    if (explicit.major >= serverMajor) return explicit;
    throw new VersionMismatchError(
      `pg_dump ${explicit.version} in ${explicit.binDir} (BACKUP_PG_BIN_DIR / --pg-bin-dir) is older than the PostgreSQL ${serverMajor} server it must work with`,
      {
        hint: `point BACKUP_PG_BIN_DIR at a PostgreSQL ${serverMajor} or newer client, or unset it to search PATH and /usr/lib/postgresql/*/bin`
      }
    );
  }
  const same = installs.find((i) => i.major === serverMajor);
  if (same) return same;
  const newer = installs.filter((i) => i.major > serverMajor).sort((a, b) => a.major - b.major)[0];
  if (newer) return newer;
  const newest = [...installs].sort((a, b) => b.major - a.major)[0];
  throw new VersionMismatchError(
    `pg_dump ${newest.version} cannot dump a PostgreSQL ${serverMajor} server: the client must be at least as new as the server`,
    { hint: `install postgresql-client-${serverMajor} or set BACKUP_PG_BIN_DIR to its bin directory` }
  );
}
function pgToolPath(install, name) {
  return join(install.binDir, name);
}
async function requirePgTool(install, name) {
  const path = pgToolPath(install, name);
  if (!await isExecutable(path)) {
    throw new BinaryNotFoundError(`${name} not found in ${install.binDir}`, {
      hint: `install the full PostgreSQL ${install.major} client/server package`
    });
  }
  return path;
}
function pgTool(install, name) {
  return pgToolPath(install, name);
}
async function findServerBinaries() {
  const installs = await findPgBinaries();
  for (const install of [...installs].sort((a, b) => b.major - a.major)) {
    const ok = await Promise.all(
      ["initdb", "pg_ctl", "postgres"].map((p) => isExecutable(join(install.binDir, p)))
    );
    if (ok.every(Boolean)) return install;
  }
  throw new BinaryNotFoundError("no PostgreSQL server programs (initdb, pg_ctl, postgres) found", {
    hint: "install the PostgreSQL server (Debian/Ubuntu: apt-get install postgresql)"
  });
}

export {
  parseVersion,
  findPgBinaries,
  selectClientFor,
  requirePgTool,
  pgTool,
  findServerBinaries
};
