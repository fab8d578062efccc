import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  resolveConnection
} from "./chunk-MFNMZBWJ.js";
import {
  openConfiguredStorage
} from "./chunk-W5R3POQJ.js";
import {
  configWarnings,
  loadConfig
} from "./chunk-PRSUU2LU.js";
import {
  redact
} from "./chunk-XSSEYECF.js";
import {
  InterruptedError
} from "./chunk-HSU6VSP5.js";

// src/cli/interrupt.ts
var current;
function commandSignal() {
  return current ?? new AbortController().signal;
}
function listenForInterrupts(stderr = process.stderr) {
  const controller = new AbortController();
  const handler = (signal) => {
    if (controller.signal.aborted) {
      stderr.write(`${signal} again: exiting without waiting for cleanup
`);
      process.exit(signal === "SIGINT" ? 130 : 143);
    }
    stderr.write(`${signal}: stopping, cleaning up (send it again to exit at once)
`);
    controller.abort(new InterruptedError(`interrupted by ${signal}; nothing partial was kept`, { signal }));
  };
  const onInt = () => handler("SIGINT");
  const onTerm = () => handler("SIGTERM");
  process.on("SIGINT", onInt);
  process.on("SIGTERM", onTerm);
  current = controller.signal;
  return {
    signal: controller.signal,
    dispose() {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      current = void 0;
    }
  };
}

// src/cli/output.ts
var LEVELS = ["debug", "info", "warn", "error", "silent"];
function createOutput(options) {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const threshold = LEVELS.indexOf(options.logLevel);
  const log = (level) => (message) => {
    if (LEVELS.indexOf(level) >= threshold) stderr.write(`${redact(message)}
`);
  };
  return {
    json: options.json,
    line(text = "") {
      if (!options.json) stdout.write(`${redact(text)}
`);
    },
    result(value) {
      if (options.json) stdout.write(`${redact(JSON.stringify(value, null, 2))}
`);
    },
    error(text) {
      stderr.write(`${redact(text)}
`);
    },
    logger: { debug: log("debug"), info: log("info"), warn: log("warn") }
  };
}
function formatBytes(bytes) {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const render = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
  return [render(headers), ...rows.map(render)].join("\n");
}
function formatMinutes(minutes) {
  if (minutes === null || minutes === void 0) return "n/a";
  return String(Math.round(minutes * 100) / 100);
}

// src/cli/progress.ts
var active;
function finishProgress() {
  active?.finish();
}
function createProgressRenderer(options) {
  const now = options.now ?? Date.now;
  const started = now();
  const tty = options.stream.isTTY === true;
  const interval = options.intervalMs ?? (tty ? 250 : 1e4);
  let phase = "";
  let phaseStarted = started;
  let bytes = 0;
  let total;
  let table2 = "";
  let lastDraw = 0;
  let drawn = false;
  const describe = () => {
    const seconds = (now() - phaseStarted) / 1e3;
    const rate = seconds > 0.5 && bytes > 0 ? `, ${formatBytes(bytes / seconds)}/s` : "";
    const amount = bytes > 0 ? ` ${formatBytes(bytes)}${total ? ` of ${formatBytes(total)}` : ""}${rate}` : "";
    const current2 = table2 ? `, table ${table2}` : "";
    return redact(`${phase}${amount}${current2} (${Math.round((now() - started) / 1e3)}s)`);
  };
  const draw = (force = false) => {
    if (!options.enabled || !phase) return;
    const t = now();
    if (!force && t - lastDraw < interval) return;
    lastDraw = t;
    if (tty) {
      options.stream.write(`\r\x1B[K${describe().slice(0, 200)}`);
      drawn = true;
    } else {
      options.stream.write(`progress: ${describe()}
`);
    }
  };
  const listener = (event) => {
    if (event.type === "phase") {
      phase = event.phase;
      phaseStarted = now();
      bytes = 0;
      total = void 0;
      table2 = "";
      draw(tty);
    } else if (event.type === "bytes") {
      bytes = event.bytes;
      total = event.totalBytes;
      draw();
    } else {
      table2 = event.table;
      draw();
    }
  };
  const renderer = {
    listener,
    finish() {
      if (tty && drawn) options.stream.write("\r\x1B[K");
      drawn = false;
    }
  };
  active = renderer;
  return renderer;
}

// src/cli/context.ts
function intFlag(value) {
  return /^\d+$/.test(value) ? Number(value) : value;
}
function globalFlagsToConfig(options) {
  const connection = {};
  if (options.host) connection.host = options.host;
  if (options.port) connection.port = intFlag(options.port);
  if (options.user) connection.user = options.user;
  const input = {};
  if (options.storage) input.storage = options.storage;
  if (Object.keys(connection).length > 0) input.connection = connection;
  if (options.pgBinDir) input.pgBinDir = options.pgBinDir;
  if (options.logLevel) input.logLevel = options.logLevel;
  if (options.quiet) input.logLevel = "warn";
  return input;
}
function mergeInputs(a, b) {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] = v && typeof v === "object" && !Array.isArray(v) && prev && typeof prev === "object" ? mergeInputs(prev, v) : v;
  }
  return out;
}
function createContext(globals, flags = {}, env = process.env) {
  const config = loadConfig({
    env,
    flags: mergeInputs(
      globalFlagsToConfig(globals),
      flags
    ),
    ...globals.config ? { configFile: globals.config } : {}
  });
  const out = createOutput({ json: globals.json === true, logLevel: config.logLevel });
  for (const warning of configWarnings(env)) out.logger.warn(`warning: ${warning}`);
  const interval = Number(env.BACKUP_PROGRESS_INTERVAL_MS);
  const progress = createProgressRenderer({
    stream: process.stderr,
    enabled: config.logLevel === "info" || config.logLevel === "debug",
    ...Number.isFinite(interval) && interval >= 0 ? { intervalMs: interval } : {}
  });
  return {
    progress,
    signal: commandSignal(),
    config,
    storage: openConfiguredStorage(config),
    out,
    connection: () => resolveConnection(config.connection)
  };
}

export {
  listenForInterrupts,
  formatBytes,
  table,
  formatMinutes,
  finishProgress,
  intFlag,
  createContext
};
