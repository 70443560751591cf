/**
 * Brings a fresh cofre server to the benchmark's starting state over its HTTP API: initialised
 * (one share), unsealed, kv-v2 at secret/, a `bench` policy on secret/data/bench/*, a token bound
 * to that policy only, and one secret pre-written for the read test.
 */

export interface BenchState {
  /** The policy-bound (non-root) token the load uses. */
  token: string;
  /** API path of the pre-written secret, e.g. "/v1/secret/data/bench/read". */
  readPath: string;
  /** The exact body a read of it returns (its size sets the bare server's body). */
  readBody: string;
  /** The JSON body every write sends. */
  writeBody: string;
}

const POLICY = `path "secret/data/bench/*" {
  capabilities = ["create", "read", "update"]
}
`;

async function call(
  base: string,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown } = {},
): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = {};
  if (opts.token) headers["x-vault-token"] = opts.token;
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${base}/v1/${path}`, {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: HTTP ${res.status}`);
  return { status: res.status, text };
}

export async function prepareCofre(base: string, secret: Record<string, string>): Promise<BenchState> {
  const init = JSON.parse(
    (await call(base, "PUT", "sys/init", { body: { secret_shares: 1, secret_threshold: 1 } })).text,
  ) as { keys_base64: string[]; root_token: string };
  const unseal = JSON.parse(
    (await call(base, "PUT", "sys/unseal", { body: { key: init.keys_base64[0] } })).text,
  ) as { sealed: boolean };
  if (unseal.sealed) throw new Error("cofre server is still sealed after unseal");
  const root = init.root_token;
  await call(base, "POST", "sys/mounts/secret", {
    token: root,
    body: { type: "kv", options: { version: "2" } },
  });
  await call(base, "PUT", "sys/policies/acl/bench", { token: root, body: { policy: POLICY } });
  const created = JSON.parse(
    (
      await call(base, "POST", "auth/token/create", {
        token: root,
        body: { policies: ["bench"], no_default_policy: true, ttl: "24h" },
      })
    ).text,
  ) as { auth: { client_token: string } };
  const token = created.auth.client_token;
  await call(base, "POST", "secret/data/bench/read", { token, body: { data: secret } });
  const readBody = (await call(base, "GET", "secret/data/bench/read", { token })).text;
  return {
    token,
    readPath: "/v1/secret/data/bench/read",
    readBody,
    writeBody: JSON.stringify({ data: secret }),
  };
}
