/**
 * Starts `cofre run --path=PATH -- node -e SCRIPT` as users run it: the real bin/cofre.ts (under
 * tsx) as a child process against a test server, its command a grandchild, with both output
 * streams captured.
 */
import { type ChildProcessByStdio, spawn } from "node:child_process";
import type { Readable } from "node:stream";
import { cliEntry, repoRoot } from "./child-server.js";

export interface CofreRunExit {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CofreRun {
  child: ChildProcessByStdio<null, Readable, Readable>;
  /** Resolves once stdout matches `readyOn`. */
  ready: Promise<void>;
  /** Resolves when the process has exited and its streams are closed. */
  exited: Promise<CofreRunExit>;
}

export function cofreRun(
  server: { addr: string; rootToken: string },
  secretPath: string,
  script: string,
  readyOn = /READY/,
): CofreRun {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", cliEntry, "run", `--path=${secretPath}`, "--", process.execPath, "-e", script],
    {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? "", COFRE_ADDR: server.addr, COFRE_TOKEN: server.rootToken },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  let onReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    onReady = resolve;
  });
  child.stdout.on("data", (c: Buffer) => {
    stdout += c.toString();
    if (readyOn.test(stdout)) onReady();
  });
  child.stderr.on("data", (c: Buffer) => {
    stderr += c.toString();
  });
  const exited = new Promise<CofreRunExit>((resolve) => {
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
  return { child, ready, exited };
}
