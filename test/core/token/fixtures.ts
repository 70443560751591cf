import { ExpirationManager } from "../../../src/core/expiration/manager.js";
import type { LeaseRecord } from "../../../src/core/expiration/types.js";
import { tokenBackend } from "../../../src/core/token/backend.js";
import { TokenStore } from "../../../src/core/token/store.js";
import type { LoginRenewal, TokenEntry, TokenStoreDeps } from "../../../src/core/token/types.js";
import { toRequestAuth } from "../../../src/core/token/views.js";
import { PrefixedStorageView } from "../../../src/logical/storage-view.js";
import type { Backend, LogicalRequest, Operation } from "../../../src/logical/types.js";
import { MemoryStorage } from "../../../src/storage/memory.js";
import { ManualClock } from "../../../src/util/clock.js";
import { silentLogger } from "../../../src/util/logger.js";
import { makeRequest } from "../../helpers/request.js";
import { secureOver } from "../expiration/fixtures.js";

export const TOKEN_TTLS = { defaultLeaseTTL: 3600, maxLeaseTTL: 86400 };

export interface TokenHarness {
  mem: MemoryStorage;
  clock: ManualClock;
  store: TokenStore;
  expiration: ExpirationManager;
  backend: Backend;
  revokedSecrets: string[];
  root: { token: string; entry: TokenEntry };
  /** A request to auth/token/ made with `token` (sudo as given; root tokens always have it). */
  call(
    op: Operation,
    path: string,
    data?: Record<string, unknown>,
    token?: string,
    sudo?: boolean,
  ): Promise<Reply>;
  request(
    op: Operation,
    path: string,
    data: Record<string, unknown>,
    token: string,
    sudo: boolean,
  ): Promise<LogicalRequest>;
  /** Creates a token with `data` as root and returns the raw token. */
  mint(data?: Record<string, unknown>, token?: string): Promise<string>;
}

export type Reply = Awaited<ReturnType<Backend["handle"]>>;

export async function tokenHarness(
  overrides: Partial<Pick<TokenStoreDeps, "renewLogin">> = {},
): Promise<TokenHarness> {
  const mem = new MemoryStorage();
  const clock = new ManualClock();
  const secure = secureOver(mem);
  const revokedSecrets: string[] = [];
  let store!: TokenStore;
  const expiration = new ExpirationManager({
    storage: new PrefixedStorageView(secure, "sys/expire/"),
    clock,
    logger: silentLogger,
    revokeSecret: async (lease: LeaseRecord) => {
      revokedSecrets.push(lease.leaseId);
    },
    renewSecret: async () => null,
    revokeToken: (hash) => store.revokeTree(hash),
    tokenExists: (hash) => store.exists(hash),
  });
  const known = new Set(["default", "web", "ops", "db"]);
  store = new TokenStore({
    storage: new PrefixedStorageView(secure, "sys/token/"),
    clock,
    logger: silentLogger,
    expiration,
    policyExists: async (name) => known.has(name),
    ttls: () => TOKEN_TTLS,
    mountAccessor: () => "auth_token_0001",
    renewLogin: overrides.renewLogin as ((e: TokenEntry, i: number) => Promise<LoginRenewal>) | undefined,
  });
  const backend = tokenBackend(store);
  const root = await store.createRoot();

  const request = async (
    op: Operation,
    path: string,
    data: Record<string, unknown>,
    token: string,
    sudo: boolean,
  ): Promise<LogicalRequest> => {
    const entry = await store.lookup(token, { allowPending: true });
    return makeRequest(op, path, data, {
      clientToken: token,
      auth: entry ? toRequestAuth(entry, sudo) : undefined,
    });
  };
  const call: TokenHarness["call"] = async (op, path, data = {}, token = root.token, sudo = false) =>
    backend.handle(await request(op, path, data, token, sudo));
  const mint: TokenHarness["mint"] = async (data = {}, token = root.token) => {
    const res = await call("update", "create", data, token);
    return res?.authEnvelope?.client_token ?? "";
  };
  return { mem, clock, store, expiration, backend, revokedSecrets, root, call, request, mint };
}

/** Every key and value in the raw store, as text. */
export async function rawDump(mem: MemoryStorage): Promise<string> {
  const out: string[] = [];
  const walk = async (prefix: string): Promise<void> => {
    for (const child of await mem.list(prefix)) {
      if (child.endsWith("/")) await walk(prefix + child);
      else {
        const key = prefix + child;
        const entry = await mem.get(key);
        out.push(key, Buffer.from(entry?.value ?? []).toString("utf8"));
      }
    }
  };
  await walk("");
  return out.join("\n");
}
