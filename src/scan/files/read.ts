import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import type { ScanDocument, ScanStats } from "../types.js";
import { CHUNK_SIZE, Chunker } from "./chunker.js";
import { isBinaryContent, looksMinifiedBytes } from "./classify.js";

/** Where a read file goes: whole small files as bytes, large ones as overlapping documents. */
export interface FileSink {
  bytes(rel: string, bytes: Buffer, length: number): void;
  document(doc: ScanDocument): void;
}

const FIRST_READ = 1024 * 1024;

/**
 * Reads one file for scanning into a reusable buffer: skips it when over the size limit, binary
 * (a NUL byte early) or minified; hands small files over whole and large ones in chunks.
 * A file that fits the first read costs three system calls (open, read, close).
 */
export class FileReader {
  private buffer: Buffer;

  constructor(
    private readonly maxFileSize: number,
    private readonly chunkSize = CHUNK_SIZE,
  ) {
    this.buffer = Buffer.allocUnsafe(Math.min(chunkSize, FIRST_READ));
  }

  read(abs: string, rel: string, stats: ScanStats, sink: FileSink): void {
    let fd: number;
    try {
      fd = openSync(abs, "r");
    } catch {
      return;
    }
    try {
      let n = readSync(fd, this.buffer, 0, this.buffer.length, 0);
      if (n === 0) return;
      let size = n;
      if (n === this.buffer.length) {
        size = fstatSync(fd).size;
        if (size > this.maxFileSize) {
          stats.skippedLarge++;
          return;
        }
        const first = Math.min(size, this.chunkSize);
        if (first > this.buffer.length) {
          this.buffer = Buffer.allocUnsafe(this.chunkSize);
          n = readSync(fd, this.buffer, 0, first, 0);
        }
      } else if (size > this.maxFileSize) {
        stats.skippedLarge++;
        return;
      }
      if (isBinaryContent(this.buffer.subarray(0, n))) {
        stats.skippedBinary++;
        return;
      }
      if (looksMinifiedBytes(rel, this.buffer, n)) {
        stats.skippedGenerated++;
        return;
      }
      stats.files++;
      stats.bytes += n;
      if (n === size) {
        sink.bytes(rel, this.buffer, n);
        return;
      }
      const chunker = new Chunker(rel, (doc) => sink.document(doc), this.chunkSize);
      chunker.push(this.buffer.toString("latin1", 0, n));
      let offset = n;
      for (;;) {
        const got = readSync(fd, this.buffer, 0, this.chunkSize, offset);
        if (got <= 0) break;
        offset += got;
        stats.bytes += got;
        chunker.push(this.buffer.toString("latin1", 0, got));
      }
      chunker.end();
    } finally {
      closeSync(fd);
    }
  }
}
