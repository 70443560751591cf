/**
 * Brings a fresh cofre server to the database benchmark's starting state over its HTTP API:
 * initialised, unsealed, the database engine at database/ with two connections to the bench
 * cluster (plain passwords, and SCRAM verifiers computed by cofre), a role on each whose only
 * creation statement is CREATE_ROLE, and a token whose policy may read only their creds.
 */

export const CREATE_ROLE = `CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';`;

const POLICY = `path "database/creds/bench" { capabilities = ["read"] }
path "database/creds/bench-scram" { capabilities = ["read"] }
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
  if (res.status >= 300) throw new Error(`${method} ${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return text === "" ? null : JSON.parse(text);
}

/** Returns the policy-bound token. */
export async function prepareDatabase(
  base: string,
  db: { url: string; user: string; password: string; connections: number },
): Promise<string> {
  const init = (await call(base, "PUT", "sys/init", undefined, {
    secret_shares: 1,
    secret_threshold: 1,
  })) as {
    keys_base64: string[];
    root_token: string;
  };
  await call(base, "PUT", "sys/unseal", undefined, { key: init.keys_base64[0] });
  const root = init.root_token;
  await call(base, "POST", "sys/mounts/database", root, { type: "database" });
  for (const [name, auth] of [
    ["pg", "password"],
    ["pg-scram", "scram-sha-256"],
  ] as const) {
    await call(base, "POST", `database/config/${name}`, root, {
      plugin_name: "postgresql-database-plugin",
      connection_url: db.url,
      username: db.user,
      password: db.password,
      allowed_roles: ["bench", "bench-scram"],
      max_open_connections: db.connections,
      password_authentication: auth,
    });
    await call(base, "POST", `database/roles/${name === "pg" ? "bench" : "bench-scram"}`, root, {
      db_name: name,
      creation_statements: [CREATE_ROLE],
      default_ttl: "1h",
    });
  }
  await call(base, "PUT", "sys/policies/acl/database-bench", root, { policy: POLICY });
  const created = (await call(base, "POST", "auth/token/create", root, {
    policies: ["database-bench"],
    no_default_policy: true,
    ttl: "24h",
  })) as { auth: { client_token: string } };
  return created.auth.client_token;
}
