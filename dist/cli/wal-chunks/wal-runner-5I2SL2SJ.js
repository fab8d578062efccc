import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  localRootOf
} from "./chunk-ZI4K5DST.js";
import {
  redact
} from "./chunk-NT7NHDDW.js";
import {
  DbBackupError,
  ExitCode,
  InternalError,
  WalNotArchivedError,
  exitCodeFor
} from "./chunk-7VKVL3KC.js";
import "./chunk-F5XNGLJN.js";

// src/cli/wal-runner.ts
import { resolve } from "node:path";

// src/cli/render-error.ts
function renderError(error, withStack = false) {
  if (error instanceof DbBackupError) {
    return redact(`error [${error.code}]: ${error.message}${error.hint ? `
hint: ${error.hint}` : ""}`);
  }
  const message = error instanceof Error ? error.message : String(error);
  const stack = withStack && error instanceof Error && error.stack ? `
${error.stack}` : "";
  return redact(`error [INTERNAL]: ${message}
hint: ${InternalError.defaultHint}${stack}`);
}

// src/cli/wal-runner.ts
var WAL_COMMANDS = ["wal-push", "wal-fetch"];
var VALUE_OPTIONS = /* @__PURE__ */ new Set([
  "--storage",
  "--config",
  "--log-level",
  "--pgdata",
  "--prefetch",
  "--parallel",
  "-h",
  "--host",
  "-p",
  "--port",
  "-U",
  "--user",
  "--pg-bin-dir"
]);
function parseWalArgs(argv) {
  const positional = [];
  const options = /* @__PURE__ */ new Map();
  const flags = /* @__PURE__ */ new Set();
  const args = argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    if (eq > 0) options.set(arg.slice(0, eq), arg.slice(eq + 1));
    else if (VALUE_OPTIONS.has(arg)) options.set(arg, args[++i] ?? "");
    else if (arg.startsWith("-") && arg.length > 1) flags.add(arg);
    else positional.push(arg);
  }
  const command = positional.shift();
  if (!WAL_COMMANDS.includes(command)) return void 0;
  return { command, positional, options, flags };
}
function stderrLogger(stderr, level) {
  const order = ["debug", "info", "warn", "error", "silent"];
  const at = (l) => (message) => {
    if (order.indexOf(l) >= order.indexOf(level)) stderr.write(`db-backup: ${redact(message)}
`);
  };
  return { debug: at("debug"), info: at("info"), warn: at("warn") };
}
async function runWalCommand(parsed, env = process.env, stderr = process.stderr) {
  try {
    if (parsed.command === "wal-push" && parsed.positional.length === 1 && !parsed.options.has("--config")) {
      const root = localRepositoryRoot(parsed.options.get("--storage"), env);
      if (root) {
        const { confirmPushedAheadLocally } = await import("./pushed-ahead-5GTH245O.js");
        const pgdata2 = parsed.options.get("--pgdata") ?? env.PGDATA ?? process.cwd();
        if (await confirmPushedAheadLocally(pgdata2, parsed.positional[0], root)) return ExitCode.ok;
      }
    }
    if (parsed.command === "wal-fetch" && parsed.positional.length === 2) {
      const { takePrefetched } = await import("./prefetch-cache-DS7YG3TA.js");
      const pgdata2 = parsed.options.get("--pgdata") ?? env.PGDATA ?? process.cwd();
      if (await takePrefetched(pgdata2, parsed.positional[0], parsed.positional[1])) return ExitCode.ok;
    }
    (await import("./schema-runtime-NY5S3LNK.js")).useInterpretedSchemas();
    const { loadConfig } = await import("./load-config-RNBWA6YJ.js");
    const { openConfiguredStorage } = await import("./open-storage-WYHBOTEB.js");
    const { resolveEncryption } = await import("./encryption-TXUFMS5Z.js");
    const o = parsed.options;
    const flags = {};
    if (o.has("--storage")) flags.storage = o.get("--storage");
    if (o.has("--log-level")) flags.logLevel = o.get("--log-level");
    if (parsed.flags.has("-q") || parsed.flags.has("--quiet")) flags.logLevel = "warn";
    const config = loadConfig({
      env,
      flags,
      ...o.has("--config") ? { configFile: o.get("--config") } : {}
    });
    const log = stderrLogger(stderr, config.logLevel);
    const storage = openConfiguredStorage(config);
    const encryption = resolveEncryption(config);
    const pgdata = o.get("--pgdata") ?? env.PGDATA ?? process.cwd();
    if (parsed.command === "wal-push") {
      const [path] = parsed.positional;
      if (!path || parsed.positional.length > 1)
        return usage(stderr, "wal-push needs exactly one argument: %p");
      const { walPush } = await import("./wal-push-MZJGQSK5.js");
      const outcome = await walPush({
        storage,
        path,
        pgdata,
        log,
        encryption,
        ...o.has("--parallel") ? { parallel: Number(o.get("--parallel")) } : {}
      });
      const r = outcome.requested;
      if (r.status === "already-archived")
        log.info(`${r.name} was already archived (identical copy): nothing to do`);
      else if (r.status === "stored") log.debug(`${r.name} archived (${r.rawSize} -> ${r.storedSize} bytes)`);
      if (outcome.alsoPushed.length)
        log.debug(`also pushed ${outcome.alsoPushed.length} ready file(s) ahead`);
      for (const f of outcome.earlyFailures)
        log.warn(`could not push ${f.name} ahead (PostgreSQL retries it): ${f.error}`);
      return ExitCode.ok;
    }
    const [name, destination] = parsed.positional;
    if (!name || !destination || parsed.positional.length > 2)
      return usage(stderr, "wal-fetch needs exactly two arguments: %f %p");
    const { walFetch } = await import("./wal-fetch-CRGT6TEU.js");
    await walFetch({
      storage,
      name,
      destination,
      pgdata,
      log,
      keys: encryption.keys,
      ...o.has("--prefetch") ? { prefetch: Number(o.get("--prefetch")) } : {}
    });
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof WalNotArchivedError) {
      if (!parsed.flags.has("-q")) stderr.write(`db-backup: ${redact(error.message)}
`);
      return 1;
    }
    stderr.write(
      `${renderError(error, parsed.options.get("--log-level") === "debug" || env.BACKUP_LOG_LEVEL === "debug")}
`
    );
    const code = exitCodeFor(error);
    return parsed.command === "wal-fetch" ? Math.min(125, Math.max(2, code)) : code;
  }
}
function localRepositoryRoot(flag, env) {
  const others = ["BACKUP_STORAGE_FILE", "BACKUP_PROVIDER", "BACKUP_DESTINATION"].some((n) => env[n]);
  const location = flag ?? (others ? void 0 : env.BACKUP_STORAGE);
  if (!location) return void 0;
  const root = localRootOf(location);
  if (root) return root;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) return void 0;
  return resolve(process.cwd(), location);
}
function usage(stderr, message) {
  stderr.write(`db-backup: ${message}
`);
  return ExitCode.usage;
}
function exitOnSignals() {
  for (const signal of ["SIGINT", "SIGHUP", "SIGTERM", "SIGPIPE"]) {
    process.on(signal, () => process.exit(2));
  }
}
export {
  WAL_COMMANDS,
  exitOnSignals,
  parseWalArgs,
  runWalCommand
};
