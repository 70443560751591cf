/** A raw fetch client for a server at `addr` (the child servers of the e2e tests). */
import type { RequestOpts, TestResponse } from "../helpers/server.js";

export type Requester = (method: string, path: string, opts?: RequestOpts) => Promise<TestResponse>;

export function requester(addr: string): Requester {
  return async (method, path, ro = {}) => {
    const headers: Record<string, string> = { ...(ro.headers ?? {}) };
    if (ro.token) headers["x-vault-token"] = ro.token;
    let body: string | undefined;
    if (ro.body !== undefined) {
      body = typeof ro.body === "string" ? ro.body : JSON.stringify(ro.body);
      headers["content-type"] ??= "application/json";
    }
    const res = await fetch(`${addr}/v1/${path.replace(/^\/+/, "")}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = null;
    if (text !== "") {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = null;
      }
    }
    return { status: res.status, headers: res.headers, body: parsed, text };
  };
}

/** Initialises (3 shares, threshold 2) and unseals with the first two shares. */
export async function initAndUnseal(req: Requester): Promise<{ keys: string[]; rootToken: string }> {
  const init = await req("PUT", "sys/init", { body: { secret_shares: 3, secret_threshold: 2 } });
  if (init.status !== 200) throw new Error(`init failed: ${init.status} ${init.text}`);
  const keys = init.body.keys_base64 as string[];
  await unseal(req, keys.slice(0, 2));
  return { keys, rootToken: init.body.root_token as string };
}

export async function unseal(req: Requester, keys: string[]): Promise<void> {
  for (const key of keys) {
    const r = await req("PUT", "sys/unseal", { body: { key } });
    if (r.status !== 200) throw new Error(`unseal failed: ${r.status} ${r.text}`);
  }
  const st = await req("GET", "sys/seal-status");
  if (st.body.sealed !== false) throw new Error("still sealed after unseal");
}

export async function mountKv2(req: Requester, token: string, path = "secret"): Promise<void> {
  const r = await req("POST", `sys/mounts/${path}`, {
    token,
    body: { type: "kv", options: { version: "2" } },
  });
  if (r.status !== 204) throw new Error(`mount failed: ${r.status} ${r.text}`);
}
