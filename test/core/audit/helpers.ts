/** Shared pieces of the audit tests: manual timers, device entries, reading a log back. */
import { readFile } from "node:fs/promises";
import type { Timers } from "../../../src/core/audit/timeout.js";
import type { AuditDeviceEntry, AuditDeviceType, AuditEntry } from "../../../src/core/audit/types.js";

/** Timers that fire only when the test says so. */
export class ManualTimers implements Timers {
  private readonly pending = new Map<number, () => void>();
  private next = 0;
  setTimeout(fn: () => void): unknown {
    const id = ++this.next;
    this.pending.set(id, fn);
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  get count(): number {
    return this.pending.size;
  }
  fireAll(): void {
    for (const [id, fn] of [...this.pending]) {
      this.pending.delete(id);
      fn();
    }
  }
}

export function deviceEntry(
  type: AuditDeviceType,
  options: Record<string, string>,
  path = `${type}/`,
): AuditDeviceEntry {
  return { path, type, description: "", options, local: false, uuid: `uuid-${path}` };
}

export const KEYS = { salt: "test-salt", chainKey: Buffer.alloc(32, 7).toString("base64") };

export function plainEntry(path: string, data: Record<string, unknown> = {}): AuditEntry {
  return {
    time: "2026-01-01T00:00:00.000Z",
    type: "request",
    request: { id: `id-${path}`, operation: "read", namespace: { id: "root" }, path, data },
  };
}

/** The lines of a log file (without the final empty one). */
export async function logLines(file: string): Promise<string[]> {
  const text = await readFile(file, "utf8").catch(() => "");
  return text.split("\n").filter((l) => l !== "");
}

/** Parsed JSON of each line (prefix stripped), loosely typed: tests read arbitrary fields. */
// biome-ignore lint/suspicious/noExplicitAny: audit lines are asserted field by field
export async function logEntries(file: string, prefix = ""): Promise<Array<Record<string, any>>> {
  return (await logLines(file)).map((l) => JSON.parse(l.slice(prefix.length)));
}
