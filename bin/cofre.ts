#!/usr/bin/env node
import { processIo } from "../src/cli/process-io.js";
import { runCli } from "../src/cli/run.js";

export { normaliseArgs } from "../src/cli/args.js";

const code = await runCli(process.argv.slice(2), processIo());
// A long-running command (`server`) keeps the process alive on its own; a command that set
// process.exitCode itself keeps it unless this run failed.
if (code !== 0 || process.exitCode === undefined) process.exitCode = code;
