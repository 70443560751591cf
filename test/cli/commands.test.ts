import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import { envelope, FakeServer } from "../client/fake-server.js";
import { cofre, tempHome } from "./harness.js";

const CALLER = "hvs.caller-token-value";

describe("cofre token, policy, secrets and generic commands", () => {
  const fake = new FakeServer();
  let home: Awaited<ReturnType<typeof tempHome>>;
  let env: Record<string, string>;
  const run = (argv: string[], stdin?: string) => cofre(argv, { env, home: home.dir, stdin });
  const auth = {
    client_token: "hvs.new-child-token",
    accessor: "acc-child",
    policies: ["default", "web"],
    token_policies: ["default", "web"],
    metadata: { team: "a" },
    lease_duration: 7200,
    renewable: true,
  };

  before(async () => {
    await fake.start();
    home = await tempHome();
    env = { VAULT_ADDR: fake.address, VAULT_TOKEN: CALLER };
  });
  after(async () => {
    await fake.stop();
    await home.cleanup();
  });
  beforeEach(() => {
    fake.requests.length = 0;
  });

  it("token create maps every flag to the API body and prints the new token", async () => {
    fake.on("POST /v1/auth/token/create-orphan", { body: envelope(null, { auth }) });
    const r = await run([
      "token",
      "create",
      "-policy=web",
      "-policy=db,ops",
      "-ttl=1h",
      "-explicit-max-ttl=2h",
      "-period=30m",
      "-orphan",
      "-use-limit=3",
      "-display-name=ci",
      "-metadata=team=a",
      "-no-default-policy",
      "-renewable=false",
      "-type=service",
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(fake.seen("POST", "/v1/auth/token/create-orphan")[0].json, {
      policies: ["web", "db", "ops"],
      meta: { team: "a" },
      no_default_policy: true,
      renewable: false,
      ttl: "1h",
      explicit_max_ttl: "2h",
      period: "30m",
      display_name: "ci",
      num_uses: 3,
      type: "service",
    });
    assert.match(
      r.stdout,
      /^Key +Value\n-+ +-+\ntoken +hvs\.new-child-token\ntoken_accessor +acc-child\ntoken_duration +2h0m0s\n/,
    );
    fake.on("POST /v1/auth/token/create/deploy", { body: envelope(null, { auth }) });
    const field = await run(["token", "create", "-role=deploy", "-field=token"]);
    assert.equal(field.stdout, "hvs.new-child-token");
    assert.deepEqual(fake.seen("POST", "/v1/auth/token/create/deploy")[0].json, {});
    const bad = await run(["token", "create", "-ttl=forever"]);
    assert.equal(bad.code, 1);
    assert.equal(bad.stderr, "Error: invalid duration for -ttl\n");
  });

  it("token lookup never prints the token id; renew never prints the token", async () => {
    const data = {
      accessor: "acc",
      id: CALLER,
      policies: ["root"],
      ttl: 0,
      creation_ttl: 0,
      type: "service",
    };
    fake.on("GET /v1/auth/token/lookup-self", { body: envelope(data) });
    fake.on("POST /v1/auth/token/lookup-accessor", { body: envelope({ ...data, id: "" }) });
    for (const argv of [
      ["token", "lookup"],
      ["token", "lookup", "-format=json"],
      ["token", "lookup", "-format=yaml"],
    ]) {
      const r = await run(argv);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(!r.stdout.includes(CALLER), argv.join(" "));
    }
    const table = await run(["token", "lookup"]);
    assert.match(table.stdout, /ttl +0s\n/);
    assert.match(table.stdout, /id +n\/a\n/);
    await run(["token", "lookup", "-accessor", "acc"]);
    assert.deepEqual(fake.seen("POST", "/v1/auth/token/lookup-accessor")[0].json, { accessor: "acc" });

    fake.on("POST /v1/auth/token/renew-self", {
      body: envelope(null, { auth: { ...auth, client_token: CALLER } }),
    });
    const renew = await run(["token", "renew", "-increment=1h"]);
    assert.equal(renew.code, 0, renew.stderr);
    assert.deepEqual(fake.seen("POST", "/v1/auth/token/renew-self")[0].json, { increment: "1h" });
    assert.ok(!renew.stdout.includes(CALLER));
    assert.match(renew.stdout, /token_accessor +acc-child/);
  });

  it("token revoke picks the endpoint from -self, -accessor and -mode", async () => {
    for (const p of ["revoke", "revoke-self", "revoke-accessor", "revoke-orphan"]) {
      fake.on(`POST /v1/auth/token/${p}`, { status: 204 });
    }
    fake.on("POST /v1/sys/leases/revoke-prefix/auth/github/login", { status: 204 });
    assert.equal(
      (await run(["token", "revoke", "hvs.x"])).stdout,
      "Success! Revoked token (if it existed)\n",
    );
    assert.deepEqual(fake.seen("POST", "/v1/auth/token/revoke")[0].json, { token: "hvs.x" });
    await run(["token", "revoke", "-self"]);
    assert.equal(fake.seen("POST", "/v1/auth/token/revoke-self").length, 1);
    await run(["token", "revoke", "-accessor", "acc"]);
    assert.deepEqual(fake.seen("POST", "/v1/auth/token/revoke-accessor")[0].json, { accessor: "acc" });
    await run(["token", "revoke", "-mode=orphan", "hvs.y"]);
    assert.deepEqual(fake.seen("POST", "/v1/auth/token/revoke-orphan")[0].json, { token: "hvs.y" });
    await run(["token", "revoke", "-mode=path", "auth/github/login"]);
    assert.equal(fake.seen("POST", "/v1/sys/leases/revoke-prefix/auth/github/login").length, 1);
    const both = await run(["token", "revoke", "-self", "hvs.z"]);
    assert.equal(both.code, 1);
    assert.equal(both.stderr, "Error: Tokens cannot be specified with -self\n");
    assert.equal(
      (await run(["token", "revoke"])).stderr,
      "Error: Not enough arguments (expected 1, got 0)\n",
    );
  });

  it("token capabilities prints a comma list (JSON: an array)", async () => {
    fake.on("POST /v1/sys/capabilities-self", {
      body: envelope({ capabilities: ["read", "update"], "secret/data/x": ["read", "update"] }),
    });
    fake.on("POST /v1/sys/capabilities", {
      body: envelope({ capabilities: ["deny"], "secret/data/x": ["deny"] }),
    });
    assert.equal((await run(["token", "capabilities", "secret/data/x"])).stdout, "read, update\n");
    assert.deepEqual(fake.seen("POST", "/v1/sys/capabilities-self")[0].json, { paths: ["secret/data/x"] });
    const other = await run(["token", "capabilities", "-format=json", "hvs.other", "secret/data/x"]);
    assert.deepEqual(JSON.parse(other.stdout), ["deny"]);
    assert.deepEqual(fake.seen("POST", "/v1/sys/capabilities")[0].json, {
      token: "hvs.other",
      paths: ["secret/data/x"],
    });
  });

  it("policy write (file or stdin), read, list and delete", async () => {
    fake.on("POST /v1/sys/policies/acl/web", { status: 204 });
    await writeFile(join(home.dir, "web.hcl"), 'path "secret/*" { capabilities = ["read"] }\n');
    const w = await run(["policy", "write", "web", "web.hcl"]);
    assert.equal(w.stdout, "Success! Uploaded policy: web\n");
    assert.deepEqual(fake.seen("POST", "/v1/sys/policies/acl/web")[0].json, {
      policy: 'path "secret/*" { capabilities = ["read"] }\n',
    });
    await run(["policy", "write", "web", "-"], 'path "a" {}');
    assert.deepEqual(fake.seen("POST", "/v1/sys/policies/acl/web")[1].json, { policy: 'path "a" {}' });

    fake.on("GET /v1/sys/policies/acl/web", { body: envelope({ name: "web", policy: 'path "a" {}\n' }) });
    assert.equal((await run(["policy", "read", "web"])).stdout, 'path "a" {}\n');
    const missing = await run(["policy", "read", "nope"]);
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, "No policy named: nope\n");

    fake.on("GET /v1/sys/policies/acl", { body: envelope({ keys: ["default", "web", "root"] }) });
    assert.equal((await run(["policy", "list"])).stdout, "default\nweb\nroot\n");
    assert.deepEqual(JSON.parse((await run(["policy", "list", "-format=json"])).stdout), [
      "default",
      "web",
      "root",
    ]);

    fake.on("DELETE /v1/sys/policies/acl/web", { status: 204 });
    assert.equal((await run(["policy", "delete", "web"])).stdout, "Success! Deleted policy: web\n");
    fake.on("DELETE /v1/sys/policies/acl/default", {
      status: 400,
      body: { errors: ["cannot delete default policy"] },
    });
    const undeletable = await run(["policy", "delete", "default"]);
    assert.equal(undeletable.code, 2);
    assert.equal(
      undeletable.stderr,
      "Error deleting default: Code: 400. Errors: * cannot delete default policy\n",
    );
  });

  it("policy fmt rewrites the file in place and leaves a bad file untouched", async () => {
    const file = join(home.dir, "fmt.hcl");
    await writeFile(file, 'path "a" {capabilities=["read"]}');
    const r = await run(["policy", "fmt", "fmt.hcl"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "Success! Formatted policy: fmt.hcl\n");
    assert.equal(await readFile(file, "utf8"), 'path "a" {\n  capabilities = ["read"]\n}\n');
    await writeFile(file, 'path "a" { capabilities = ["read"]');
    const bad = await run(["policy", "fmt", "fmt.hcl"]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^Error: failed to parse HCL at line 1, column \d+: /);
    assert.equal(await readFile(file, "utf8"), 'path "a" { capabilities = ["read"]');
    assert.equal(fake.requests.length, 0);
  });

  it("secrets enable/disable/tune send Vault's bodies; list prints a table or the mount map", async () => {
    fake.on("POST /v1/sys/mounts/team-kv", { status: 204 });
    const e = await run([
      "secrets",
      "enable",
      "-path=team-kv",
      "-description=Team secrets",
      "-version=2",
      "-default-lease-ttl=1h",
      "-options=foo=bar",
      "kv",
    ]);
    assert.equal(e.stdout, "Success! Enabled the kv secrets engine at: team-kv/\n");
    assert.deepEqual(fake.seen("POST", "/v1/sys/mounts/team-kv")[0].json, {
      type: "kv",
      description: "Team secrets",
      config: { default_lease_ttl: "1h" },
      options: { foo: "bar", version: "2" },
    });
    fake.on("POST /v1/sys/mounts/kv-v2", { status: 204 });
    assert.equal(
      (await run(["secrets", "enable", "kv-v2"])).stdout,
      "Success! Enabled the kv-v2 secrets engine at: kv-v2/\n",
    );

    fake.on("DELETE /v1/sys/mounts/team-kv", { status: 204 });
    assert.equal(
      (await run(["secrets", "disable", "team-kv/"])).stdout,
      "Success! Disabled the secrets engine (if it existed) at: team-kv/\n",
    );
    fake.on("POST /v1/sys/mounts/team-kv/tune", { status: 204 });
    await run(["secrets", "tune", "-max-lease-ttl=system", "-description=x", "team-kv"]);
    assert.deepEqual(fake.seen("POST", "/v1/sys/mounts/team-kv/tune")[0].json, {
      description: "x",
      max_lease_ttl: "system",
    });

    const mounts = {
      "secret/": {
        type: "kv",
        description: "key/value secret storage",
        accessor: "kv_1",
        config: {},
        options: { version: "2" },
        local: false,
        seal_wrap: false,
      },
      "cubbyhole/": {
        type: "cubbyhole",
        description: "per-token private secret storage",
        accessor: "cubbyhole_1",
        config: {},
        options: null,
        local: true,
        seal_wrap: false,
      },
    };
    fake.on("GET /v1/sys/mounts", { body: envelope(mounts, mounts) });
    const list = await run(["secrets", "list"]);
    assert.equal(
      list.stdout,
      [
        "Path          Type         Accessor       Description",
        "----          ----         --------       -----------",
        "cubbyhole/    cubbyhole    cubbyhole_1    per-token private secret storage",
        "secret/       kv           kv_1           key/value secret storage",
        "",
      ].join("\n"),
    );
    assert.match(
      (await run(["secrets", "list", "-detailed"])).stdout,
      /secret\/ +kv +kv_1 +system +system +false +replicated/,
    );
    assert.deepEqual(Object.keys(JSON.parse((await run(["secrets", "list", "-format=json"])).stdout)), [
      "secret/",
      "cubbyhole/",
    ]);
  });

  it("generic read, write (k=v or - for JSON), list and delete", async () => {
    fake.on("GET /v1/sys/auth", { body: envelope({ "token/": { type: "token" } }) });
    const r = await run(["read", "-field=token/", "sys/auth"]);
    assert.equal(r.stdout, "map[type:token]");
    fake.on("GET /v1/transit/keys/k", { body: envelope({ name: "k", min_decryption_version: 1 }) });
    await run(["read", "transit/keys/k", "version=2"]);
    assert.equal(fake.seen("GET", "/v1/transit/keys/k")[0].query.get("version"), "2");
    const none = await run(["read", "kv/none"]);
    assert.equal(none.code, 2);
    assert.equal(none.stderr, "No value found at kv/none\n");

    fake.on("POST /v1/kv/x", { status: 204 });
    const w = await run(["write", "kv/x", "-"], '{"a":{"b":[1,2]}}');
    assert.equal(w.stdout, "Success! Data written to: kv/x\n");
    assert.deepEqual(fake.seen("POST", "/v1/kv/x")[0].json, { a: { b: [1, 2] } });
    const badJson = await run(["write", "kv/x", "-"], "{nope");
    assert.equal(badJson.code, 1);
    assert.equal(badJson.stderr, "Error: failed to parse JSON from stdin\n");
    assert.equal(
      (await run(["write", "kv/x"])).stderr,
      "Error: Missing DATA! Specify at least one K=V pair or use -force.\n",
    );
    for (const force of ["-f", "-force", "--force"]) {
      assert.equal((await run(["write", force, "kv/x"])).stdout, "Success! Data written to: kv/x\n", force);
    }
    fake.on("POST /v1/sys/tools/random", { body: envelope({ random_bytes: "abc=" }) });
    const out = await run(["write", "-format=json", "sys/tools/random", "bytes=8"]);
    assert.equal(JSON.parse(out.stdout).data.random_bytes, "abc=");

    fake.on("GET /v1/kv/dir/", { body: envelope({ keys: ["z", "a"] }) });
    assert.equal((await run(["list", "kv/dir"])).stdout, "Keys\n----\na\nz\n");
    fake.on("DELETE /v1/kv/x", { status: 204 });
    assert.equal((await run(["delete", "kv/x"])).stdout, "Success! Data deleted (if it existed) at: kv/x\n");
  });
});
