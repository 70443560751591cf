/**
 * External Secrets Operator's Vault provider (kv v2 + kubernetes auth) against a real cofre
 * server, making exactly the HTTP calls ESO makes (providers/v1/vault in external-secrets, through
 * the Vault Go client: `X-Vault-Request: true`, JSON bodies sent with PUT and no Content-Type):
 *   SecretStore validation: PUT auth/<mountPath>/login {role, jwt}; GET auth/token/lookup-self
 *     (needs data.type, a numeric data.ttl and data.expire_time); GET sys/internal/ui/mounts/<path>
 *     (data.type "kv", data.options.version "2").
 *   ExternalSecret sync: login; GET <path>/data/<key>[?version=N]; on close lookup-self, then
 *     PUT auth/token/revoke-self.
 *   dataFrom.find: GET <path>/metadata/<dir>/?list=true (recursing into folders), GET
 *     <path>/metadata/<key> for custom_metadata tags, then GET <path>/data/<key>.
 * Kubernetes auth is confirmed by the stand-in TokenReview API of the kubernetes auth tests.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Account, TestCluster } from "../auth/kubernetes/cluster.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

const REVIEWER = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJlc28tcmV2aWV3ZXIifQ.c2lnbmF0dXJl";
const APP: Account = { namespace: "apps", name: "eso-app", uid: "3d0c8b6a-0000-4000-8000-000000000001" };
const OTHER: Account = { namespace: "apps", name: "intruder", uid: "3d0c8b6a-0000-4000-8000-000000000002" };

let s: TestServer;
let cluster: TestCluster;

/** One call as the Vault Go client sends it. */
async function vault(method: "GET" | "PUT", path: string, opts: { token?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = { "X-Vault-Request": "true" };
  if (opts.token) headers["X-Vault-Token"] = opts.token;
  const res = await fetch(`${s.addr}/v1/${path}`, {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await res.text();
  return { status: res.status, text, body: text ? JSON.parse(text) : null };
}

async function root(path: string, body: unknown) {
  const r = await s.request("POST", path, { token: s.rootToken, body });
  assert.ok(r.status < 300, `${path}: ${r.status} ${r.text}`);
}

/** ESO's checkToken: the token exists, is not a batch token, and lives at least 60 more seconds. */
function checkToken(lookup: { status: number; body: { data?: Record<string, unknown> } }): boolean {
  if (lookup.status !== 200 || !lookup.body.data) return false;
  const d = lookup.body.data;
  assert.equal(typeof d.type, "string", "data.type is required");
  assert.equal(typeof d.ttl, "number", "data.ttl must be a JSON number");
  assert.ok("expire_time" in d, "data.expire_time is required");
  if (d.type === "batch") return false;
  if ((d.ttl as number) < 60 && d.expire_time !== null) return false;
  if (d.expire_time !== null) {
    assert.match(
      String(d.expire_time),
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/,
      "RFC 3339",
    );
  }
  return true;
}

before(async () => {
  cluster = await TestCluster.start();
  cluster.reviewers.add(REVIEWER);
  s = await startTestServer(); // kv v2 at secret/
  await root("sys/auth/kubernetes", { type: "kubernetes" });
  await root("auth/kubernetes/config", { kubernetes_host: cluster.url, token_reviewer_jwt: REVIEWER });
  const p = await s.request("PUT", "sys/policies/acl/eso-app", {
    token: s.rootToken,
    body: {
      policy:
        'path "secret/data/app/*" { capabilities = ["read"] }\npath "secret/metadata/app/*" { capabilities = ["read", "list"] }',
    },
  });
  assert.equal(p.status, 204, p.text);
  await root("auth/kubernetes/role/eso", {
    bound_service_account_names: APP.name,
    bound_service_account_namespaces: APP.namespace,
    token_policies: "eso-app",
    token_ttl: "20m",
  });
  await root("secret/data/app/db", { data: { username: "app", password: "old-db-password" } });
  await root("secret/data/app/cache/redis", { data: { url: "redis://cache" } });
  await root("secret/metadata/app/db", { custom_metadata: { team: "payments" } });
  await root("secret/data/app/db", {
    data: { username: "app", password: "eso-db-password-2", config: { host: "db.internal", port: 5432 } },
  });
});
after(async () => {
  await s.close();
  await cluster.close();
});

/** ESO's TokenRequest: a 10-minute projected token for the store's service account. */
const serviceAccountToken = (a: Account) =>
  cluster.projected(a, { now: Math.floor(Date.now() / 1000), ttl: 600 });

async function login(a: Account = APP) {
  return vault("PUT", "auth/kubernetes/login", { body: { role: "eso", jwt: await serviceAccountToken(a) } });
}

describe("External Secrets Operator's Vault provider against cofre", () => {
  it("SecretStore validation: login, lookup-self, the kv mount check", async () => {
    const l = await login();
    assert.equal(l.status, 200, l.text);
    const token = l.body.auth.client_token as string;
    assert.ok(token);
    assert.deepEqual(cluster.reviews.at(-1)?.bearer, REVIEWER);
    assert.equal(checkToken(await vault("GET", "auth/token/lookup-self", { token })), true);
    const mount = await vault("GET", "sys/internal/ui/mounts/secret", { token });
    assert.equal(mount.status, 200, mount.text);
    assert.equal(mount.body.data.type, "kv");
    assert.equal(String(mount.body.data.options.version), "2");
  });

  it("ExternalSecret sync: reads <path>/data/<key>, a version, properties; then lookup-self and revoke-self", async () => {
    const token = (await login()).body.auth.client_token as string;
    const read = await vault("GET", "secret/data/app/db", { token });
    assert.equal(read.status, 200, read.text);
    const data = read.body.data.data as Record<string, unknown>;
    // spec.data[].remoteRef.property: a key, or a gjson path; no property: the whole secret as JSON
    assert.equal(data.password, "eso-db-password-2");
    assert.equal((data.config as Record<string, unknown>).host, "db.internal");
    assert.deepEqual(JSON.parse(JSON.stringify(data)), {
      username: "app",
      password: "eso-db-password-2",
      config: { host: "db.internal", port: 5432 },
    });
    const v1 = await vault("GET", "secret/data/app/db?version=1", { token });
    assert.equal(v1.body.data.data.password, "old-db-password");
    assert.equal(v1.body.data.metadata.version, 1);

    // Close(): the token is looked up and revoked (no token caching)
    assert.equal(checkToken(await vault("GET", "auth/token/lookup-self", { token })), true);
    const revoked = await vault("PUT", "auth/token/revoke-self", { token, body: {} });
    assert.equal(revoked.status, 204, revoked.text);
    assert.equal((await vault("GET", "auth/token/lookup-self", { token })).status, 403);
  });

  it("dataFrom.find: lists folders recursively, matches custom_metadata tags, reads the matches", async () => {
    const token = (await login()).body.auth.client_token as string;
    const list = async (dir: string): Promise<string[]> => {
      const r = await vault("GET", `secret/metadata/${dir}?list=true`, { token });
      assert.equal(r.status, 200, r.text);
      const out: string[] = [];
      for (const k of r.body.data.keys as string[])
        out.push(...(k.endsWith("/") ? await list(dir + k) : [dir + k]));
      return out;
    };
    const names = await list("app/");
    assert.deepEqual(names.sort(), ["app/cache/redis", "app/db"]);
    const tagged: string[] = [];
    for (const name of names) {
      const meta = await vault("GET", `secret/metadata/${name}`, { token });
      assert.equal(meta.status, 200, meta.text);
      for (const key of ["created_time", "current_version", "delete_version_after"])
        assert.ok(key in meta.body.data, key);
      if (meta.body.data.custom_metadata?.team === "payments") tagged.push(name);
    }
    assert.deepEqual(tagged, ["app/db"]);
    const got = await vault("GET", `secret/data/${tagged[0]}`, { token });
    assert.equal(got.body.data.data.password, "eso-db-password-2");
  });

  it("a missing key is a 404 with no data (ESO's NoSecretError); another path is 403", async () => {
    const token = (await login()).body.auth.client_token as string;
    const missing = await vault("GET", "secret/data/app/nope", { token });
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body, { errors: [] });
    const denied = await vault("GET", "secret/data/other/x", { token });
    assert.equal(denied.status, 403);
    assert.deepEqual(denied.body, { errors: ["1 error occurred:\n\t* permission denied\n\n"] });
  });

  it("refused logins: another service account (403), a malformed login (400)", async () => {
    const other = await login(OTHER);
    assert.equal(other.status, 403, other.text);
    assert.ok(!other.text.includes("client_token"));
    const malformed = await vault("PUT", "auth/kubernetes/login", {
      body: { jwt: await serviceAccountToken(APP) },
    });
    assert.equal(malformed.status, 400, malformed.text);
    const notJson = await fetch(`${s.addr}/v1/auth/kubernetes/login`, { method: "PUT", body: "{not json" });
    assert.equal(notJson.status, 400);
  });
});
