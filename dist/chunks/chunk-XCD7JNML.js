import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  PUSHED_DIR
} from "./chunk-WJL2A72O.js";
import {
  shellQuote
} from "./chunk-XFV7CHGX.js";
import {
  localRootOf
} from "./chunk-IHOISL7K.js";

// src/core/wal/archive-command.ts
var word = (path) => shellQuote(path.replace(/%/g, "%%"));
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
  archiveCommand,
  archiveCommandSetting
};
