import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import type { ScanDocument, ScanStats } from "../types.js";
import { CHUNK_SIZE, Chunker } from "./chunker.js";
import { isBinaryContent, looksMinified } from "./classify.js";

/**
 * Reads one file for scanning into a reusable buffer: skips it when over the size limit, binary
 * (a NUL byte early) or minified; hands small files over whole and large ones in chunks.
 */
export class FileReader {
  private buffer: Buffer;

  constructor(
    private readonly maxFileSize: number,
    private readonly chunkSize = CHUNK_SIZE,
  ) {
    this.buffer = Buffer.allocUnsafe(Math.min(chunkSize, 1024 * 1024));
  }

  read(abs: string, rel: string, stats: ScanStats, scan: (doc: ScanDocument) => void): void {
    let fd: number;
    try {
      fd = openSync(abs, "r");
    } catch {
      return;
    }
    try {
      const size = fstatSync(fd).size;
      if (size === 0) return;
      if (size > this.maxFileSize) {
        stats.skippedLarge++;
        return;
      }
      const first = Math.min(size, this.chunkSize);
      if (this.buffer.length < first)
        this.buffer = Buffer.allocUnsafe(Math.min(this.chunkSize, Math.max(first, this.buffer.length * 2)));
      const n = readSync(fd, this.buffer, 0, first, 0);
      if (isBinaryContent(this.buffer.subarray(0, n))) {
        stats.skippedBinary++;
        return;
      }
      const text = this.buffer.toString("latin1", 0, n);
      if (looksMinified(rel, text)) {
        stats.skippedGenerated++;
        return;
      }
      stats.files++;
      if (n === size) {
        stats.bytes += n;
        scan({ path: rel, text });
        return;
      }
      const chunker = new Chunker(rel, scan, this.chunkSize);
      chunker.push(text);
      let offset = n;
      stats.bytes += n;
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
