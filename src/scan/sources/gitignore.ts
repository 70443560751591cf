/**
 * .gitignore patterns (gitignore(5)): blank lines and `#` comments skipped, `!` re-includes,
 * a trailing `/` matches directories only, a `/` at the start or middle anchors the pattern to the
 * file's directory, otherwise it matches at any depth; `*`, `?`, `[...]` and `**` globbing;
 * backslash escapes; unescaped trailing spaces dropped. The last matching pattern wins.
 */
interface Rule {
  regex: RegExp;
  negate: boolean;
  dirOnly: boolean;
}

function globToRegex(glob: string): string {
  let out = "";
  let i = 0;
  while (i < glob.length) {
    const c = glob[i];
    if (c === "*") {
      if (glob[i + 1] === "*") {
        const atStart = i === 0 || glob[i - 1] === "/";
        const atEnd = i + 2 === glob.length || glob[i + 2] === "/";
        if (atStart && atEnd) {
          if (i + 2 === glob.length) out += ".*";
          else out += "(?:[^/]*/)*";
          i += glob[i + 2] === "/" ? 3 : 2;
          continue;
        }
        out += "[^/]*";
        i += 2;
        continue;
      }
      out += "[^/]*";
    } else if (c === "?") {
      out += "[^/]";
    } else if (c === "[") {
      const end = glob.indexOf("]", i + 2);
      if (end === -1) {
        out += "\\[";
      } else {
        let body = glob.slice(i + 1, end);
        if (body.startsWith("!")) body = `^${body.slice(1)}`;
        out += `[${body.replace(/\\/g, "\\\\")}]`;
        i = end;
      }
    } else if (c === "\\" && i + 1 < glob.length) {
      out += glob[i + 1].replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
      i++;
    } else {
      out += c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    }
    i++;
  }
  return out;
}

function parseLine(raw: string): Rule | null {
  let line = raw.replace(/\r$/, "");
  if (line === "" || line.startsWith("#")) return null;
  line = line.replace(/(?<!\\)\s+$/, "");
  let negate = false;
  if (line.startsWith("!")) {
    negate = true;
    line = line.slice(1);
  } else if (line.startsWith("\\!") || line.startsWith("\\#")) {
    line = line.slice(1);
  }
  let dirOnly = false;
  if (line.endsWith("/")) {
    dirOnly = true;
    line = line.slice(0, -1);
  }
  if (line === "") return null;
  const anchored = line.includes("/");
  if (line.startsWith("/")) line = line.slice(1);
  const body = globToRegex(line);
  const regex = new RegExp(anchored ? `^${body}$` : `(?:^|/)${body}$`);
  return { regex, negate, dirOnly };
}

/** The patterns of one ignore file, relative to the directory holding it. */
export class IgnoreFile {
  private readonly rules: Rule[];

  constructor(text: string) {
    this.rules = text
      .split("\n")
      .map(parseLine)
      .filter((r): r is Rule => r !== null);
  }

  get empty(): boolean {
    return this.rules.length === 0;
  }

  /** true: ignored, false: re-included, undefined: no pattern speaks of this path. */
  decide(relativePath: string, isDir: boolean): boolean | undefined {
    for (let i = this.rules.length - 1; i >= 0; i--) {
      const r = this.rules[i];
      if (r.dirOnly && !isDir) continue;
      if (r.regex.test(relativePath)) return !r.negate;
    }
    return undefined;
  }
}

/**
 * A stack of ignore files from the repository top down; deeper files override shallower ones.
 * Files inside the scanned root have a `base` (their directory relative to the root, ending in
 * "/", or ""); files above the root have a `prefix` (the root's path relative to them, ending in "/").
 */
export interface IgnoreLayer {
  base: string;
  prefix: string;
  file: IgnoreFile;
}

export function isIgnored(layers: readonly IgnoreLayer[], relativePath: string, isDir: boolean): boolean {
  for (let i = layers.length - 1; i >= 0; i--) {
    const { base, prefix, file } = layers[i];
    if (!relativePath.startsWith(base)) continue;
    const decision = file.decide(prefix + relativePath.slice(base.length), isDir);
    if (decision !== undefined) return decision;
  }
  return false;
}
