/**
 * Scheduling for the client's background work (lease renewal, polling watchers), injected so
 * tests fire timers by hand instead of sleeping. The real timers are unref'd: background work
 * never keeps a process alive on its own.
 */
export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realTimers: Timers = {
  set(fn, ms) {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clear(handle) {
    clearTimeout(handle as NodeJS.Timeout);
  },
};
