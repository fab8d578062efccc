import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  findExecutable
} from "./chunk-PIVGSPXT.js";
import {
  BinaryNotFoundError
} from "./chunk-HSU6VSP5.js";

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

export {
  isRoot,
  shellQuote,
  asServerUser
};
