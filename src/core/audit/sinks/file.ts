/**
 * A file sink: appends whole lines, never follows a symlink, refuses FIFOs and directories, and
 * cuts back a line that a failing write (full disk) left half-written, so the file stays a sequence
 * of whole lines.
 */
import { constants } from "node:fs";
import { type FileHandle, lstat, open } from "node:fs/promises";
import type { AuditSink, TailReadable } from "./types.js";

const NEWLINE = Buffer.from("\n");
const TAIL_CHUNK = 64 * 1024;
const TAIL_LIMIT = 64 * 1024 * 1024;

export class FileOpenError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class FileSink implements AuditSink, TailReadable {
  private fh: FileHandle | null = null;
  private size = 0;
  private needsNewline = false;
  wasEmpty = true;

  /** `mode` null leaves the mode of an existing file alone (Vault's "0000"). */
  constructor(
    readonly path: string,
    private readonly mode: number | null,
  ) {}

  get isOpen(): boolean {
    return this.fh !== null;
  }

  /**
   * Opens the path afresh. The previous file is closed first: after a rotation, lines must never
   * keep going to the renamed file (it may be compressed or deleted next), so if the path cannot
   * be opened the sink stays closed and writes fail until it can.
   */
  async open(): Promise<void> {
    await this.close();
    const existing = await lstat(this.path).catch(() => null);
    if (existing && !existing.isFile() && !existing.isCharacterDevice()) {
      const what = existing.isSymbolicLink() ? "a symbolic link" : "not a regular file";
      throw new FileOpenError("EINVAL", `the audit file path is ${what}`);
    }
    const flags = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW;
    const fh = await open(this.path, flags, this.mode ?? 0o600);
    try {
      const st = await fh.stat();
      if (st.isFile() && this.mode !== null && (st.mode & 0o777) !== this.mode) await fh.chmod(this.mode);
      this.size = st.isFile() ? st.size : 0;
      this.wasEmpty = this.size === 0;
      this.needsNewline = this.size > 0 && (await this.lastByte()) !== 0x0a;
    } catch (err) {
      await fh.close().catch(() => {});
      throw err;
    }
    this.fh = fh;
  }

  async write(lines: readonly Buffer[]): Promise<void> {
    const fh = this.fh;
    if (!fh) throw new FileOpenError("ENOTOPEN", "the audit file is not open");
    const buf = Buffer.concat(this.needsNewline ? [NEWLINE, ...lines] : lines);
    let off = 0;
    try {
      while (off < buf.length) {
        const { bytesWritten } = await fh.write(buf, off, buf.length - off);
        off += bytesWritten;
      }
    } catch (err) {
      if (off > 0) {
        // Cut the half-written line; if that fails too, start the next write on a fresh line.
        const cut = await fh.truncate(this.size).then(
          () => true,
          () => false,
        );
        if (!cut) {
          this.size += off;
          this.needsNewline = true;
        }
      }
      throw err;
    }
    this.size += buf.length;
    this.needsNewline = false;
  }

  abort(): void {}

  async close(): Promise<void> {
    const fh = this.fh;
    this.fh = null;
    if (fh) await fh.close().catch(() => {});
  }

  async lastLine(): Promise<string | null> {
    if (this.size === 0) return null;
    const fh = await open(this.path, constants.O_RDONLY | constants.O_NOFOLLOW).catch(() => null);
    if (!fh) return null;
    try {
      const st = await fh.stat();
      if (!st.isFile()) return null;
      let end = st.size;
      // Skip the final newline: the line we want ends there.
      if (end > 0 && (await readAt(fh, end - 1, 1))[0] === 0x0a) end -= 1;
      else return null; // the file ends mid-line: no complete last line to resume from
      const parts: Buffer[] = [];
      let pos = end;
      while (pos > 0 && end - pos < TAIL_LIMIT) {
        const start = Math.max(0, pos - TAIL_CHUNK);
        const chunk = await readAt(fh, start, pos - start);
        const nl = chunk.lastIndexOf(0x0a);
        if (nl >= 0) {
          parts.unshift(chunk.subarray(nl + 1));
          return Buffer.concat(parts).toString("utf8");
        }
        parts.unshift(chunk);
        pos = start;
      }
      return pos === 0 ? Buffer.concat(parts).toString("utf8") : null;
    } finally {
      await fh.close().catch(() => {});
    }
  }

  private async lastByte(): Promise<number> {
    const fh = await open(this.path, constants.O_RDONLY | constants.O_NOFOLLOW).catch(() => null);
    if (!fh) return 0x0a;
    try {
      const st = await fh.stat();
      if (!st.isFile() || st.size === 0) return 0x0a;
      return (await readAt(fh, st.size - 1, 1))[0];
    } finally {
      await fh.close().catch(() => {});
    }
  }
}

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, position);
  return buf.subarray(0, bytesRead);
}
