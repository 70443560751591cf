import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ManualClock } from "../../../src/util/clock.js";
import { startTestServer, type TestServer } from "../../helpers/server.js";
import { selfSignedLocalhost } from "../jwt/tls-cert.js";
import { type Account, TestCluster } from "./cluster.js";

const DENIED = { errors: ["1 error occurred:\n\t* permission denied\n\n"] };
const REVIEWER = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXZpZXdlciJ9.c2lnbmF0dXJl";
const clock = new ManualClock();
const api: Account = { namespace: "app-prod", name: "app-api", uid: "11111111-aaaa-4bbb-8ccc-000000000001" };
let s: TestServer;
let cluster: TestCluster;
let tls: Awaited<ReturnType<typeof selfSignedLocalhost>>;

const now = () => Math.floor(clock.now() / 1000);
const root = () => ({ token: s.rootToken });

function login(jwt: string, role = "app", mount = "kubernetes") {
  clock.advance(1000);
  return s.request("POST", `auth/${mount}/login`, { body: { role, jwt } });
}

async function configure(body: Record<string, unknown>, mount = "kubernetes") {
  const r = await s.request("POST", `auth/${mount}/config`, { ...root(), body });
  assert.equal(r.status, 204, r.text);
}

before(async () => {
  tls = await selfSignedLocalhost();
  cluster = await TestCluster.start(tls);
  cluster.reviewers.add(REVIEWER);
  s = await startTestServer({ clock, kv: false });
  await s.request("POST", "sys/auth/kubernetes", { ...root(), body: { type: "kubernetes" } });
  await configure({
    kubernetes_host: cluster.url,
    kubernetes_ca_cert: tls.cert,
    token_reviewer_jwt: REVIEWER,
  });
  const r = await s.request("POST", "auth/kubernetes/role/app", {
    ...root(),
    body: {
      bound_service_account_names: "app-*",
      bound_service_account_namespaces: ["app-prod", "app-staging"],
      audience: "cofre",
      token_policies: "app",
      token_ttl: "15m",
      token_max_ttl: "1h",
    },
  });
  assert.equal(r.status, 204, r.text);
});
after(async () => {
  await s.close();
  await cluster.close();
});

test("a bound service account logs in (TokenReview over TLS with the reviewer JWT) and gets exactly the role's token", async () => {
  const jwt = await cluster.projected(api, { aud: ["cofre"], now: now() });
  const r = await login(jwt);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.auth.policies, ["app", "default"]);
  assert.equal(r.body.auth.lease_duration, 900);
  assert.deepEqual(r.body.auth.metadata, {
    role: "app",
    service_account_name: "app-api",
    service_account_namespace: "app-prod",
    service_account_uid: api.uid,
    service_account_secret_name: "",
  });
  const review = cluster.reviews.at(-1);
  assert.equal(review?.bearer, REVIEWER);
  assert.equal(review?.token, jwt);
  assert.deepEqual(review?.audiences, ["cofre"]);
  const token = r.body.auth.client_token as string;
  const self = await s.request("GET", "auth/token/lookup-self", { token });
  assert.equal(self.body.data.display_name, "kubernetes-app-prod-app-api");
  clock.advance(10 * 60 * 1000);
  const renewed = await s.request("POST", "auth/token/renew-self", { token, body: {} });
  assert.equal(renewed.status, 200, renewed.text);
  assert.equal(renewed.body.auth.lease_duration, 900);
  // Narrowing the role so it no longer admits this account stops renewal.
  await s.request("POST", "auth/kubernetes/role/app", {
    ...root(),
    body: { bound_service_account_names: "app-web" },
  });
  assert.equal((await s.request("POST", "auth/token/renew-self", { token, body: {} })).status, 400);
  await s.request("POST", "auth/kubernetes/role/app", {
    ...root(),
    body: { bound_service_account_names: "app-*" },
  });
});

