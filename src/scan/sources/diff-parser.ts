import { utf8 } from "../engine/text.js";
import { CHUNK_OVERLAP, CHUNK_SIZE } from "../files/chunker.js";
import type { CommitInfo, ScanDocument } from "../types.js";

/** Marks a commit header in `git log --format`; never the first byte of a diff line. */
export const COMMIT_MARK = "\x01cofre-commit";
/** The --format for `git log` that DiffParser reads: mark, hash, author, e-mail, ISO date, subject. */
export const GIT_LOG_FORMAT = "%x01cofre-commit%x1f%H%x1f%an%x1f%ae%x1f%aI%x1f%s";

export interface DiffParserOptions {
  /** Receives the added lines of each file, in documents of bounded size. */
  emit: (doc: ScanDocument) => void;
  /** Called once per commit header. */
  onCommit?: (commit: CommitInfo) => void;
  /** Files whose path returns true are not collected (lock files, allowlisted paths, ...). */
  skipPath?: (path: string) => boolean;
  chunkSize?: number;
  overlap?: number;
}

/** Unquotes git's C-style quoted paths ("a\tb", "\303\251"); the result is a byte string. */
export function unquoteGitPath(raw: string): string {
  if (!raw.startsWith('"') || !raw.endsWith('"')) return raw;
  const body = raw.slice(1, -1);
  const escapes: Record<string, string> = {
    n: "\n",
    t: "\t",
    r: "\r",
    '"': '"',
    "\\": "\\",
    a: "\x07",
    b: "\b",
    f: "\f",
    v: "\v",
  };
  return body.replace(/\\([0-7]{3}|.)/g, (_, e: string) =>
    e.length === 3 ? String.fromCharCode(Number.parseInt(e, 8)) : (escapes[e] ?? e),
  );
}

/**
 * Reads `git log -p -U0` / `git diff -p -U0` output line by line (byte strings) and emits, for
 * each file of each commit, the added lines with their line numbers in the new file. Hunk line
 * counts are tracked, so an added line that itself starts with "+++" or "diff --git" is content.
 * A very large file diff is emitted in overlapping pieces as it streams, never held whole.
 */
export class DiffParser {
  private commit: CommitInfo | undefined;
  private path: string | null = null;
  private skipping = false;
  private inHunk = false;
  private oldLeft = 0;
  private newLeft = 0;
  private newLine = 0;
  private lines: string[] = [];
  private numbers: number[] = [];
  private bytes = 0;
  private carried = 0;
  private readonly chunkSize: number;
  private readonly overlap: number;

  constructor(private readonly options: DiffParserOptions) {
    this.chunkSize = options.chunkSize ?? CHUNK_SIZE;
    this.overlap = options.overlap ?? Math.min(CHUNK_OVERLAP, Math.floor(this.chunkSize / 2));
  }

  line(text: string): void {
    if (this.inHunk) {
      const c = text.charCodeAt(0);
      if (c === 43 /* + */) {
        this.added(text.slice(1));
        this.newLeft--;
      } else if (c === 45 /* - */) {
        this.oldLeft--;
      } else if (c === 32 /* space */) {
        this.newLine++;
        this.oldLeft--;
        this.newLeft--;
      } else if (c === 92 /* \ No newline */) {
        return;
      }
      if (this.oldLeft <= 0 && this.newLeft <= 0) this.inHunk = false;
      return;
    }
    if (text.startsWith(COMMIT_MARK)) {
      this.flushFile();
      const [, commit, author, email, date, message] = text.split("\x1f");
      this.commit = {
        commit,
        author: utf8(author ?? ""),
        email: utf8(email ?? ""),
        date: date ?? "",
        message: utf8(message ?? ""),
      };
      this.options.onCommit?.(this.commit);
    } else if (text.startsWith("diff --git ") || text.startsWith("diff --cc ")) {
      this.flushFile();
      this.path = null;
    } else if (text.startsWith("+++ ")) {
      const target = text.slice(4).replace(/\t$/, "");
      this.path = target === "/dev/null" ? null : utf8(unquoteGitPath(target).replace(/^b\//, ""));
      this.skipping = this.path === null || (this.options.skipPath?.(this.path) ?? false);
    } else if (text.startsWith("@@")) {
      const m = /^@@+ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(text);
      if (!m) return;
      this.oldLeft = m[1] === undefined ? 1 : Number(m[1]);
      this.newLine = Number(m[2]);
      this.newLeft = m[3] === undefined ? 1 : Number(m[3]);
      this.inHunk = this.oldLeft > 0 || this.newLeft > 0;
    }
  }

  /** Call at the end of the stream. */
  end(): void {
    this.flushFile();
  }

  private added(content: string): void {
    const lineNo = this.newLine++;
    if (this.skipping || this.path === null) return;
    this.lines.push(content);
    this.numbers.push(lineNo);
    this.bytes += content.length + 1;
    if (this.bytes - this.carried >= this.chunkSize) this.emitPiece(false);
  }

  private flushFile(): void {
    if (this.lines.length > 0) this.emitPiece(true);
    this.lines = [];
    this.numbers = [];
    this.bytes = 0;
    this.carried = 0;
    this.inHunk = false;
  }

  private emitPiece(last: boolean): void {
    const text = this.lines.join("\n");
    this.options.emit({
      path: this.path ?? "",
      text,
      lineNumbers: Int32Array.from(this.numbers),
      freshFrom: this.carried,
      ...(this.commit ? { commit: this.commit } : {}),
    });
    if (last) return;
    // Keep the last lines (up to `overlap` characters) as the start of the next piece.
    let keep = 0;
    let size = 0;
    while (
      keep < this.lines.length - 1 &&
      size + this.lines[this.lines.length - 1 - keep].length + 1 <= this.overlap
    ) {
      size += this.lines[this.lines.length - 1 - keep].length + 1;
      keep++;
    }
    this.lines = this.lines.slice(this.lines.length - keep);
    this.numbers = this.numbers.slice(this.numbers.length - keep);
    this.bytes = size;
    this.carried = Math.max(0, size - 1);
  }
}
