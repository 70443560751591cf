import type { ScanSettings } from "../config/settings.js";
import type { FoundFile } from "../sources/walk.js";
import { addStats, emptyStats, type Finding, type ScanDocument, type ScanStats } from "../types.js";
import { type BatchResult, ScanJob, type WorkBatch } from "./job.js";
import { WorkerPool } from "./pool.js";

const FILES_PER_BATCH = 64;
const DOC_BYTES_PER_BATCH = 1024 * 1024;

export interface DispatcherOptions {
  /** Worker threads to use once the work is big enough (1: scan on the calling thread only). */
  threads: number;
  chunkSize?: number;
}

/**
 * Collects files or documents into batches and scans them: the first batch on the calling
 * thread (a pre-commit check or a small tree never pays for starting threads), the rest on a
 * worker pool. `add*` returns a promise when enough batches are in flight: await it to apply
 * backpressure to the producer (the git stream, the directory walk).
 */
export class Dispatcher {
  private files: FoundFile[] = [];
  private docs: ScanDocument[] = [];
  private docBytes = 0;
  private batches = 0;
  private local: ScanJob | null = null;
  private pool: WorkerPool | null = null;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly findings: Finding[] = [];
  private readonly stats: ScanStats = emptyStats();
  private error: Error | null = null;

  constructor(
    private readonly settings: ScanSettings,
    private readonly options: DispatcherOptions,
  ) {}

  addFile(file: FoundFile): Promise<void> | undefined {
    this.files.push(file);
    return this.files.length >= FILES_PER_BATCH ? this.flushFiles() : undefined;
  }

  addDoc(doc: ScanDocument): Promise<void> | undefined {
    this.docs.push(doc);
    this.docBytes += doc.text.length;
    return this.docBytes >= DOC_BYTES_PER_BATCH ? this.flushDocs() : undefined;
  }

  /** Adds counts that happened outside the batches (files skipped by name, commits). */
  count(update: (stats: ScanStats) => void): void {
    update(this.stats);
  }

  async finish(): Promise<BatchResult> {
    this.flushFiles();
    this.flushDocs();
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
    await this.pool?.close();
    if (this.error) throw this.error;
    return { findings: this.findings, stats: this.stats };
  }

  private flushFiles(): Promise<void> | undefined {
    if (this.files.length === 0) return undefined;
    const files = this.files;
    this.files = [];
    return this.dispatch({ kind: "files", files });
  }

  private flushDocs(): Promise<void> | undefined {
    if (this.docs.length === 0) return undefined;
    const docs = this.docs;
    this.docs = [];
    this.docBytes = 0;
    return this.dispatch({ kind: "docs", docs });
  }

  private collect(result: BatchResult): void {
    for (const f of result.findings) this.findings.push(f);
    addStats(this.stats, result.stats);
  }

  private dispatch(batch: WorkBatch): Promise<void> | undefined {
    this.batches++;
    if (this.batches === 1 || this.options.threads <= 1) {
      this.local ??= new ScanJob(this.settings, this.options.chunkSize);
      this.collect(this.local.run(batch));
      return undefined;
    }
    this.pool ??= new WorkerPool(this.settings, this.options.threads, this.options.chunkSize);
    const task: Promise<void> = this.pool
      .run(batch)
      .then((r) => this.collect(r))
      .catch((err: Error) => {
        this.error ??= err;
      })
      .finally(() => this.inFlight.delete(task));
    this.inFlight.add(task);
    if (this.inFlight.size >= this.pool.size * 3) return Promise.race(this.inFlight);
    return undefined;
  }
}
