import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startTestServer, type TestServer, tokenWith } from "../../helpers/server.js";
import { rsaKey } from "../jwt/issuer.js";

const REVIEWER = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXZpZXdlciJ9.c2lnbmF0dXJl";
let s: TestServer;
const root = () => ({ token: s.rootToken });

before(async () => {
  s = await startTestServer({ kv: false });
  await s.request("POST", "sys/auth/kubernetes", { ...root(), body: { type: "kubernetes" } });
});
after(() => s.close());

test("config: the reviewer JWT is write-only; invalid writes are 400 and change nothing", async () => {
  const key = rsaKey("k");
  const w = await s.request("POST", "auth/kubernetes/config", {
    ...root(),
    body: {
      kubernetes_host: "https://10.0.0.1:6443/",
      token_reviewer_jwt: REVIEWER,
      pem_keys: [key.publicPem],
    },
  });
  assert.equal(w.status, 204, w.text);
  const read = await s.request("GET", "auth/kubernetes/config", root());
  assert.deepEqual(read.body.data, {
    kubernetes_host: "https://10.0.0.1:6443",
    kubernetes_ca_cert: "",
    pem_keys: [key.publicPem.trim()],
    issuer: "",
    disable_iss_validation: true,
    disable_local_ca_jwt: false,
    token_reviewer_jwt_set: true,
  });
  assert.ok(!read.text.includes(REVIEWER));
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [{}, /no host provided/],
    [{ kubernetes_host: "not a url" }, /kubernetes_host/],
    [{ kubernetes_host: "https://user:pw@k8s.example" }, /without credentials/],
    [{ kubernetes_host: "https://k8s.example", kubernetes_ca_cert: "junk" }, /PEM-encoded CA/],
    [
      {
        kubernetes_host: "https://k8s.example",
        pem_keys: [key.privateKey.export({ type: "pkcs8", format: "pem" })],
      },
      /private key/,
    ],
    [{ kubernetes_host: "https://k8s.example", token_reviewer_jwt: "not a jwt" }, /expected a JWT/],
    [{ kubernetes_host: "https://k8s.example", disable_local_ca_jwt: "maybe" }, /disable_local_ca_jwt/],
  ];
  for (const [body, message] of cases) {
    const r = await s.request("POST", "auth/kubernetes/config", { ...root(), body });
    assert.equal(r.status, 400, `${JSON.stringify(body).slice(0, 60)}: ${r.text}`);
    assert.match(r.body.errors.join(" "), message);
    assert.ok(!r.text.includes("PRIVATE KEY"));
  }
  const after = await s.request("GET", "auth/kubernetes/config", root());
  assert.deepEqual(after.body.data, read.body.data);
});

test("roles: Vault's fields, globs, validation (400), list and delete", async () => {
  const w = await s.request("POST", "auth/kubernetes/role/Web", {
    ...root(),
    body: {
      bound_service_account_names: ["web", "web-*"],
      bound_service_account_namespaces: "*",
      audience: "cofre",
      alias_name_source: "serviceaccount_name",
      token_policies: "web",
      token_ttl: "1h",
    },
  });
  assert.equal(w.status, 204, w.text);
  const read = await s.request("GET", "auth/kubernetes/role/web", root());
  assert.deepEqual(read.body.data.bound_service_account_names, ["web", "web-*"]);
  assert.deepEqual(read.body.data.bound_service_account_namespaces, ["*"]);
  assert.equal(read.body.data.audience, "cofre");
  assert.equal(read.body.data.alias_name_source, "serviceaccount_name");
  assert.deepEqual(read.body.data.token_policies, ["web"]);
  assert.equal(read.body.data.token_ttl, 3600);
  const base = { bound_service_account_names: "a", bound_service_account_namespaces: "b" };
  for (const [body, message] of [
    [{ bound_service_account_namespaces: "b" }, /"bound_service_account_names" can not be empty/],
    [{ bound_service_account_names: "a" }, /"bound_service_account_namespaces" can not be empty/],
    [{ ...base, bound_service_account_names: ["*", "a"] }, /can not mix "\*" with values/],
    [{ ...base, bound_service_account_namespaces: "App/.+" }, /Kubernetes names/],
    [{ ...base, alias_name_source: "pod_name" }, /alias_name_source/],
    [{ ...base, token_type: "weird" }, /token_type/],
  ] as const) {
    const r = await s.request("POST", "auth/kubernetes/role/bad", { ...root(), body });
    assert.equal(r.status, 400, `${JSON.stringify(body)}: ${r.text}`);
    assert.match(r.body.errors.join(" "), message);
  }
  assert.equal((await s.request("GET", "auth/kubernetes/role/bad", root())).status, 404);
  assert.deepEqual((await s.request("LIST", "auth/kubernetes/role", root())).body.data.keys, ["web"]);
  assert.equal((await s.request("DELETE", "auth/kubernetes/role/web", root())).status, 204);
  assert.equal((await s.request("LIST", "auth/kubernetes/role", root())).status, 404);
});

test("config and roles need a token with a policy on them (403)", async () => {
  const nobody = await tokenWith(s, ["default"]);
  for (const [method, path, body] of [
    ["POST", "auth/kubernetes/config", { kubernetes_host: "https://evil.example" }],
    ["GET", "auth/kubernetes/config", undefined],
    [
      "POST",
      "auth/kubernetes/role/x",
      { bound_service_account_names: "*", bound_service_account_namespaces: "*" },
    ],
    ["GET", "auth/kubernetes/role/x", undefined],
    ["LIST", "auth/kubernetes/role", undefined],
    ["DELETE", "auth/kubernetes/role/x", undefined],
    ["POST", "auth/kubernetes/config/rate_limit", { disable: true }],
  ] as const) {
    assert.equal((await s.request(method, path, { token: nobody, body })).status, 403, `${method} ${path}`);
  }
  const cfg = await s.request("GET", "auth/kubernetes/config", root());
  assert.equal(cfg.body.data.kubernetes_host, "https://10.0.0.1:6443");
});
