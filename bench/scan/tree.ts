import { type Dirent, lstatSync, readdirSync } from "node:fs";
import path from "node:path";

/** What every tool is measured against: all regular files of the tree, symlinks not followed. */
export interface TreeStats {
  files: number;
  bytes: number;
  /** Top-level entries (scoped packages expanded) with their file counts, for batching. */
  units: Array<{ pattern: string; files: number }>;
}

function count(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  const stack = [dir];
  while (stack.length > 0) {
    const current = stack.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const p = path.join(current, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (e.isFile()) {
        files++;
        bytes += lstatSync(p).size;
      }
    }
  }
  return { files, bytes };
}

export function treeStats(root: string): TreeStats {
  const units: TreeStats["units"] = [];
  let files = 0;
  let bytes = 0;
  const add = (rel: string, entry: Dirent, base: string) => {
    const abs = path.join(base, entry.name);
    if (entry.isFile()) {
      units.push({ pattern: rel, files: 1 });
      files++;
      bytes += lstatSync(abs).size;
    } else if (entry.isDirectory()) {
      const c = count(abs);
      units.push({ pattern: `${rel}/**/*`, files: c.files });
      files += c.files;
      bytes += c.bytes;
    }
  };
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name.startsWith("@")) {
      const scope = path.join(root, entry.name);
      for (const inner of readdirSync(scope, { withFileTypes: true }))
        add(`${entry.name}/${inner.name}`, inner, scope);
    } else {
      add(entry.name, entry, root);
    }
  }
  return { files, bytes, units };
}

/** Groups units into batches of at most `limit` files (a bigger unit is a batch of its own). */
export function batches(units: TreeStats["units"], limit: number): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  let size = 0;
  for (const u of units) {
    if (size + u.files > limit && current.length > 0) {
      out.push(current);
      current = [];
      size = 0;
    }
    current.push(u.pattern);
    size += u.files;
  }
  if (current.length > 0) out.push(current);
  return out;
}
