import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  createContext
} from "./chunk-A7FCWL25.js";
import "./chunk-MFNMZBWJ.js";
import "./chunk-W5R3POQJ.js";
import "./chunk-GSBKU3UE.js";
import "./chunk-UYDPGYXI.js";
import "./chunk-IHOISL7K.js";
import "./chunk-LQZTC7L6.js";
import "./chunk-QZLWGHDA.js";
import {
  resolveEncryption
} from "./chunk-WRH3XVOP.js";
import "./chunk-I6YLN742.js";
import "./chunk-PRSUU2LU.js";
import "./chunk-WPFTMBHG.js";
import "./chunk-N43V73L3.js";
import "./chunk-XSSEYECF.js";
import {
  UsageError
} from "./chunk-HSU6VSP5.js";
import "./chunk-TOYXLD7G.js";
import "./chunk-6DG7BXTN.js";

// src/cli/commands/restore-pitr.ts
async function runPitr(flags, command) {
  const [{ publicRepositorySettings, restorePitr }, { parsePitrTarget }, { walEntryCommand }] = await Promise.all([
    import("./pitr-4ZNZOIBE.js"),
    import("./pitr-plan-6NHNHCTO.js"),
    import("./wal-entry-CETV77FE.js")
  ]);
  if (!flags.pgdata) throw new UsageError("--pitr needs --pgdata DIR (a new, empty data directory)");
  if (flags.target !== void 0 && flags.target !== "immediate")
    throw new UsageError(`--target ${JSON.stringify(flags.target)}: only \`immediate\` is supported`);
  const action = flags.targetAction ?? "promote";
  if (!["promote", "pause", "shutdown"].includes(action))
    throw new UsageError(`--target-action ${JSON.stringify(action)}: use promote, pause or shutdown`);
  const target = parsePitrTarget({
    time: flags.targetTime,
    lsn: flags.targetLsn,
    xid: flags.targetXid,
    name: flags.targetName,
    immediate: flags.target === "immediate" ? true : void 0
  });
  const serverSettings = {};
  for (const pair of flags.serverSetting ?? []) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new UsageError(`--server-setting ${JSON.stringify(pair)}: use key=value`);
    serverSettings[pair.slice(0, eq).trim()] = pair.slice(eq + 1);
  }
  const ctx = createContext(command.optsWithGlobals());
  const outcome = await restorePitr({
    storage: ctx.storage,
    repositoryConfig: publicRepositorySettings(ctx.config),
    pgdata: flags.pgdata,
    target,
    action,
    ...flags.targetTimeline ? { timeline: flags.targetTimeline } : {},
    ...flags.backup ? { backupId: flags.backup } : {},
    walCommand: walEntryCommand(),
    serverSettings,
    start: flags.start === true,
    ...ctx.config.pgBinDir ? { pgBinDir: ctx.config.pgBinDir } : {},
    keys: resolveEncryption(ctx.config).keys,
    log: ctx.out.logger
  });
  ctx.out.result(outcome);
  ctx.out.line(
    `restored base backup ${outcome.backupId} into ${outcome.pgdata}, recovery target: ${outcome.target}`
  );
  ctx.out.line(
    outcome.recovery ? `  recovery ${outcome.recovery} at the target in ${(outcome.durationMs / 1e3).toFixed(1)}s` : "  start the server (pg_ctl start -D DIR) to replay WAL up to the target; credentials for the repository come from its environment"
  );
}
export {
  runPitr
};
