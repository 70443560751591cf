import { Transform, type TransformCallback } from "node:stream";
import type { SecretMatcher } from "./secret-matcher.js";

/**
 * A byte stream with every known secret replaced by `***`, correct when a secret is split across
 * writes: only a tail that could still grow into a secret (at most the longest form minus one
 * byte) is held back, and it is released (masked) when the stream ends. Values added to the
 * matcher later are masked from the next chunk on.
 */
export class MaskingStream extends Transform {
  private carry = "";

  constructor(private readonly matcher: SecretMatcher) {
    super();
  }

  override _transform(chunk: Buffer | string, _enc: BufferEncoding, done: TransformCallback): void {
    const bytes = this.carry + (typeof chunk === "string" ? Buffer.from(chunk) : chunk).toString("latin1");
    const step = this.matcher.stepBytes(bytes, false);
    this.carry = step.carry;
    if (step.out.length > 0) this.push(Buffer.from(step.out, "latin1"));
    done();
  }

  override _flush(done: TransformCallback): void {
    const step = this.matcher.stepBytes(this.carry, true);
    this.carry = "";
    if (step.out.length > 0) this.push(Buffer.from(step.out, "latin1"));
    done();
  }
}
