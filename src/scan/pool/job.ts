import { compileAllowlists, compileDetectors } from "../config/compile.js";
import type { ScanSettings } from "../config/settings.js";
import { Scanner } from "../engine/scanner.js";
import { FileReader } from "../files/read.js";
import type { FoundFile } from "../sources/walk.js";
import { emptyStats, type Finding, type ScanDocument, type ScanStats } from "../types.js";

export interface BatchResult {
  findings: Finding[];
  stats: ScanStats;
}

/** A batch of work: files to read, or documents already read (history, stdin). */
export type WorkBatch = { kind: "files"; files: FoundFile[] } | { kind: "docs"; docs: ScanDocument[] };

/** One thread's scanning machinery, built from settings; used in worker threads and in-process. */
export class ScanJob {
  private readonly scanner: Scanner;
  private readonly reader: FileReader;

  constructor(settings: ScanSettings, chunkSize?: number) {
    this.scanner = new Scanner({
      detectors: compileDetectors(settings),
      allowlists: compileAllowlists(settings),
      redact: settings.redact,
    });
    this.reader = new FileReader(settings.maxFileSize, chunkSize);
  }

  run(batch: WorkBatch): BatchResult {
    const stats = emptyStats();
    const findings: Finding[] = [];
    const scan = (doc: ScanDocument) => {
      for (const f of this.scanner.scan(doc)) findings.push(f);
    };
    if (batch.kind === "files") {
      const sink = {
        bytes: (rel: string, bytes: Buffer, length: number) => {
          for (const f of this.scanner.scanBytes(rel, bytes, length)) findings.push(f);
        },
        document: scan,
      };
      for (const file of batch.files) this.reader.read(file.abs, file.rel, stats, sink);
    } else {
      for (const doc of batch.docs) {
        if (doc.freshFrom === undefined || doc.freshFrom === 0) stats.files++;
        stats.bytes += doc.text.length - (doc.freshFrom ?? 0);
        scan(doc);
      }
    }
    return { findings, stats };
  }
}
