/**
 * Brings a fresh cofre server to the transit benchmark's starting state over its HTTP API:
 * initialised, unsealed, transit at transit/, an aes256-gcm96 key `bench`, and a token bound to a
 * policy that may only encrypt and decrypt with that key.
 */

const POLICY = `path "transit/encrypt/bench" { capabilities = ["update"] }
path "transit/decrypt/bench" { capabilities = ["update"] }
`;

async function call(
  base: string,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
): Promise<unknown> {
  const headers: Record<string, string> = {};
  if (token) headers["x-vault-token"] = token;
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${base}/v1/${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: HTTP ${res.status} ${text.slice(0, 200)}`);
  return text === "" ? null : JSON.parse(text);
}

/** Returns the policy-bound token. */
export async function prepareTransit(base: string): Promise<string> {
  const init = (await call(base, "PUT", "sys/init", undefined, {
    secret_shares: 1,
    secret_threshold: 1,
  })) as {
    keys_base64: string[];
    root_token: string;
  };
  await call(base, "PUT", "sys/unseal", undefined, { key: init.keys_base64[0] });
  const root = init.root_token;
  await call(base, "POST", "sys/mounts/transit", root, { type: "transit" });
  await call(base, "POST", "transit/keys/bench", root, { type: "aes256-gcm96" });
  await call(base, "PUT", "sys/policies/acl/transit-bench", root, { policy: POLICY });
  const created = (await call(base, "POST", "auth/token/create", root, {
    policies: ["transit-bench"],
    no_default_policy: true,
    ttl: "24h",
  })) as { auth: { client_token: string } };
  return created.auth.client_token;
}

/** Encrypts `plaintexts` (base64) through the API, for the decrypt measures' bodies. */
export async function encryptAll(base: string, token: string, plaintexts: string[]): Promise<string[]> {
  const r = (await call(base, "POST", "transit/encrypt/bench", token, {
    batch_input: plaintexts.map((plaintext) => ({ plaintext })),
  })) as { data: { batch_results: { ciphertext: string }[] } };
  return r.data.batch_results.map((x) => x.ciphertext);
}
