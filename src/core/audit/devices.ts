/**
 * The device kinds: a file device (a file or stdout; every line chained), "discard", a socket
 * device (one JSON line per entry over TCP or UDP) and a syslog device (the JSON line inside a
 * syslog message).
 */
import { type ChainHead, GENESIS, parseLine, sealLineBytes } from "./chain.js";
import { AuditDevice, type DeviceDeps, type Pending } from "./device.js";
import type { ExemptKeys } from "./hash-entry.js";
import type { AuditSink, TailReadable } from "./sinks/types.js";
import { type SyslogHeader, syslogMessage } from "./syslog-format.js";
import type { AuditDeviceEntry, AuditEntry, CommonSettings } from "./types.js";

function isTailReadable(sink: AuditSink): sink is AuditSink & TailReadable {
  return typeof (sink as Partial<TailReadable>).lastLine === "function";
}

export class FileDevice extends AuditDevice {
  private head: ChainHead = GENESIS;
  /** The next line opens a fresh file that continues the chain of the previous one. */
  private continues = false;

  constructor(
    entry: AuditDeviceEntry,
    salt: string,
    private readonly chainKey: Buffer,
    settings: CommonSettings,
    sink: AuditSink,
    deps: DeviceDeps,
  ) {
    super(entry, salt, settings, sink, deps);
  }

  /** The last line written: its number and chain value. */
  chainHead(): ChainHead {
    return this.head;
  }

  key(): Buffer {
    return this.chainKey;
  }

  protected override async afterOpen(): Promise<void> {
    if (!isTailReadable(this.sink)) return;
    if (this.sink.wasEmpty) {
      this.continues = this.head.seq > 0;
      return;
    }
    const last = await this.sink.lastLine();
    const parsed = last === null ? null : parseLine(last, this.settings.prefix);
    // A file whose last line is not ours (or was cut) cannot be continued: the chain starts again.
    this.head = parsed ? { seq: parsed.seq, chain: parsed.chain } : GENESIS;
    this.continues = false;
  }

  protected render(batch: readonly Pending[]): { lines: Buffer[]; commit(): void } {
    let head = this.head;
    let continues = this.continues;
    const lines: Buffer[] = [];
    for (const p of batch) {
      const sealed = sealLineBytes(this.chainKey, head, this.settings.prefix, p.json, continues);
      continues = false;
      head = sealed.head;
      lines.push(...sealed.parts);
    }
    return {
      lines,
      commit: () => {
        this.head = head;
        this.continues = false;
      },
    };
  }
}

/** `file_path = "discard"`: accepts every entry and writes nothing (for tests and benchmarks). */
export class DiscardDevice extends AuditDevice {
  override log(_plain: AuditEntry, _exempt: ExemptKeys): Promise<void> {
    return Promise.resolve();
  }

  protected render(): { lines: Buffer[]; commit(): void } {
    return { lines: [], commit: () => {} };
  }
}

export class SocketDevice extends AuditDevice {
  protected render(batch: readonly Pending[]): { lines: Buffer[]; commit(): void } {
    const prefix = this.settings.prefix;
    return { lines: batch.map((p) => Buffer.from(`${prefix}${p.json}\n`, "utf8")), commit: () => {} };
  }
}

export class SyslogDevice extends AuditDevice {
  constructor(
    entry: AuditDeviceEntry,
    salt: string,
    settings: CommonSettings,
    sink: AuditSink,
    deps: DeviceDeps,
    private readonly header: SyslogHeader,
    /** Stream transports frame messages with a newline; UDP sends one datagram each. */
    private readonly framed: boolean,
  ) {
    super(entry, salt, settings, sink, deps);
  }

  protected render(batch: readonly Pending[]): { lines: Buffer[]; commit(): void } {
    const now = this.deps.clock.now();
    const end = this.framed ? "\n" : "";
    const lines = batch.map((p) =>
      Buffer.from(`${syslogMessage(this.header, now, `${this.settings.prefix}${p.json}`)}${end}`, "utf8"),
    );
    return { lines, commit: () => {} };
  }
}
