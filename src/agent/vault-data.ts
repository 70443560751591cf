/**
 * What templates read from the server, as consul-template reads it: `secret "path"` is a GET
 * (on a KV v2 mount `data/` is inserted when the path lacks it, and `?version=N` is honoured),
 * `secret "path" "k=v"` a write, `secrets "path"` a LIST (`metadata/` inserted on KV v2). Each
 * render cycle reads every path once. Answers with a lease (dynamic credentials) are kept across
 * cycles and renewed through the SDK's LeaseKeeper; when a lease can be renewed no further it is
 * read again (new credentials) shortly before it ends, and `onStale` asks for a render.
 */
import type { CofreClient } from "../client/client.js";
import { addPrefixToKvPath, sanitizePath } from "../client/kv-paths.js";
import { LeaseApi, LeaseKeeper } from "../client/leases.js";
import type { Timers } from "../client/timers.js";
import type { SecretResponse } from "../client/types.js";
import type { Logger } from "../util/logger.js";
import type { VaultSettings } from "./config/types.js";
import { describeError } from "./describe-error.js";
import type { SecretSource } from "./template/index.js";
import { fromPlain, Struct, type Value } from "./template/values.js";

interface Kept {
  value: Value;
  leaseId: string;
}

export interface VaultDataDeps {
  timers: Timers;
  logger: Logger;
  vault: Pick<VaultSettings, "address" | "addressFrom">;
  /** A kept lease is about to end: its path was dropped and must be read again. */
  onStale(): void;
}

function secretStruct(res: SecretResponse | null, data: Value): Struct {
  return new Struct("Secret", {
    RequestID: res?.request_id ?? "",
    LeaseID: res?.lease_id ?? "",
    LeaseDuration: res?.lease_duration ?? 0,
    Renewable: res?.renewable ?? false,
    Data: data,
    Warnings: fromPlain(res?.warnings ?? null),
    Auth: fromPlain(res?.auth ?? null),
    WrapInfo: fromPlain(res?.wrap_info ?? null),
  });
}

export class VaultData {
  private readonly kept = new Map<string, Kept>();
  private readonly keeper: LeaseKeeper;
  private readonly staleTimers = new Map<string, unknown>();

  constructor(
    private readonly client: CofreClient,
    private readonly deps: VaultDataDeps,
  ) {
    this.keeper = new LeaseKeeper(new LeaseApi(client), deps.timers);
    this.keeper.on("failed", (err) =>
      deps.logger.warn("renewing a secret's lease failed; retrying", {
        error: describeError(err, deps.vault),
      }),
    );
    this.keeper.on("expiring", (lease) => {
      const key = this.keyOfLease(lease.id);
      if (key === undefined) return;
      const ms = Math.floor((lease.duration * 1000 * 2) / 3);
      this.staleTimers.set(
        key,
        deps.timers.set(() => {
          this.staleTimers.delete(key);
          this.drop(key);
          deps.onStale();
        }, ms),
      );
    });
  }

  /** The reads of one render cycle (each path read once however often templates name it). */
  cycle(): SecretSource {
    const memo = new Map<string, Promise<Value>>();
    const once = (key: string, fetch: () => Promise<Value>): Promise<Value> => {
      let p = memo.get(key);
      if (!p) {
        p = fetch();
        memo.set(key, p);
      }
      return p;
    };
    return {
      secret: (path, params) => {
        const key = params
          ? `write\n${path}\n${JSON.stringify(Object.entries(params).sort())}`
          : `read\n${path}`;
        return once(key, () => this.secret(key, path, params));
      },
      list: async (path) => (await once(`list\n${path}`, () => this.list(path))) as string[],
    };
  }

  /** Forgets everything kept (a new token: leases of the old one die with it). */
  clear(): void {
    for (const key of [...this.kept.keys()]) this.drop(key);
  }

  stop(): void {
    this.keeper.stop();
    for (const t of this.staleTimers.values()) this.deps.timers.clear(t);
    this.staleTimers.clear();
  }

  private keyOfLease(leaseId: string): string | undefined {
    for (const [key, k] of this.kept) if (k.leaseId === leaseId) return key;
    return undefined;
  }

  private drop(key: string): void {
    const k = this.kept.get(key);
    if (!k) return;
    this.kept.delete(key);
    this.keeper.release(k.leaseId);
    const t = this.staleTimers.get(key);
    if (t !== undefined) this.deps.timers.clear(t);
    this.staleTimers.delete(key);
  }

  /** The API path for a KV path: `data/` or `metadata/` after the mount on a KV v2 mount. */
  private async kvPath(path: string, prefix: "data" | "metadata"): Promise<{ apiPath: string; v2: boolean }> {
    const clean = sanitizePath(path);
    let mount: { mountPath: string; version: number };
    try {
      mount = await this.client.kv.detect(clean);
    } catch {
      return { apiPath: clean, v2: false }; // no answer about the mount: use the path as written
    }
    if (mount.version !== 2 || !mount.mountPath) return { apiPath: clean, v2: false };
    const rest = clean.startsWith(mount.mountPath) ? clean.slice(mount.mountPath.length) : "";
    if (rest.startsWith("data/") || rest.startsWith("metadata/")) return { apiPath: clean, v2: true };
    return { apiPath: addPrefixToKvPath(clean, mount.mountPath, prefix), v2: true };
  }

  private async secret(key: string, path: string, params: Record<string, string> | null): Promise<Value> {
    const kept = this.kept.get(key);
    if (kept) return kept.value;
    let res: SecretResponse | null;
    if (params) {
      res = await this.client.write(sanitizePath(path), params);
    } else {
      const [raw, query] = path.split("?", 2);
      const { apiPath, v2 } = await this.kvPath(raw, "data");
      const q = query ? Object.fromEntries(new URLSearchParams(query)) : undefined;
      res = await this.client.read(apiPath, q);
      const deleted = v2 && (res?.data as { data?: unknown } | null | undefined)?.data === null;
      if (!res?.data || deleted) throw new Error(`no secret exists at ${raw}`);
    }
    const value = secretStruct(res, fromPlain(res?.data ?? {}));
    if (res?.lease_id && res.lease_duration > 0) {
      this.kept.set(key, { value, leaseId: res.lease_id });
      this.keeper.keep({ id: res.lease_id, duration: res.lease_duration, renewable: res.renewable });
    }
    return value;
  }

  private async list(path: string): Promise<Value> {
    const { apiPath } = await this.kvPath(path, "metadata");
    const res = await this.client.list(apiPath.endsWith("/") ? apiPath : `${apiPath}/`);
    const keys = (res?.data as { keys?: unknown } | undefined)?.keys;
    return Array.isArray(keys) ? keys.filter((k): k is string => typeof k === "string").sort() : [];
  }
}
