import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { envelope, FakeServer } from "../client/fake-server.js";
import { cofre, tempHome } from "./harness.js";

const status = (sealed: boolean, progress = 0) => ({
  type: "shamir",
  initialized: true,
  sealed,
  t: 3,
  n: 5,
  progress,
  nonce: sealed ? "nonce-1" : "",
  version: "0.1.0",
  build_date: "2026-11-01T00:00:00Z",
  migration: false,
  storage_type: "sqlite",
  ...(sealed ? {} : { cluster_name: "cofre-cluster-1", cluster_id: "cid-1" }),
});

describe("cofre status and operator", () => {
  const fake = new FakeServer();
  let home: Awaited<ReturnType<typeof tempHome>>;
  let env: Record<string, string>;
  const run = (argv: string[], stdin?: string) => cofre(argv, { env, home: home.dir, stdin });

  before(async () => {
    await fake.start();
    home = await tempHome();
    env = { COFRE_ADDR: fake.address, COFRE_TOKEN: "hvs.operator" };
    fake.on("GET /v1/sys/leader", {
      body: { ha_enabled: false, is_self: false, leader_address: "", leader_cluster_address: "" },
    });
  });
  after(async () => {
    await fake.stop();
    await home.cleanup();
  });
  beforeEach(() => {
    fake.requests.length = 0;
  });

  it("status exits 0 when unsealed and prints Vault's table", async () => {
    fake.on("GET /v1/sys/seal-status", { body: status(false) });
    const r = await run(["status"]);
    assert.equal(r.code, 0);
    assert.equal(
      r.stdout,
      [
        "Key             Value",
        "---             -----",
        "Seal Type       shamir",
        "Initialized     true",
        "Sealed          false",
        "Total Shares    5",
        "Threshold       3",
        "Version         0.1.0",
        "Build Date      2026-11-01T00:00:00Z",
        "Storage Type    sqlite",
        "Cluster Name    cofre-cluster-1",
        "Cluster ID      cid-1",
        "HA Enabled      false",
        "",
      ].join("\n"),
    );
  });

  it("status exits 2 when sealed (showing progress) and 1 when the server cannot answer", async () => {
    fake.on("GET /v1/sys/seal-status", { body: status(true, 1) });
    const sealed = await run(["status"]);
    assert.equal(sealed.code, 2);
    assert.match(sealed.stdout, /Unseal Progress {4}1\/3\n/);
    assert.equal(fake.seen("GET", "/v1/sys/leader").length, 0);
    const json = await run(["status", "-format=json"]);
    assert.equal(json.code, 2);
    assert.equal(JSON.parse(json.stdout).sealed, true);

    fake.on("GET /v1/sys/seal-status", { status: 500, body: { errors: ["internal error"] } });
    const broken = await run(["status"]);
    assert.equal(broken.code, 1);
    assert.equal(broken.stderr, "Error checking seal status: Code: 500. Errors: * internal error\n");
  });

  it("operator init sends the shares and prints keys and the root token (JSON in Vault's shape)", async () => {
    fake.on("PUT /v1/sys/init", {
      body: { keys: ["aa", "bb"], keys_base64: ["qg==", "uw=="], root_token: "hvs.root-from-init" },
    });
    const r = await run(["operator", "init", "-key-shares=2", "-key-threshold=2"]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(fake.seen("PUT", "/v1/sys/init")[0].json, { secret_shares: 2, secret_threshold: 2 });
    assert.match(
      r.stdout,
      /^Unseal Key 1: qg==\nUnseal Key 2: uw==\n\nInitial Root Token: hvs\.root-from-init\n/,
    );
    const json = await run(["operator", "init", "-format=json"]);
    assert.deepEqual(JSON.parse(json.stdout), {
      unseal_keys_b64: ["qg==", "uw=="],
      unseal_keys_hex: ["aa", "bb"],
      unseal_shares: 5,
      unseal_threshold: 3,
      recovery_keys_b64: [],
      recovery_keys_hex: [],
      recovery_keys_shares: 0,
      recovery_keys_threshold: 0,
      root_token: "hvs.root-from-init",
    });
    const bad = await run(["operator", "init", "-key-shares=zero"]);
    assert.equal(bad.code, 1);
    assert.equal(bad.stderr, "Error: invalid value for -key-shares: expected an integer\n");

    fake.on("PUT /v1/sys/init", { status: 400, body: { errors: ["Vault is already initialized"] } });
    const again = await run(["operator", "init"]);
    assert.equal(again.code, 2);
    assert.equal(again.stderr, "Error initializing: Code: 400. Errors: * Vault is already initialized\n");
  });

  it("operator unseal takes the key as an argument or from stdin, and -reset", async () => {
    fake.on("PUT /v1/sys/unseal", (req) => ({
      body: status((req.json as { reset?: boolean }).reset !== true, 1),
    }));
    const r = await run(["operator", "unseal", "abcd"]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(fake.seen("PUT", "/v1/sys/unseal")[0].json, { key: "abcd" });
    assert.match(r.stdout, /Unseal Progress {4}1\/3/);
    await run(["operator", "unseal"], "from-stdin-key\nignored\n");
    assert.deepEqual(fake.seen("PUT", "/v1/sys/unseal")[1].json, { key: "from-stdin-key" });
    await run(["operator", "unseal", "-reset"]);
    assert.deepEqual(fake.seen("PUT", "/v1/sys/unseal")[2].json, { reset: true });
    const none = await run(["operator", "unseal"], "\n");
    assert.equal(none.code, 1);
    assert.equal(none.stderr, "Error: no unseal key given\n");
  });

  it("operator seal, rotate and key-status", async () => {
    fake.on("PUT /v1/sys/seal", { status: 204 });
    assert.equal((await run(["operator", "seal"])).stdout, "Success! cofre is sealed.\n");
    fake.on("PUT /v1/sys/rotate", { status: 204 });
    fake.on("GET /v1/sys/key-status", {
      body: envelope({ term: 3, install_time: "2026-11-22T00:00:00Z", encryptions: 7 }),
    });
    const rotate = await run(["operator", "rotate"]);
    assert.equal(
      rotate.stdout,
      "Success! Rotated key\n\nKey Term            3\nInstall Time        2026-11-22T00:00:00Z\nEncryption Count    7\n",
    );
    const ks = await run(["operator", "key-status", "-format=json"]);
    assert.deepEqual(JSON.parse(ks.stdout), {
      term: 3,
      install_time: "2026-11-22T00:00:00Z",
      encryptions: 7,
    });
    fake.on("PUT /v1/sys/seal", { status: 403, body: { errors: ["permission denied"] } });
    const denied = await run(["operator", "seal"]);
    assert.equal(denied.code, 2);
    assert.equal(denied.stderr, "Error sealing: Code: 403. Errors: * permission denied\n");
  });
});
