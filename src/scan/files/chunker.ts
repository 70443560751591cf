import type { ScanDocument } from "../types.js";

/** Largest piece of text scanned at once; longer files and streams are cut into pieces. */
export const CHUNK_SIZE = 4 * 1024 * 1024;
/** Each piece repeats this much of the previous one (line-aligned), so no secret is cut in two. */
export const CHUNK_OVERLAP = 72 * 1024;

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let at = text.indexOf("\n", from); at !== -1 && at < to; at = text.indexOf("\n", at + 1)) n++;
  return n;
}

/**
 * Cuts a stream of byte-string pieces into documents of about `chunkSize` characters, at line
 * breaks when there is one, each starting with the last `overlap` characters of the previous one.
 * `freshFrom` tells the scanner what the previous document already covered, so findings are not
 * reported twice. Memory stays under chunkSize + overlap + one piece.
 */
export class Chunker {
  private pending = "";
  private carried = 0;
  private firstLine = 1;

  constructor(
    private readonly path: string,
    private readonly emit: (doc: ScanDocument) => void,
    private readonly chunkSize = CHUNK_SIZE,
    private readonly overlap = Math.min(CHUNK_OVERLAP, Math.floor(chunkSize / 2)),
    private readonly configLike?: boolean,
  ) {}

  push(piece: string): void {
    this.pending += piece;
    while (this.pending.length >= this.carried + this.chunkSize) this.flush();
  }

  end(): void {
    if (this.pending.length > this.carried) {
      this.emit(this.document(this.pending));
    }
    this.pending = "";
    this.carried = 0;
  }

  private document(text: string): ScanDocument {
    return {
      path: this.path,
      text,
      firstLine: this.firstLine,
      freshFrom: this.carried,
      ...(this.configLike === undefined ? {} : { configLike: this.configLike }),
    };
  }

  private flush(): void {
    const limit = this.carried + this.chunkSize;
    const nl = this.pending.lastIndexOf("\n", limit - 1);
    const cut = nl >= this.carried ? nl + 1 : limit;
    const text = this.pending.slice(0, cut);
    this.emit(this.document(text));
    let tail = Math.max(0, cut - this.overlap);
    if (tail > 0 && text.charCodeAt(tail - 1) !== 10) {
      const next = text.indexOf("\n", tail);
      if (next !== -1 && next + 1 < cut) tail = next + 1;
    }
    this.firstLine += countNewlines(text, 0, tail);
    this.pending = this.pending.slice(tail);
    this.carried = cut - tail;
  }
}
