import { parentPort, workerData } from "node:worker_threads";
import type { ScanSettings } from "../config/settings.js";
import { ScanJob, type WorkBatch } from "./job.js";

/** Worker thread entry: builds a ScanJob from the settings and answers batches in order. */
const { settings, chunkSize } = workerData as { settings: ScanSettings; chunkSize?: number };
const job = new ScanJob(settings, chunkSize);

parentPort?.on("message", (message: { id: number; batch: WorkBatch }) => {
  try {
    parentPort?.postMessage({ id: message.id, result: job.run(message.batch) });
  } catch (err) {
    parentPort?.postMessage({ id: message.id, error: err instanceof Error ? err.message : String(err) });
  }
});
