#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  exitOnSignals,
  parseWalArgs,
  runWalCommand
} from "../chunks/chunk-LXRKGRP7.js";
import "../chunks/chunk-XSSEYECF.js";
import "../chunks/chunk-22ZERCK6.js";
import "../chunks/chunk-6DG7BXTN.js";

// src/cli/wal.ts
var parsed = parseWalArgs(process.argv);
if (!parsed) {
  process.stderr.write("usage: wal.js wal-push %p | wal-fetch %f %p  [--storage LOCATION] [--config FILE]\n");
  process.exitCode = 2;
} else {
  if (parsed.command === "wal-fetch") exitOnSignals();
  process.exitCode = await runWalCommand(parsed);
}
