import { Worker } from "node:worker_threads";
import { InternalError } from "../../errors.js";
import type { ScanSettings } from "../config/settings.js";
import type { BatchResult, WorkBatch } from "./job.js";

interface Pending {
  resolve: (result: BatchResult) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  busy: number;
}

const FROM_SOURCE = import.meta.url.endsWith(".ts");
const WORKER_URL = new URL(FROM_SOURCE ? "./worker.ts" : "./worker.js", import.meta.url);

/**
 * Compiled, the worker is worker.js. Run from source (tsx), Node 20 does not apply the parent's
 * `--import tsx` to worker threads, so a small bootstrap registers tsx before loading worker.ts.
 */
function startWorker(workerData: unknown): Worker {
  if (!FROM_SOURCE) return new Worker(WORKER_URL, { workerData });
  const api = import.meta.resolve("tsx/esm/api");
  const bootstrap = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_URL.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}

/** A fixed set of scanning threads; each batch goes to the least busy one. */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private failure: Error | null = null;

  constructor(settings: ScanSettings, size: number, chunkSize?: number) {
    for (let i = 0; i < size; i++) {
      const worker = startWorker({ settings, chunkSize });
      const slot: Slot = { worker, busy: 0 };
      worker.on("message", (msg: { id: number; result?: BatchResult; error?: string }) => {
        slot.busy--;
        const p = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        if (!p) return;
        if (msg.result) p.resolve(msg.result);
        else p.reject(new InternalError(`scan worker failed: ${msg.error ?? "unknown error"}`));
      });
      worker.on("error", (err) => this.fail(new InternalError(`scan worker crashed: ${err.message}`)));
      worker.on("exit", (code) => {
        if (code !== 0 && this.pending.size > 0)
          this.fail(new InternalError(`scan worker exited with code ${code}`));
      });
      this.slots.push(slot);
    }
  }

  get size(): number {
    return this.slots.length;
  }

  run(batch: WorkBatch): Promise<BatchResult> {
    if (this.failure) return Promise.reject(this.failure);
    const slot = this.slots.reduce((a, b) => (b.busy < a.busy ? b : a));
    const id = this.nextId++;
    slot.busy++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ id, batch });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private fail(err: Error): void {
    this.failure = err;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}
