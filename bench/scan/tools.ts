import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Finding the baselines and building cofre; the bench installs nothing. */
export function ripgrepVersion(): string | null {
  const r = spawnSync("rg", ["--version"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.split("\n")[0] : null;
}

export function secretlintVersion(root: string): string | null {
  const pkg = path.join(root, "node_modules", "secretlint", "package.json");
  const preset = path.join(
    root,
    "node_modules",
    "@secretlint",
    "secretlint-rule-preset-recommend",
    "package.json",
  );
  if (!existsSync(pkg) || !existsSync(preset)) return null;
  return `secretlint ${JSON.parse(readFileSync(pkg, "utf8")).version}`;
}

/**
 * Compiles the project with its own tsc into `dir` (as `npm run build` does into dist/), so
 * cofre is measured as users run it once installed. Returns the CLI entry, or null on failure.
 */
export function buildCofre(root: string, dir: string): string | null {
  mkdirSync(dir, { recursive: true });
  const tsc = path.join(root, "node_modules", ".bin", "tsc");
  const r = spawnSync(
    tsc,
    ["-p", path.join(root, "tsconfig.build.json"), "--outDir", path.join(dir, "dist")],
    {
      cwd: root,
      encoding: "utf8",
    },
  );
  const entry = path.join(dir, "dist", "bin", "cofre.js");
  if (!existsSync(entry)) {
    process.stderr.write(`build failed (tsc exit ${r.status}); measuring from source only\n`);
    return null;
  }
  writeFileSync(path.join(dir, "package.json"), '{"type":"module"}\n');
  if (!existsSync(path.join(dir, "node_modules")))
    symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"));
  return entry;
}
