import assert from "node:assert/strict";
import { createKvBackend } from "../../../src/engines/kv/index.js";
import type { CofreError } from "../../../src/errors.js";
import { PrefixedStorageView } from "../../../src/logical/storage-view.js";
import type {
  Backend,
  BackendContext,
  LogicalResponse,
  Operation,
  SecureStorage,
} from "../../../src/logical/types.js";
import { MemoryStorage } from "../../../src/storage/memory.js";
import type { PhysicalStorage } from "../../../src/storage/types.js";
import { ManualClock } from "../../../src/util/clock.js";
import { silentLogger } from "../../../src/util/logger.js";
import { makeRequest } from "../../helpers/request.js";

/** 2024-05-01T10:00:00.123Z */
export const START = Date.UTC(2024, 4, 1, 10, 0, 0, 123);
export const DEFAULT_TTL = 2764800;

export function secureOver(mem: PhysicalStorage): SecureStorage {
  return {
    get: (k) => mem.get(k),
    put: (k, v) => mem.put(k, v),
    delete: (k) => mem.delete(k),
    list: (p) => mem.list(p),
    transaction: (ops, checks) => mem.transaction(ops, checks),
  };
}

export interface Harness {
  backend: Backend;
  clock: ManualClock;
  mem: PhysicalStorage;
  call(op: Operation, path: string, data?: Record<string, unknown>): Promise<LogicalResponse | null>;
  /** Expects the call to throw `type` with exactly these messages. */
  rejects(
    op: Operation,
    path: string,
    data: Record<string, unknown>,
    type: new (...a: never[]) => CofreError,
    messages?: string[],
  ): Promise<void>;
}

/** A kv backend over memory storage. Pass `mem`/`clock` to build a second "node" on the same data. */
export async function kv(
  opts: { version?: string; mem?: PhysicalStorage; clock?: ManualClock } = {},
): Promise<Harness> {
  const mem = opts.mem ?? new MemoryStorage();
  const clock = opts.clock ?? new ManualClock(START);
  const options: Record<string, string> = opts.version === undefined ? {} : { version: opts.version };
  const ctx: BackendContext = {
    storage: new PrefixedStorageView(secureOver(mem), "logical/0f2c/"),
    clock,
    logger: silentLogger,
    mount: { path: "secret/", type: "kv", accessor: "kv_0f2c", options, description: "" },
    ttls: () => ({ defaultLeaseTTL: DEFAULT_TTL, maxLeaseTTL: DEFAULT_TTL }),
  };
  const backend = await createKvBackend(ctx);
  const call = (op: Operation, path: string, data: Record<string, unknown> = {}) =>
    backend.handle(makeRequest(op, path, data));
  return {
    backend,
    clock,
    mem,
    call,
    async rejects(op, path, data, type, messages) {
      await assert.rejects(call(op, path, data), (e: unknown) => {
        assert.ok(e instanceof type, `expected ${type.name}, got ${String(e)}`);
        if (messages) assert.deepEqual(e.messages, messages);
        return true;
      });
    },
  };
}

/** Every key the physical store holds, to prove a failed request changed nothing. */
export async function snapshot(mem: PhysicalStorage): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (prefix: string): Promise<void> => {
    for (const child of await mem.list(prefix)) {
      const key = prefix + child;
      if (child.endsWith("/")) await walk(key);
      const e = await mem.get(key);
      if (e) out.set(key, `${e.revision}:${Buffer.from(e.value).toString("base64")}`);
    }
  };
  await walk("");
  return out;
}

/** Timestamp as the engine renders clock time START + offset ms. */
export function ts(offsetMs = 0): string {
  return new Date(START + offsetMs).toISOString().replace(/\.(\d{3})Z$/, ".$1000000Z");
}
