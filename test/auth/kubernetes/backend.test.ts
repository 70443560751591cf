import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { createKubernetesBackend } from "../../../src/auth/kubernetes/index.js";
import { PrefixedStorageView } from "../../../src/logical/storage-view.js";
import type { Backend, BackendContext } from "../../../src/logical/types.js";
import { MemoryStorage } from "../../../src/storage/memory.js";
import { ManualClock } from "../../../src/util/clock.js";
import { createLogger } from "../../../src/util/logger.js";
import { secureOver } from "../../engines/kv/harness.js";
import { makeRequest } from "../../helpers/request.js";
import { selfSignedLocalhost } from "../jwt/tls-cert.js";
import { type Account, TestCluster } from "./cluster.js";

const POD_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjb2ZyZS1wb2QifQ.cG9kLXNpZ25hdHVyZQ";
const sa: Account = { namespace: "team-a", name: "builder", uid: "uid-builder-1" };
const clock = new ManualClock();
const logs: string[] = [];
let dir: string;
let cluster: TestCluster;
let backend: Backend;

const call = (path: string, data: Record<string, unknown>, op: "update" | "create" = "update") =>
  backend.handle(makeRequest(op, path, data));
const now = () => Math.floor(clock.now() / 1000);

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "cofre-k8s-pod-"));
  const tls = await selfSignedLocalhost();
  await writeFile(join(dir, "token"), `${POD_TOKEN}\n`);
  await writeFile(join(dir, "ca.crt"), tls.cert);
  cluster = await TestCluster.start(tls);
  cluster.reviewers.add(POD_TOKEN);
  const ctx: BackendContext = {
    storage: new PrefixedStorageView(secureOver(new MemoryStorage()), "auth/k8s/"),
    clock,
    logger: createLogger({ level: "debug", write: (l) => logs.push(l) }),
    mount: {
      path: "auth/kubernetes/",
      type: "kubernetes",
      accessor: "auth_kubernetes_1",
      options: {},
      description: "",
    },
    ttls: () => ({ defaultLeaseTTL: 3600, maxLeaseTTL: 7200 }),
  } as BackendContext;
  backend = await createKubernetesBackend(ctx, {
    localPaths: { tokenPath: join(dir, "token"), caPath: join(dir, "ca.crt") },
  });
  await call("config", { kubernetes_host: cluster.url });
  await call(
    "role/by-uid",
    { bound_service_account_names: "builder", bound_service_account_namespaces: "team-*" },
    "create",
  );
  await call(
    "role/by-name",
    {
      bound_service_account_names: "builder",
      bound_service_account_namespaces: "team-a",
      alias_name_source: "serviceaccount_name",
    },
    "create",
  );
});
after(async () => {
  await cluster.close();
  await rm(dir, { recursive: true, force: true });
});

test("in a pod, the pod's own token and CA review logins when none are configured", async () => {
  const jwt = await cluster.projected(sa, { now: now() });
  const byUid = await call("login", { role: "by-uid", jwt });
  assert.equal(cluster.reviews.at(-1)?.bearer, POD_TOKEN);
  assert.deepEqual(byUid?.auth?.alias, {
    name: sa.uid,
    metadata: {
      service_account_name: "builder",
      service_account_namespace: "team-a",
      service_account_uid: sa.uid,
      service_account_secret_name: "",
    },
  });
  const byName = await call("login", { role: "by-name", jwt });
  assert.equal(byName?.auth?.alias?.name, "team-a/builder");
  assert.equal(byName?.auth?.displayName, "team-a-builder");
});

test("disable_local_ca_jwt=true ignores the pod's files: the caller's token becomes the bearer", async () => {
  const jwt = await cluster.projected(sa, { now: now() });
  await call("config", { kubernetes_host: cluster.url, disable_local_ca_jwt: true });
  // Without the pod's CA the self-signed API server is not trusted.
  await assert.rejects(call("login", { role: "by-uid", jwt }), /TLS certificate verification failed/);
  cluster.allowSelfReview = true;
  const ca = await readFile(join(dir, "ca.crt"), "utf8");
  await call("config", { kubernetes_host: cluster.url, kubernetes_ca_cert: ca, disable_local_ca_jwt: true });
  const res = await call("login", { role: "by-uid", jwt });
  assert.deepEqual(res?.auth?.policies, []);
  assert.equal(cluster.reviews.at(-1)?.bearer, jwt);
  // The log records why logins were refused, never a token.
  await assert.rejects(call("login", { role: "by-uid", jwt: `${jwt}x` }), /permission denied/);
  const text = logs.join("\n");
  assert.match(text, /kubernetes login refused/);
  for (const secret of [jwt, POD_TOKEN, jwt.split(".")[2] ?? "-"]) assert.ok(!text.includes(secret));
});
