import { Transform, type TransformCallback } from "node:stream";
import type { MaskText } from "./deep-mask.js";

/** A line longer than this is masked and passed on without waiting for its end. */
const MAX_LINE_BYTES = 1024 * 1024;

/**
 * A text stream masked line by line, so patterns (`password=...`, `Bearer ...`) are seen whole
 * even when a line arrives in pieces. Bytes are decoded as UTF-8 across chunk boundaries.
 */
export class LineMaskingStream extends Transform {
  private partial = "";

  constructor(private readonly maskText: MaskText) {
    super({ decodeStrings: true });
    this.setDefaultEncoding("utf8");
  }

  private readonly decoder = new TextDecoder("utf-8");

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    const text = this.partial + this.decoder.decode(chunk, { stream: true });
    const end = text.lastIndexOf("\n");
    if (end === -1 && text.length < MAX_LINE_BYTES) {
      this.partial = text;
    } else {
      const cut = end === -1 ? text.length : end + 1;
      this.partial = text.slice(cut);
      this.push(this.maskText(text.slice(0, cut)));
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    const rest = this.partial + this.decoder.decode();
    this.partial = "";
    if (rest !== "") this.push(this.maskText(rest));
    done();
  }
}
