import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  PUSHED_DIR
} from "./chunk-75RM67K4.js";
import {
  findExecutable
} from "./chunk-PIVGSPXT.js";
import {
  BinaryNotFoundError
} from "./chunk-HSU6VSP5.js";

// src/core/map-limited.ts
async function mapLimited(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

// src/core/postgres/server-user.ts
var isRoot = () => process.getuid?.() === 0;
var shellQuote = (s) => `'${s.replace(/'/g, `'\\''`)}'`;
async function asServerUser(program, args) {
  if (!isRoot()) return [program, args];
  const runuser = await findExecutable("runuser", ["/usr/sbin", "/sbin"]);
  if (!runuser) {
    throw new BinaryNotFoundError(
      "runuser not found: as root, PostgreSQL server programs run as the postgres user",
      {
        hint: "install util-linux (it ships runuser in /usr/sbin), or run db-backup as the postgres user"
      }
    );
  }
  return [runuser, ["-u", "postgres", "--", program, ...args]];
}

// src/core/wal/archive-command.ts
var word = (path) => shellQuote(path.replace(/%/g, "%%"));
function localRootOf(location) {
  return location.startsWith("file:///") ? location.slice("file://".length) : void 0;
}
function archiveCommand(entry, location, options = {}) {
  const root = localRootOf(location);
  const { envPrefix = [], configFile } = options;
  const node = [
    ...envPrefix.length ? ["env", ...envPrefix] : [],
    word(entry.node),
    word(entry.script),
    "wal-push %p",
    ...configFile ? ["--config", word(configFile)] : [],
    "--storage",
    word(root ?? location)
  ].join(" ");
  if (!root) return node;
  const objects = [".zst", ".zst.age"].map((ext) => `${word(root)}/wal/*/*/%f${ext}`).join(" ");
  return [
    `d=${PUSHED_DIR}/%f;`,
    // a constant relative path of plain characters (archive_command runs in PGDATA)
    `for o in ${objects}; do`,
    '[ -s "$o" ] && [ "$o" -ef "$d.obj" ] && [ "$d.seg" -ef %p ] && rm -f "$d.seg" "$d.obj" "$d" && exit 0;',
    "done;",
    `exec ${node}`
  ].join(" ");
}
function archiveCommandSetting(command) {
  return `archive_command = '${command.replace(/'/g, "''")}'`;
}

export {
  mapLimited,
  isRoot,
  shellQuote,
  asServerUser,
  localRootOf,
  archiveCommand,
  archiveCommandSetting
};