test("each binding refuses: namespace, name, audience, a token the API rejects or reports differently", async () => {
  const reviews = cluster.reviews.length;
  const offBinding: Array<[string, string]> = [
    [
      "namespace not bound",
      await cluster.projected({ ...api, namespace: "kube-system" }, { aud: ["cofre"], now: now() }),
    ],
    ["name not bound", await cluster.projected({ ...api, name: "db-admin" }, { aud: ["cofre"], now: now() })],
    ["audience missing", await cluster.projected(api, { now: now() })],
    ["not a JWT", "definitely-not-a-jwt"],
  ];
  for (const [why, jwt] of offBinding) assert.deepEqual((await login(jwt)).body, DENIED, why);
  assert.equal(cluster.reviews.length, reviews, "tokens the role refuses cost no API call");

  const unknown = await cluster.projected(api, { aud: ["cofre"], now: now(), known: false });
  const liar = await cluster.projected(api, { aud: ["cofre"], now: now(), known: false });
  cluster.valid.set(liar, { account: { ...api, name: "app-other" }, audiences: ["cofre"] });
  const otherUid = await cluster.projected(api, { aud: ["cofre"], now: now(), known: false });
  cluster.valid.set(otherUid, { account: { ...api, uid: "recreated-uid" }, audiences: ["cofre"] });
  const apiAud = await cluster.projected(api, { aud: ["cofre"], now: now(), known: false });
  cluster.valid.set(apiAud, { account: api, audiences: ["something-else"] });
  for (const [why, jwt, role] of [
    ["not authenticated by the API", unknown, "app"],
    ["API reports another name", liar, "app"],
    ["API reports another uid", otherUid, "app"],
    ["API does not confirm the audience", apiAud, "app"],
    ["unknown role", await cluster.projected(api, { aud: ["cofre"], now: now() }), "nope"],
  ] as const) {
    const r = await login(jwt, role);
    assert.equal(r.status, 403, why);
    assert.deepEqual(r.body, DENIED, why);
    assert.ok(!r.text.includes(jwt.split(".")[1] ?? "-"));
  }
  const staging = await cluster.projected(
    { ...api, namespace: "app-staging", name: "app-worker" },
    { aud: ["cofre"], now: now() },
  );
  assert.equal((await login(staging)).status, 200);
});

test("API trouble: a bad reviewer JWT, a wrong CA or an unreachable host give 502 without leaking", async () => {
  const jwt = await cluster.projected(api, { aud: ["cofre"], now: now() });
  await configure({
    kubernetes_host: cluster.url,
    kubernetes_ca_cert: tls.cert,
    token_reviewer_jwt: "a.b.c",
  });
  let r = await login(jwt);
  assert.equal(r.status, 502);
  assert.deepEqual(r.body, {
    errors: ["the Kubernetes API refused the token reviewer credentials (HTTP 401)"],
  });
  await configure({ kubernetes_host: cluster.url, token_reviewer_jwt: REVIEWER, disable_local_ca_jwt: true });
  r = await login(jwt);
  assert.equal(r.status, 502);
  assert.deepEqual(r.body, {
    errors: ["error calling the Kubernetes TokenReview API: TLS certificate verification failed"],
  });
  cluster.failWith = 500;
  await configure({
    kubernetes_host: cluster.url,
    kubernetes_ca_cert: tls.cert,
    token_reviewer_jwt: REVIEWER,
  });
  r = await login(jwt);
  assert.deepEqual(r.body, { errors: ["error calling the Kubernetes TokenReview API: HTTP status 500"] });
  cluster.failWith = 0;
  const down = await TestCluster.start();
  await down.close();
  await configure({ kubernetes_host: down.url, token_reviewer_jwt: REVIEWER });
  r = await login(jwt);
  assert.deepEqual(r.body, { errors: ["error calling the Kubernetes TokenReview API: connection refused"] });
  assert.ok(!r.text.includes(jwt) && !r.text.includes(REVIEWER) && !r.text.includes("127.0.0.1"));
  await configure({
    kubernetes_host: cluster.url,
    kubernetes_ca_cert: tls.cert,
    token_reviewer_jwt: REVIEWER,
  });
});

