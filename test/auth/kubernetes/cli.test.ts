import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { CliContext } from "../../../src/cli/io.js";
import { kubernetesLoginMethod } from "../../../src/cli/login/kubernetes.js";
import { CofreClient } from "../../../src/client/client.js";
import { ManualClock } from "../../../src/util/clock.js";
import { Capture, cofre, tempHome } from "../../cli/harness.js";
import { startTestServer, type TestServer } from "../../helpers/server.js";
import { type Account, TestCluster } from "./cluster.js";

const clock = new ManualClock();
const sa: Account = { namespace: "payments", name: "api", uid: "uid-payments-api" };
let s: TestServer;
let cluster: TestCluster;
let home: Awaited<ReturnType<typeof tempHome>>;

const podToken = () => cluster.projected(sa, { now: Math.floor(clock.now() / 1000) });

before(async () => {
  cluster = await TestCluster.start();
  cluster.allowSelfReview = true;
  s = await startTestServer({ clock, kv: false });
  home = await tempHome();
  const root = { token: s.rootToken };
  await s.request("POST", "sys/auth/kubernetes", { ...root, body: { type: "kubernetes" } });
  await s.request("POST", "auth/kubernetes/config", {
    ...root,
    body: { kubernetes_host: cluster.url, disable_local_ca_jwt: true },
  });
  const r = await s.request("POST", "auth/kubernetes/role/payments", {
    ...root,
    body: {
      bound_service_account_names: "api",
      bound_service_account_namespaces: "payments",
      token_policies: "pay",
    },
  });
  assert.equal(r.status, 204, r.text);
});
after(async () => {
  await s.close();
  await cluster.close();
  await home.cleanup();
});

test("cofre login -method=kubernetes role=... jwt=@FILE stores a working token", async () => {
  const file = join(home.dir, "sa-token");
  const jwt = await podToken();
  await writeFile(file, `${jwt}\n`);
  const r = await cofre(["login", "-method=kubernetes", "role=payments", `jwt=@${file}`], {
    env: { COFRE_ADDR: s.addr },
    home: home.dir,
  });
  assert.equal(r.code, 0, r.stderr);
  assert.ok(!r.stdout.includes(jwt));
  const token = (await readFile(join(home.dir, ".cofre-token"), "utf8")).trim();
  const self = await s.request("GET", "auth/token/lookup-self", { token });
  assert.deepEqual(self.body.data.policies, ["default", "pay"]);
  assert.equal(self.body.data.meta.service_account_namespace, "payments");
});

test("without jwt= the pod's service account token file is read; a missing file is a usage error", async () => {
  const tokenPath = join(home.dir, "pod-token");
  await writeFile(tokenPath, await podToken());
  const ctx: CliContext = {
    io: { env: {}, stdout: new Capture(), stderr: new Capture(), homeDir: home.dir },
    exitCode: 0,
    stdinUsed: false,
  };
  const client = new CofreClient({ address: s.addr });
  clock.advance(1000);
  const result = await kubernetesLoginMethod(tokenPath).login({
    ctx,
    client,
    args: ["role=payments"],
    mountPath: "kubernetes",
  });
  assert.deepEqual(result.secret.auth?.policies, ["default", "pay"]);
  if (existsSync("/var/run/secrets/kubernetes.io/serviceaccount/token")) return; // running in a pod
  const missing = await cofre(["login", "-method=kubernetes", "role=payments"], {
    env: { COFRE_ADDR: s.addr },
    home: home.dir,
  });
  assert.equal(missing.code, 1);
  assert.match(
    missing.stderr,
    /service account token \/var\/run\/secrets\/kubernetes.io\/serviceaccount\/token cannot be read/,
  );
});
