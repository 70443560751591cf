import { type Dirent, existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { skipByName } from "../files/classify.js";
import { IgnoreFile, type IgnoreLayer, isIgnored } from "./gitignore.js";

/** A file the walker found worth reading. */
export interface FoundFile {
  abs: string;
  /** Relative to the scan root, with forward slashes. */
  rel: string;
}

export interface WalkOptions {
  /** Honour .gitignore files (and .git/info/exclude); default true. */
  gitignore: boolean;
  /** Lowercase extensions without dot to skip. */
  excludeExtensions: readonly string[];
  /** Skip a file outright (path allowlists). */
  skipPath?: (rel: string) => boolean;
  /** Counts files skipped by name: binaries and generated files. */
  onSkip?: (reason: "binary" | "generated") => void;
}

function readIgnore(file: string): IgnoreFile | null {
  try {
    const parsed = new IgnoreFile(readFileSync(file, "utf8"));
    return parsed.empty ? null : parsed;
  } catch {
    return null;
  }
}

/** Ignore files above the root, from the repository top (the directory holding .git) down. */
function ancestorLayers(root: string): IgnoreLayer[] {
  const chain: string[] = [];
  let dir = root;
  for (;;) {
    if (existsSync(path.join(dir, ".git"))) break;
    const parent = path.dirname(dir);
    if (parent === dir) return [];
    dir = parent;
    chain.push(dir);
  }
  if (chain.length === 0) {
    const exclude = readIgnore(path.join(root, ".git", "info", "exclude"));
    return exclude ? [{ base: "", prefix: "", file: exclude }] : [];
  }
  const layers: IgnoreLayer[] = [];
  const top = chain[chain.length - 1];
  const exclude = readIgnore(path.join(top, ".git", "info", "exclude"));
  for (const ancestor of [top, ...chain.slice(0, -1).reverse()]) {
    const prefix = `${path.relative(ancestor, root).split(path.sep).join("/")}/`;
    if (ancestor === top && exclude) layers.push({ base: "", prefix, file: exclude });
    const file = readIgnore(path.join(ancestor, ".gitignore"));
    if (file) layers.push({ base: "", prefix, file });
  }
  return layers;
}

/**
 * Walks a directory tree depth-first without following symlinks, skipping `.git`, ignored paths,
 * binaries and generated files by name. Lazy: memory holds the directory stack, not the tree.
 */
export function* walkFiles(root: string, options: WalkOptions): Generator<FoundFile> {
  const rootLayers = options.gitignore ? ancestorLayers(root) : [];
  const excluded = new Set(options.excludeExtensions);
  const stack: Array<{ abs: string; rel: string; layers: IgnoreLayer[] }> = [
    { abs: root, rel: "", layers: rootLayers },
  ];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir.abs, { withFileTypes: true });
    } catch {
      continue;
    }
    let layers = dir.layers;
    if (options.gitignore && entries.some((e) => e.name === ".gitignore" && e.isFile())) {
      const file = readIgnore(path.join(dir.abs, ".gitignore"));
      if (file) layers = [...layers, { base: dir.rel, prefix: "", file }];
    }
    const subdirs: typeof stack = [];
    for (const entry of entries) {
      const rel = `${dir.rel}${entry.name}`;
      if (entry.isDirectory()) {
        if (entry.name === ".git") continue;
        if (options.gitignore && isIgnored(layers, rel, true)) continue;
        subdirs.push({ abs: path.join(dir.abs, entry.name), rel: `${rel}/`, layers });
        continue;
      }
      if (!entry.isFile()) continue;
      if (options.gitignore && isIgnored(layers, rel, false)) continue;
      const dot = entry.name.lastIndexOf(".");
      if (dot > 0 && excluded.has(entry.name.slice(dot + 1).toLowerCase())) continue;
      const reason = skipByName(rel);
      if (reason !== null) {
        options.onSkip?.(reason);
        continue;
      }
      if (options.skipPath?.(rel)) continue;
      yield { abs: path.join(dir.abs, entry.name), rel };
    }
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]);
  }
}
