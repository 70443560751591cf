import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { InvalidRequestError } from "../errors.js";
import { gitOutput } from "./sources/git.js";

export const HOOK_MARKER = "installed by `cofre scan install-hook`";

export interface HookOptions {
  /** A directory inside the repository. */
  repo: string;
  /** The command that runs cofre (argv); default: the way this process was started. */
  command?: readonly string[];
  /** Replace a pre-commit hook cofre did not write (the old one is kept as pre-commit.bak). */
  force?: boolean;
}

export interface HookResult {
  path: string;
  /** Where a foreign hook was moved, if one was. */
  backup?: string;
}

function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * The command the hook runs: node and the staged-scan entry next to this module (hook-main.ts
 * with the tsx loader when run from source, hook-main.js when built). It is `cofre scan --staged`
 * without the rest of the CLI, so commits are not slowed by loading the server's modules.
 */
export function currentCofreCommand(): string[] {
  const fromSource = import.meta.url.endsWith(".ts");
  const entry = fileURLToPath(new URL(fromSource ? "./hook-main.ts" : "./hook-main.js", import.meta.url));
  return fromSource
    ? [process.execPath, "--import", import.meta.resolve("tsx"), entry]
    : [process.execPath, entry];
}

export function hookScript(command: readonly string[]): string {
  return [
    "#!/bin/sh",
    `# cofre secret scan: ${HOOK_MARKER}.`,
    "# Runs `cofre scan --staged`: stops the commit when a staged change holds a secret.",
    "# Accept a finding with a `cofre:allow` comment on its line, or a baseline (see docs/scanning.md).",
    `exec ${command.map(shellQuote).join(" ")}`,
    "",
  ].join("\n");
}

/** Writes `.git/hooks/pre-commit` (or core.hooksPath's) that runs `cofre scan --staged`. */
export async function installHook(options: HookOptions): Promise<HookResult> {
  let hooksDir: string;
  try {
    hooksDir = path.resolve(
      options.repo,
      await gitOutput(options.repo, ["rev-parse", "--git-path", "hooks"]),
    );
  } catch {
    throw new InvalidRequestError(`not a git repository: ${options.repo}`);
  }
  mkdirSync(hooksDir, { recursive: true });
  const hook = path.join(hooksDir, "pre-commit");
  let backup: string | undefined;
  if (existsSync(hook) && !readFileSync(hook, "utf8").includes(HOOK_MARKER)) {
    if (!options.force) {
      throw new InvalidRequestError(
        `${hook} exists and was not written by cofre; use --force to replace it (it is kept as pre-commit.bak)`,
      );
    }
    backup = `${hook}.bak`;
    renameSync(hook, backup);
  }
  writeFileSync(hook, hookScript(options.command ?? currentCofreCommand()), { mode: 0o755 });
  return { path: hook, ...(backup ? { backup } : {}) };
}
