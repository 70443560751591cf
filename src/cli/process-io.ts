import { homedir } from "node:os";
import type { CliIo } from "./io.js";

/** The real process's io, for bin/cofre.ts. */
export function processIo(): CliIo {
  return {
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    homeDir: homedir(),
    cwd: process.cwd(),
  };
}
