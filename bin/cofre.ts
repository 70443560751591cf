#!/usr/bin/env node
import { buildProgram } from "../src/cli/program.js";

/** Rewrites Vault's single-dash long flags (`-config=x`, `-dev`) to commander's double dash. */
export function normaliseArgs(argv: string[]): string[] {
  const end = argv.indexOf("--");
  return argv.map((a, i) => ((end === -1 || i < end) && /^-[a-z][a-z0-9-]+(=.*)?$/.test(a) ? `-${a}` : a));
}

const program = await buildProgram();
try {
  await program.parseAsync(normaliseArgs(process.argv.slice(2)), { from: "user" });
} catch (err) {
  process.stderr.write(`Error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 2;
}
