/** Write deadlines of audit devices, with the timer injectable so tests never wait on the wall clock. */

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemTimers: Timers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export class DeviceTimeoutError extends Error {
  readonly code = "ETIMEDOUT";
  constructor(ms: number) {
    super(`write timed out after ${ms} ms`);
  }
}

/** Settles like `work`, or rejects with DeviceTimeoutError after `ms` (calling `onTimeout`). */
export function withTimeout<T>(
  work: Promise<T>,
  ms: number,
  timers: Timers,
  onTimeout?: () => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const handle = timers.setTimeout(() => {
      onTimeout?.();
      reject(new DeviceTimeoutError(ms));
    }, ms);
    work.then(
      (v) => {
        timers.clearTimeout(handle);
        resolve(v);
      },
      (err: unknown) => {
        timers.clearTimeout(handle);
        reject(err);
      },
    );
  });
}

/** A short reason for a failed write, safe for logs and sys/audit-status (no data, no paths). */
export function reasonOf(err: unknown): string {
  if (err instanceof DeviceTimeoutError) return err.message;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === "string" && /^[A-Z0-9_]{2,40}$/.test(code)) return code;
  return "write failed";
}
