/** `file_path = "stdout"`: lines go to the server's standard output (for containers). */
import type { AuditSink } from "./types.js";

export interface WritableLike {
  write(chunk: Buffer, cb: (err?: Error | null) => void): boolean;
}

export class StdoutSink implements AuditSink {
  readonly isOpen = true;
  constructor(private readonly out: WritableLike = process.stdout) {}

  async open(): Promise<void> {}

  write(lines: readonly Buffer[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.out.write(Buffer.concat(lines), (err) => (err ? reject(err) : resolve()));
    });
  }

  abort(): void {}

  async close(): Promise<void> {}
}