test("without a reviewer JWT the caller's own token is the bearer (and a refused one is a 403)", async () => {
  await configure({ kubernetes_host: cluster.url, kubernetes_ca_cert: tls.cert, disable_local_ca_jwt: true });
  const jwt = await cluster.projected(api, { aud: ["cofre"], now: now() });
  assert.equal((await login(jwt)).status, 403);
  cluster.allowSelfReview = true;
  const ok = await login(jwt);
  assert.equal(ok.status, 200, ok.text);
  assert.equal(cluster.reviews.at(-1)?.bearer, jwt);
  cluster.allowSelfReview = false;
  await configure({
    kubernetes_host: cluster.url,
    kubernetes_ca_cert: tls.cert,
    token_reviewer_jwt: REVIEWER,
  });
});

test("pem_keys: tokens are verified locally (no TokenReview), with expiry, issuer and the bindings", async () => {
  await s.request("POST", "sys/auth/k8s-local", { ...root(), body: { type: "kubernetes" } });
  const closed = await TestCluster.start();
  await closed.close();
  await configure({ kubernetes_host: closed.url, pem_keys: [cluster.key.publicPem] }, "k8s-local");
  await s.request("POST", "auth/k8s-local/role/app", {
    ...root(),
    body: {
      bound_service_account_names: "*",
      bound_service_account_namespaces: "app-*",
      token_policies: "local",
    },
  });
  const reviews = cluster.reviews.length;
  const fresh = await cluster.projected(api, { now: now(), ttl: 600 });
  const ok = await login(fresh, "app", "k8s-local");
  assert.equal(ok.status, 200, ok.text);
  assert.deepEqual(ok.body.auth.policies, ["default", "local"]);
  const legacy = await cluster.legacy({ ...api, name: "builder" }, "builder-token-x7k2p");
  const old = await login(legacy, "app", "k8s-local");
  assert.equal(old.status, 200, old.text);
  assert.equal(old.body.auth.metadata.service_account_secret_name, "builder-token-x7k2p");
  assert.equal(cluster.reviews.length, reviews);

  const stranger = new TestCluster();
  for (const [why, jwt] of [
    ["signed by another cluster", await stranger.projected(api, { now: now() })],
    ["namespace not bound", await cluster.projected({ ...api, namespace: "default" }, { now: now() })],
  ] as const) {
    assert.deepEqual((await login(jwt, "app", "k8s-local")).body, DENIED, why);
  }
  clock.advance(700 * 1000);
  assert.deepEqual((await login(fresh, "app", "k8s-local")).body, DENIED, "expired");
  await configure(
    { kubernetes_host: closed.url, pem_keys: [cluster.key.publicPem], issuer: "https://oidc.other.example" },
    "k8s-local",
  );
  const good = await cluster.projected(api, { now: now() });
  assert.deepEqual((await login(good, "app", "k8s-local")).body, DENIED, "issuer");
});

test("malformed logins get 400; logins are rate limited per address (429)", async () => {
  assert.deepEqual((await s.request("POST", "auth/kubernetes/login", { body: { role: "app" } })).body, {
    errors: ["missing jwt"],
  });
  assert.deepEqual((await s.request("POST", "auth/kubernetes/login", { body: { jwt: "x" } })).body, {
    errors: ["missing role"],
  });
  assert.equal((await s.request("POST", "auth/kubernetes/login", { body: "{" })).status, 400);
  const w = await s.request("POST", "auth/kubernetes/config/rate_limit", { ...root(), body: { burst: 2 } });
  assert.equal(w.status, 204, w.text);
  clock.advance(60 * 1000);
  const statuses: number[] = [];
  for (let i = 0; i < 3; i++) {
    statuses.push(
      (await s.request("POST", "auth/kubernetes/login", { body: { role: "app", jwt: "x.y.z" } })).status,
    );
  }
  assert.deepEqual(statuses, [403, 403, 429]);
});
