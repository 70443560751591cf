/**
 * Brings a fresh cofre server to the database benchmark's starting state over its HTTP API:
 * initialised, unsealed, the database engine at database/ with two connections to the bench
 * cluster (plain passwords, and SCRAM verifiers computed by cofre), a role on each whose only
 * creation statement is CREATE_ROLE, and a token whose policy may read only their creds.
 */
import { call, initAndUnseal, policyToken } from "../common/api.js";

export const CREATE_ROLE = `CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';`;

const POLICY = `path "database/creds/bench" { capabilities = ["read"] }
path "database/creds/bench-scram" { capabilities = ["read"] }
`;

/** Returns the policy-bound token. */
export async function prepareDatabase(
  base: string,
  db: { url: string; user: string; password: string; connections: number },
): Promise<string> {
  const root = await initAndUnseal(base);
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
  return policyToken(base, root, "database-bench", POLICY);
}
