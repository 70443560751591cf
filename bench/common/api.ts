/**
 * The HTTP API calls every benchmark makes to bring a fresh cofre server to its starting state:
 * one JSON request helper, init + unseal with a single key share, and a token bound to one policy.
 */

/** Sends one API request; returns the response body as text, or throws on a status of 300 or more. */
export async function callText(
  base: string,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
): Promise<string> {
  const headers: Record<string, string> = {};
  if (token) headers["x-vault-token"] = token;
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${base}/v1/${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return text;
}

/** Like callText, with the body parsed as JSON (null when empty). */
export async function call(
  base: string,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
): Promise<unknown> {
  const text = await callText(base, method, path, token, body);
  return text === "" ? null : JSON.parse(text);
}

/** Initialises the server with one key share, unseals it, and returns the root token. */
export async function initAndUnseal(base: string): Promise<string> {
  const init = (await call(base, "PUT", "sys/init", undefined, {
    secret_shares: 1,
    secret_threshold: 1,
  })) as { keys_base64: string[]; root_token: string };
  const unseal = (await call(base, "PUT", "sys/unseal", undefined, { key: init.keys_base64[0] })) as {
    sealed: boolean;
  };
  if (unseal.sealed) throw new Error("cofre server is still sealed after unseal");
  return init.root_token;
}

/** Writes the ACL policy `name` and returns a 24h token bound to it alone (no default policy). */
export async function policyToken(base: string, root: string, name: string, policy: string): Promise<string> {
  await call(base, "PUT", `sys/policies/acl/${name}`, root, { policy });
  const created = (await call(base, "POST", "auth/token/create", root, {
    policies: [name],
    no_default_policy: true,
    ttl: "24h",
  })) as { auth: { client_token: string } };
  return created.auth.client_token;
}
