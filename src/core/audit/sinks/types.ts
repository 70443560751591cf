/** Where a device's lines go: a file, stdout, a TCP/UDP/unix socket. */
export interface AuditSink {
  /** Opens (or opens again, for log rotation) the target. */
  open(): Promise<void>;
  /** Whether the sink believes it can write now (false after a failure it cannot recover from alone). */
  readonly isOpen: boolean;
  /** Writes the lines in order; resolves once the OS has taken all of them. */
  write(lines: readonly Buffer[]): Promise<void>;
  /** Gives up on a write that hangs (destroys a socket); the next write starts afresh. */
  abort(): void;
  close(): Promise<void>;
}

/** A sink whose earlier content can be read back (a regular file), so a chain resumes after a restart. */
export interface TailReadable {
  /** The last complete line of the target (without its newline), or null when it has none. */
  lastLine(): Promise<string | null>;
  /** True when the target was empty when it was last opened. */
  readonly wasEmpty: boolean;
}
