import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import { envelope, FakeServer, kvMount } from "../client/fake-server.js";
import { cofre, tempHome } from "./harness.js";

const TOKEN = "hvs.kv-cli-test-token";
const META = {
  created_time: "2026-01-01T00:00:00.000000001Z",
  custom_metadata: null,
  deletion_time: "",
  destroyed: false,
  version: 2,
};

describe("cofre kv", () => {
  const fake = new FakeServer();
  let home: Awaited<ReturnType<typeof tempHome>>;
  let env: Record<string, string>;
  const run = (argv: string[], stdin?: string) => cofre(argv, { env, home: home.dir, stdin });

  before(async () => {
    await fake.start();
    home = await tempHome();
    env = { VAULT_ADDR: fake.address, VAULT_TOKEN: TOKEN };
    fake.on("GET /v1/sys/internal/ui/mounts/secret/app", kvMount("secret/", "2"));
    fake.on("GET /v1/sys/internal/ui/mounts/secret", kvMount("secret/", "2"));
    fake.on("GET /v1/sys/internal/ui/mounts/kv/app", kvMount("kv/", "1"));
    fake.on("GET /v1/secret/data/app", {
      body: envelope({ data: { password: "s3cr3t", user: "admin" }, metadata: META }),
    });
  });
  after(async () => {
    await fake.stop();
    await home.cleanup();
  });
  beforeEach(() => {
    fake.requests.length = 0;
  });

  it("get prints Vault's Metadata and Data sections for a v2 secret", async () => {
    const r = await run(["kv", "get", "secret/app"]);
    assert.equal(r.code, 0);
    assert.equal(r.stderr, "");
    assert.equal(
      r.stdout,
      [
        "= Secret Path =",
        "secret/data/app",
        "",
        "======= Metadata =======",
        "Key                Value",
        "---                -----",
        "created_time       2026-01-01T00:00:00.000000001Z",
        "custom_metadata    <nil>",
        "deletion_time      n/a",
        "destroyed          false",
        "version            2",
        "",
        "====== Data ======",
        "Key         Value",
        "---         -----",
        "password    s3cr3t",
        "user        admin",
        "",
      ].join("\n"),
    );
    const preflight = fake.requests[0];
    assert.equal(preflight.path, "/v1/sys/internal/ui/mounts/secret/app");
    assert.equal(preflight.headers["x-vault-token"], TOKEN);
    assert.equal(fake.requests[1].path, "/v1/secret/data/app");
  });

  it("get -format=json prints the server envelope; yaml sorts keys; -field prints one raw value", async () => {
    const json = await run(["kv", "get", "-format=json", "secret/app"]);
    assert.equal(json.code, 0);
    const parsed = JSON.parse(json.stdout);
    assert.deepEqual(parsed.data.data, { password: "s3cr3t", user: "admin" });
    assert.equal(parsed.request_id, "00000000-0000-0000-0000-000000000000");

    const yaml = await run(["kv", "get", "-format=yaml", "secret/app"]);
    assert.match(yaml.stdout, /^auth: null\ndata:\n {2}data:\n {4}password: s3cr3t\n/);

    const field = await run(["kv", "get", "-field=password", "secret/app"]);
    assert.equal(field.stdout, "s3cr3t");
    const fieldJson = await run(["kv", "get", "-field=user", "-format=json", "secret/app"]);
    assert.equal(fieldJson.stdout, '"admin"');
    const missing = await run(["kv", "get", "-field=nope", "secret/app"]);
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr, 'Field "nope" not present in secret\n');
  });

  it("VAULT_FORMAT sets the default format and -format overrides it", async () => {
    const viaEnv = await cofre(["kv", "get", "secret/app"], {
      env: { ...env, VAULT_FORMAT: "json" },
      home: home.dir,
    });
    assert.equal(JSON.parse(viaEnv.stdout).data.data.user, "admin");
    const flag = await cofre(["kv", "get", "-format=table", "secret/app"], {
      env: { ...env, VAULT_FORMAT: "json" },
      home: home.dir,
    });
    assert.match(flag.stdout, /^= Secret Path =/);
    const bad = await run(["kv", "get", "-format=xml", "secret/app"]);
    assert.equal(bad.code, 1);
    assert.equal(bad.stderr, "Error: Invalid output format: xml\n");
  });

  it("get -version sends ?version on v2 and reads a v1 path as given", async () => {
    await run(["kv", "get", "-version=1", "secret/app"]);
    assert.equal(fake.seen("GET", "/v1/secret/data/app")[0].query.get("version"), "1");
    fake.on("GET /v1/kv/app", { body: envelope({ a: "1" }, { lease_duration: 2764800 }) });
    const r = await run(["kv", "get", "kv/app"]);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, "== Data ==\nKey    Value\n---    -----\na      1\n");
  });

  it("a missing secret is 'No value found' with exit 2", async () => {
    fake.on("GET /v1/sys/internal/ui/mounts/secret/none", kvMount("secret/", "2"));
    const r = await run(["kv", "get", "secret/none"]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, "");
    assert.equal(r.stderr, "No value found at secret/data/none\n");
  });

  it("put sends {data, options:{cas}}, reading @file values and - from stdin", async () => {
    fake.on("POST /v1/secret/data/app", { body: envelope({ ...META, version: 3 }) });
    await writeFile(join(home.dir, "cert.pem"), "FILE-CONTENT\n");
    const r = await run(
      ["kv", "put", "-cas=2", "secret/app", "cert=@cert.pem", "pw=-", "lit=\\@x", "n=1", "n=2"],
      "from-stdin",
    );
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(fake.seen("POST", "/v1/secret/data/app")[0].json, {
      data: { cert: "FILE-CONTENT\n", pw: "from-stdin", lit: "@x", n: ["1", "2"] },
      options: { cas: 2 },
    });
    assert.match(r.stdout, /^= Secret Path =\nsecret\/data\/app\n\n=+ Metadata =+\nKey +Value\n/);
    assert.match(r.stdout, /version +3\n$/);
  });

  it("put - merges a JSON object from stdin; a v1 put writes the data itself", async () => {
    fake.on("POST /v1/kv/app", { status: 204 });
    const r = await run(["kv", "put", "kv/app", "-"], '{"a":"1","nested":{"b":true}}');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(fake.seen("POST", "/v1/kv/app")[0].json, { a: "1", nested: { b: true } });
    assert.equal(r.stdout, "Success! Data written to: kv/app\n");
  });

  it("put refuses bad data without echoing values", async () => {
    const r = await run(["kv", "put", "secret/app", "hunter2-no-equals"]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, "Error: Invalid key/value pair: format must be key=value\n");
    const file = await run(["kv", "put", "secret/app", "k=@missing.txt"]);
    assert.equal(file.code, 1);
    assert.equal(file.stderr, "Error: error reading file missing.txt: ENOENT\n");
    const twice = await run(["kv", "put", "secret/app", "a=-", "b=-"], "x");
    assert.equal(twice.stderr, "Error: stdin already consumed\n");
    assert.equal(fake.seen("POST", "/v1/secret/data/app").length, 0);
    const none = await run(["kv", "put", "secret/app"]);
    assert.equal(none.stderr, "Error: Must supply data\n");
  });

  it("a server error is one line with the API path and exit 2, without the token", async () => {
    fake.on("POST /v1/secret/data/app", {
      status: 403,
      body: { errors: ["1 error occurred:\n\t* permission denied\n\n"] },
    });
    const r = await run(["kv", "put", "secret/app", "password=hunter2"]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, "");
    assert.equal(r.stderr, "Error writing data to secret/data/app: Code: 403. Errors: * permission denied\n");
    assert.ok(!r.stderr.includes(TOKEN) && !r.stderr.includes("hunter2"));
  });

  it("list uses metadata/ on v2 and prints sorted keys (JSON: the key array)", async () => {
    fake.on("GET /v1/secret/metadata/", { body: envelope({ keys: ["b", "a/", "c"] }) });
    const r = await run(["kv", "list", "secret/"]);
    assert.equal(r.stdout, "Keys\n----\na/\nb\nc\n");
    assert.equal(fake.seen("GET", "/v1/secret/metadata/")[0].query.get("list"), "true");
    const json = await run(["kv", "list", "-format=json", "secret"]);
    assert.deepEqual(JSON.parse(json.stdout), ["b", "a/", "c"]);
    fake.on("GET /v1/sys/internal/ui/mounts/secret/empty", kvMount("secret/", "2"));
    const empty = await run(["kv", "list", "secret/empty"]);
    assert.equal(empty.code, 2);
    assert.equal(empty.stderr, "No value found at secret/metadata/empty/\n");
  });

  it("-mount makes the path relative to the mount", async () => {
    fake.on("GET /v1/secret/data/nested/key", { body: envelope({ data: { k: "v" }, metadata: META }) });
    const r = await run(["kv", "get", "-mount=secret", "-field=k", "nested/key"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "v");
    assert.equal(fake.requests[0].path, "/v1/sys/internal/ui/mounts/secret");
  });

  it("delete, undelete and destroy use the right v2 endpoints; -versions is required where Vault needs it", async () => {
    fake.on("DELETE /v1/secret/data/app", { status: 204 });
    fake.on("POST /v1/secret/delete/app", { status: 204 });
    fake.on("POST /v1/secret/undelete/app", { status: 204 });
    fake.on("POST /v1/secret/destroy/app", { status: 204 });
    assert.equal(
      (await run(["kv", "delete", "secret/app"])).stdout,
      "Success! Data deleted (if it existed) at: secret/data/app\n",
    );
    await run(["kv", "delete", "-versions=1,2", "secret/app"]);
    assert.deepEqual(fake.seen("POST", "/v1/secret/delete/app")[0].json, { versions: [1, 2] });
    const undelete = await run(["kv", "undelete", "-versions=2", "-versions=3", "secret/app"]);
    assert.equal(undelete.stdout, "Success! Data written to: secret/undelete/app\n");
    assert.deepEqual(fake.seen("POST", "/v1/secret/undelete/app")[0].json, { versions: [2, 3] });
    await run(["kv", "destroy", "-versions=1", "secret/app"]);
    assert.deepEqual(fake.seen("POST", "/v1/secret/destroy/app")[0].json, { versions: [1] });
    const noVersions = await run(["kv", "undelete", "secret/app"]);
    assert.equal(noVersions.code, 1);
    assert.match(noVersions.stderr, /No versions provided/);
    const v1 = await run(["kv", "destroy", "-versions=1", "kv/app"]);
    assert.equal(v1.code, 1);
    assert.equal(v1.stderr, "Destroy not supported on KV Version 1\n");
  });

  it("patch sends a merge patch and falls back to read-merge-write on 405", async () => {
    fake.on("PATCH /v1/secret/data/app", { body: envelope({ ...META, version: 3 }) });
    const r = await run(["kv", "patch", "secret/app", "user=root"]);
    assert.equal(r.code, 0, r.stderr);
    const patch = fake.seen("PATCH", "/v1/secret/data/app")[0];
    assert.equal(patch.headers["content-type"], "application/merge-patch+json");
    assert.deepEqual(patch.json, { data: { user: "root" }, options: {} });

    fake.on("PATCH /v1/secret/data/app", { status: 405, body: { errors: ["unsupported operation"] } });
    fake.on("POST /v1/secret/data/app", { body: envelope({ ...META, version: 3 }) });
    const rw = await run(["kv", "patch", "secret/app", "user=root"]);
    assert.equal(rw.code, 0, rw.stderr);
    assert.deepEqual(fake.seen("POST", "/v1/secret/data/app").at(-1)!.json, {
      data: { password: "s3cr3t", user: "root" },
      options: { cas: 2 },
    });
    const v1 = await run(["kv", "patch", "kv/app", "a=b"]);
    assert.equal(v1.code, 2);
    assert.equal(v1.stderr, "K/V engine mount must be version 2 for patch support\n");
  });

  it("rollback writes the old version's data with cas = current version", async () => {
    fake.on("GET /v1/secret/metadata/app", {
      body: envelope({
        current_version: 5,
        versions: {
          "1": { created_time: "x", deletion_time: "", destroyed: false },
          "2": { created_time: "x", deletion_time: "", destroyed: true },
        },
      }),
    });
    fake.on("GET /v1/secret/data/app", (req) =>
      req.query.get("version") === "1"
        ? { body: envelope({ data: { old: "yes" }, metadata: META }) }
        : undefined,
    );
    fake.on("POST /v1/secret/data/app", { body: envelope({ ...META, version: 6 }) });
    const r = await run(["kv", "rollback", "-version=1", "secret/app"]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(fake.seen("POST", "/v1/secret/data/app")[0].json, {
      data: { old: "yes" },
      options: { cas: 5 },
    });
    const destroyed = await run(["kv", "rollback", "-version=2", "secret/app"]);
    assert.equal(destroyed.code, 1);
    assert.equal(destroyed.stderr, "Cannot roll back to a version that has been destroyed\n");
    fake.on("GET /v1/secret/data/app", {
      body: envelope({ data: { password: "s3cr3t", user: "admin" }, metadata: META }),
    });
  });

  it("metadata get prints the metadata and each version; put sends only the given fields", async () => {
    fake.on("GET /v1/secret/metadata/app", {
      body: envelope({
        cas_required: false,
        current_version: 2,
        custom_metadata: { owner: "ops" },
        delete_version_after: "0s",
        max_versions: 0,
        oldest_version: 0,
        versions: {
          "10": { created_time: "t10", deletion_time: "", destroyed: false },
          "2": { created_time: "t2", deletion_time: "", destroyed: true },
        },
      }),
    });
    const r = await run(["kv", "metadata", "get", "secret/app"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^== Metadata Path ==\nsecret\/metadata\/app\n\n/);
    assert.match(r.stdout, /custom_metadata +map\[owner:ops\]\n/);
    assert.ok(r.stdout.indexOf("Version 2") < r.stdout.indexOf("Version 10"));

    fake.on("POST /v1/secret/metadata/app", { status: 204 });
    const put = await run([
      "kv",
      "metadata",
      "put",
      "-max-versions=5",
      "-cas-required=false",
      "-delete-version-after=3h25m19s",
      "-custom-metadata=owner=ops",
      "-custom-metadata=team=a=b",
      "secret/app",
    ]);
    assert.equal(put.code, 0, put.stderr);
    assert.equal(put.stdout, "Success! Data written to: secret/metadata/app\n");
    assert.deepEqual(fake.seen("POST", "/v1/secret/metadata/app")[0].json, {
      max_versions: 5,
      cas_required: false,
      delete_version_after: "3h25m19s",
      custom_metadata: { owner: "ops", team: "a=b" },
    });
    fake.on("PATCH /v1/secret/metadata/app", { status: 204 });
    await run(["kv", "metadata", "patch", "-cas-required", "secret/app"]);
    assert.deepEqual(fake.seen("PATCH", "/v1/secret/metadata/app")[0].json, { cas_required: true });
    const badDuration = await run(["kv", "metadata", "put", "-delete-version-after=soon", "secret/app"]);
    assert.equal(badDuration.code, 1);
    assert.equal(badDuration.stderr, "Error: invalid duration for -delete-version-after\n");
  });
});
