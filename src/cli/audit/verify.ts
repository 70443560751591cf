/**
 * `cofre audit verify`: streams a log's lines to the server in chunks (the chain key never leaves
 * it) and reports whether the files are whole, or the first line that breaks the chain. Several
 * files are checked as one sequence (a rotated file, then the current one).
 */
import type { CofreClient } from "../../client/client.js";
import { verifyChunk } from "./api.js";
import { readLines } from "./log-reader.js";

const CHUNK_LINES = 2000;
const CHUNK_BYTES = 4 * 1024 * 1024;

export interface FileReport {
  file: string;
  lines: number;
  valid: boolean;
  /** Entry numbers the file holds (0 when none were proven). */
  first_seq: number;
  last_seq: number;
  /** Set when the file's first line links to an earlier file. */
  continues_from: string;
  restarts: number[];
  problem: { line: number; kind: string; message: string } | null;
}

export interface VerifyReport {
  valid: boolean;
  files: FileReport[];
  /** The device's latest entry, as the server knows it. */
  head_seq: number;
  head_chain: string;
  /** True when the last file ends at the device's latest entry. */
  ends_at_head: boolean;
}

export async function verifyFiles(
  client: CofreClient,
  device: string,
  paths: string[],
): Promise<VerifyReport> {
  const report: VerifyReport = { valid: true, files: [], head_seq: 0, head_chain: "", ends_at_head: false };
  let after: { seq: number; chain: string } | null = null;
  for (const path of paths) {
    const file: FileReport = {
      file: path,
      lines: 0,
      valid: true,
      first_seq: 0,
      last_seq: 0,
      continues_from: "",
      restarts: [],
      problem: null,
    };
    report.files.push(file);
    let chunk: string[] = [];
    let bytes = 0;
    let firstLine = 1;
    const send = async (): Promise<boolean> => {
      if (chunk.length === 0) return true;
      const r = await verifyChunk(client, device, {
        lines: chunk,
        first_line: firstLine,
        ...(after ? { after_seq: after.seq, after_chain: after.chain } : {}),
      });
      report.head_seq = r.head_seq;
      report.head_chain = r.head_chain;
      if (firstLine === 1 && r.continues_from) file.continues_from = r.continues_from;
      file.restarts.push(...r.restarts);
      if (r.checked > 0 && file.first_seq === 0) {
        file.first_seq = r.last_seq - r.checked + 1;
      }
      if (r.last_seq > 0) {
        file.last_seq = r.last_seq;
        after = { seq: r.last_seq, chain: r.last_chain };
      }
      firstLine += chunk.length;
      chunk = [];
      bytes = 0;
      if (!r.valid) {
        file.valid = false;
        file.problem = r.problem;
        report.valid = false;
        return false;
      }
      return true;
    };
    for await (const line of readLines(path)) {
      file.lines++;
      chunk.push(line);
      bytes += line.length;
      if ((chunk.length >= CHUNK_LINES || bytes >= CHUNK_BYTES) && !(await send())) return report;
    }
    if (!(await send())) return report;
  }
  const last = after as { seq: number; chain: string } | null;
  report.ends_at_head = last !== null && last.seq === report.head_seq && last.chain === report.head_chain;
  return report;
}

/** The report as lines of text. */
export function describeReport(r: VerifyReport): string[] {
  const out: string[] = [];
  r.files.forEach((f, i) => {
    if (f.problem) {
      out.push(`${f.file}: NOT WHOLE: ${f.problem.message}`);
      return;
    }
    const range = f.last_seq > 0 ? `entries #${f.first_seq}-#${f.last_seq}` : "no entries";
    out.push(`${f.file}: OK: ${f.lines} lines, ${range}, chain verified`);
    if (i > 0 && f.lines > 0 && !f.restarts.includes(1)) out.push("  it follows on from the previous file");
    else if (f.continues_from) {
      out.push(
        "  the first line continues an earlier file (a rotated log): check them together, oldest first",
      );
    }
    for (const line of f.restarts) {
      out.push(`  the chain starts afresh at line ${line}: lines before it cannot be linked to it`);
    }
  });
  if (r.valid) {
    out.push(
      r.ends_at_head
        ? "The last file ends at the device's latest entry."
        : `The device's latest entry is #${r.head_seq}; the files end at #${r.files.at(-1)?.last_seq ?? 0} ` +
            "(entries written since, such as this check's own, are not in what was read; " +
            "if the file is the device's current log and entries are missing from its end, they were removed).",
    );
  }
  return out;
}
