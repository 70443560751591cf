/** sys/mounts over HTTP: list, enable, read, disable, tune and remount, with Vault's shapes and errors. */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { MountTable } from "../../src/core/mounts/table.js";
import { createBackend } from "../../src/logical/framework.js";
import { MemoryStorage } from "../../src/storage/memory.js";
import { systemClock } from "../../src/util/clock.js";
import { silentLogger } from "../../src/util/logger.js";
import { startTestServer, type TestServer, tokenWith } from "../helpers/server.js";
import { assertDenied, assertError, mountPaths, readData, tokenWithPolicy } from "./sys-test-helpers.js";

let s: TestServer;
before(async () => {
  s = await startTestServer();
});
after(() => s.close());

const root = () => ({ token: s.rootToken });
const enable = (path: string, body: unknown) => s.request("POST", `sys/mounts/${path}`, { ...root(), body });

describe("listing", () => {
  test("a fresh server lists cubbyhole/, identity/, sys/ and the harness's secret/, data also at top level", async () => {
    const r = await s.request("GET", "sys/mounts", root());
    assert.equal(r.status, 200);
    assert.deepEqual(Object.keys(r.body.data).sort(), ["cubbyhole/", "identity/", "secret/", "sys/"]);
    assert.equal(r.body.mount_type, "system");
    for (const path of Object.keys(r.body.data)) assert.deepEqual(r.body[path], r.body.data[path]);
    const { data } = r.body;
    assert.deepEqual(Object.keys(data["secret/"]).sort(), [
      "accessor",
      "config",
      "deprecation_status",
      "description",
      "external_entropy_access",
      "local",
      "options",
      "plugin_version",
      "running_plugin_version",
      "running_sha256",
      "seal_wrap",
      "type",
      "uuid",
    ]);
    assert.equal(data["secret/"].type, "kv");
    assert.deepEqual(data["secret/"].options, { version: "2" });
    assert.deepEqual(data["secret/"].config, {
      default_lease_ttl: 0,
      force_no_cache: false,
      max_lease_ttl: 0,
    });
    assert.match(data["secret/"].accessor, /^kv_[0-9a-f]{8}$/);
    assert.match(data["secret/"].uuid, /^[0-9a-f-]{36}$/);
    assert.equal(data["cubbyhole/"].type, "cubbyhole");
    assert.equal(data["cubbyhole/"].local, true);
    assert.equal(data["cubbyhole/"].description, "per-token private secret storage");
    assert.equal(data["identity/"].type, "identity");
    assert.equal(data["sys/"].type, "system");
    assert.deepEqual(data["sys/"].config.passthrough_request_headers, ["Accept"]);
    assert.equal(data["sys/"].options, null);
  });

  test("a token without a policy on sys/mounts is refused", async () => {
    const t = await tokenWith(s, ["default"]);
    assertDenied(await s.request("GET", "sys/mounts", { token: t }));
    assertDenied(await s.request("GET", "sys/mounts/secret", { token: t }));
  });
});

describe("enable and read", () => {
  test("type, description, config with TTL strings and options are stored and shown", async () => {
    const r = await enable("team-a", {
      type: "kv",
      description: "team A secrets",
      config: {
        default_lease_ttl: "1h",
        max_lease_ttl: "2h",
        listing_visibility: "unauth",
        passthrough_request_headers: "X-One,X-Two",
      },
      options: { version: "2" },
      local: true,
      seal_wrap: true,
    });
    assert.equal(r.status, 204, r.text);
    const one = await s.request("GET", "sys/mounts/team-a", root());
    assert.equal(one.status, 200);
    assert.equal(one.body.type, "kv", "mount info is also injected at the top level");
    const info = one.body.data;
    assert.equal(info.description, "team A secrets");
    assert.deepEqual(info.config, {
      default_lease_ttl: 3600,
      force_no_cache: false,
      max_lease_ttl: 7200,
      listing_visibility: "unauth",
      passthrough_request_headers: ["X-One", "X-Two"],
    });
    assert.deepEqual(info.options, { version: "2" });
    assert.equal(info.local, true);
    assert.equal(info.seal_wrap, true);
    assert.deepEqual((await readData(s, "sys/mounts"))["team-a/"], info);
    // The mount serves requests at once.
    const w = await s.request("POST", "team-a/data/db", { ...root(), body: { data: { pw: "x" } } });
    assert.equal(w.status, 200, w.text);
  });

  test("a path inside a mount reads as that mount, as in Vault", async () => {
    const info = await readData(s, "sys/mounts/secret/some/deeper/path");
    assert.deepEqual(info.options, { version: "2" });
  });

  test("kv-v1 and kv-v2 are aliases of kv with options.version", async () => {
    assert.equal((await enable("alias-v1", { type: "kv-v1" })).status, 204);
    assert.equal((await enable("alias-v2", { type: "kv-v2", options: { other: "x" } })).status, 204);
    const v1 = await readData(s, "sys/mounts/alias-v1");
    const v2 = await readData(s, "sys/mounts/alias-v2");
    assert.equal(v1.type, "kv");
    assert.deepEqual(v1.options, { version: "1" });
    assert.equal(v2.type, "kv");
    assert.deepEqual(v2.options, { other: "x", version: "2" });
    // They behave as their version: v1 stores plain objects, v2 answers under data/.
    assert.equal((await s.request("POST", "alias-v1/k", { ...root(), body: { a: "1" } })).status, 204);
    assert.deepEqual((await readData(s, "alias-v1/k")).a, "1");
    const w = await s.request("POST", "alias-v2/data/k", { ...root(), body: { data: { a: "2" } } });
    assert.equal(w.body.data.version, 1);
  });

  test("reading a path with no mount is a 400 naming it", async () => {
    assertError(
      await s.request("GET", "sys/mounts/nothing-here", root()),
      400,
      "No secret engine mount at nothing-here/",
    );
  });

  test("every malformed enable is a clear 400 (403 for protected paths) and mounts nothing", async () => {
    const before = await mountPaths(s);
    const cases: Array<[string, unknown, number, string | RegExp]> = [
      ["bad-1", {}, 400, "backend type must be specified as a string"],
      ["bad-2", { type: "" }, 400, "backend type must be specified as a string"],
      ["bad-3", { type: "no-such-engine" }, 400, 'unknown backend type: "no-such-engine"'],
      ["secret", { type: "kv" }, 400, "path is already in use at secret/"],
      ["secret/inner", { type: "kv" }, 400, "path is already in use at secret/"],
      [
        "bad-4",
        { type: "kv", config: { default_lease_ttl: "3h", max_lease_ttl: "2h" } },
        400,
        "given default lease TTL greater than given max lease TTL",
      ],
      [
        "bad-5",
        { type: "kv", config: { default_lease_ttl: "800h" } },
        400,
        "given default lease TTL greater than system max lease TTL of 2764800",
      ],
      ["bad-6", { type: "kv", config: { default_lease_ttl: "soon" } }, 400, /default_lease_ttl/],
      [
        "bad-7",
        { type: "transit", options: { version: "2" } },
        400,
        'secrets engine "transit" does not allow setting a version',
      ],
      ["bad-8", { type: "kv", options: { version: "3" } }, 400, "invalid version provided: 3"],
      [
        "bad-9",
        { type: "kv", config: { listing_visibility: "everyone" } },
        400,
        "invalid listing_visibility everyone",
      ],
      [
        "bad-10",
        { type: "kv", config: { token_type: "batch" } },
        400,
        "'token_type' can only be modified on auth mounts",
      ],
      ["bad-11", { type: "kv", options: "version=2" }, 400, /options/],
      ["sys/extra", { type: "kv" }, 403, 'cannot mount "sys/extra/"'],
      ["auth/extra", { type: "kv" }, 403, 'cannot mount "auth/extra/"'],
      ["cubbyhole/extra", { type: "kv" }, 403, 'cannot mount "cubbyhole/extra/"'],
      ["identity/extra", { type: "kv" }, 403, 'cannot mount "identity/extra/"'],
      ["audit/extra", { type: "kv" }, 403, 'cannot mount "audit/extra/"'],
      ["audit", { type: "kv" }, 403, 'cannot mount "audit/"'],
    ];
    for (const [path, body, status, message] of cases) {
      assertError(await enable(path, body), status, message);
    }
    assert.deepEqual(await mountPaths(s), before);
  });

  test("the built-in backends cannot be mounted a second time (a second sys/ would bypass policies)", async () => {
    // A token allowed to mount engines and use what it mounts must not get the system backend
    // (and with it policy writes) under a path of its choosing.
    const t = await tokenWithPolicy(
      s,
      "mounter",
      'path "sys/mounts/*" { capabilities = ["create", "update"] }\npath "mine/*" { capabilities = ["create", "read", "update"] }',
    );
    const before = await mountPaths(s);
    for (const type of ["system", "cubbyhole", "identity", "token"]) {
      const r = await s.request("POST", "sys/mounts/mine", { token: t, body: { type } });
      assertError(r, 403, `mount type of "${type}" is not mountable`);
    }
    assert.deepEqual(await mountPaths(s), before);
    const escalate = await s.request("PUT", "mine/policies/acl/default", {
      token: t,
      body: { policy: 'path "*" { capabilities = ["sudo", "read", "update", "create"] }' },
    });
    assert.notEqual(escalate.status, 204);
    assert.doesNotMatch((await readData(s, "sys/policies/acl/default")).policy as string, /path "\*"/);
  });

  test("a token without rights cannot enable a mount and nothing is mounted", async () => {
    const t = await tokenWithPolicy(s, "mounts-reader", 'path "sys/mounts" { capabilities = ["read"] }');
    const before = await mountPaths(s);
    assertDenied(await s.request("POST", "sys/mounts/not-mine", { token: t, body: { type: "kv" } }));
    assert.deepEqual(await mountPaths(s), before);
    // Its read grant works.
    assert.equal((await s.request("GET", "sys/mounts", { token: t })).status, 200);
  });
});

describe("disable", () => {
  test("disable answers 204 and deletes the data: re-mounting the path shows no old secrets", async () => {
    assert.equal((await enable("short-lived", { type: "kv-v2" })).status, 204);
    const w = await s.request("POST", "short-lived/data/app/db", {
      ...root(),
      body: { data: { pw: "old" } },
    });
    assert.equal(w.status, 200);
    const d = await s.request("DELETE", "sys/mounts/short-lived", root());
    assert.equal(d.status, 204);
    assert.equal(d.text, "");
    assert.ok(!(await mountPaths(s)).includes("short-lived/"));
    assert.equal((await s.request("GET", "short-lived/data/app/db", root())).status, 404);
    assert.equal((await enable("short-lived", { type: "kv-v2" })).status, 204);
    assert.equal((await s.request("GET", "short-lived/data/app/db", root())).status, 404);
    assert.equal((await s.request("LIST", "short-lived/metadata/", root())).status, 404);
    assert.equal((await s.request("LIST", "short-lived/metadata/app/", root())).status, 404);
  });

  test("disable is a 204 when nothing is mounted there (mount existence is not revealed)", async () => {
    const r = await s.request("DELETE", "sys/mounts/never-mounted", root());
    assert.equal(r.status, 204);
    // A path inside a mount is not that mount: nothing is disabled.
    assert.equal((await s.request("DELETE", "sys/mounts/secret/inner", root())).status, 204);
    assert.ok((await mountPaths(s)).includes("secret/"));
  });

  test("the built-in mounts cannot be disabled", async () => {
    for (const path of ["sys", "cubbyhole", "identity"]) {
      assertError(await s.request("DELETE", `sys/mounts/${path}`, root()), 400, `cannot unmount "${path}/"`);
    }
    assert.deepEqual(
      (await mountPaths(s)).filter((p) => ["sys/", "cubbyhole/", "identity/"].includes(p)),
      ["cubbyhole/", "identity/", "sys/"],
    );
  });

  test("a token without rights cannot disable a mount and its data stays", async () => {
    const t = await tokenWith(s, ["default"]);
    await s.request("POST", "secret/data/keep", { ...root(), body: { data: { k: "v" } } });
    assertDenied(await s.request("DELETE", "sys/mounts/secret", { token: t }));
    assert.equal((await s.request("GET", "secret/data/keep", root())).status, 200);
  });
});

describe("tune", () => {
  test("GET shows effective TTLs (system defaults when unset), description, options", async () => {
    const r = await s.request("GET", "sys/mounts/secret/tune", root());
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.data, {
      default_lease_ttl: 2764800,
      description: "",
      force_no_cache: false,
      max_lease_ttl: 2764800,
      options: { version: "2" },
    });
    assert.equal(r.body.max_lease_ttl, 2764800, "sys/mounts/* data is injected at the top level");
  });

  test("POST sets TTLs from strings, description and options; 'system' resets a TTL", async () => {
    assert.equal((await enable("tuned", { type: "kv-v1" })).status, 204);
    const t1 = await s.request("POST", "sys/mounts/tuned/tune", {
      ...root(),
      body: {
        default_lease_ttl: "1h",
        max_lease_ttl: "4h",
        description: "tuned mount",
        options: { extra: "yes" },
      },
    });
    assert.equal(t1.status, 204, t1.text);
    assert.deepEqual(await readData(s, "sys/mounts/tuned/tune"), {
      default_lease_ttl: 3600,
      description: "tuned mount",
      force_no_cache: false,
      max_lease_ttl: 14400,
      options: { extra: "yes", version: "1" },
    });
    const info = await readData(s, "sys/mounts/tuned");
    assert.deepEqual(info.config, { default_lease_ttl: 3600, force_no_cache: false, max_lease_ttl: 14400 });
    // KV v1 reads report the mount's default TTL as lease_duration.
    await s.request("POST", "tuned/k", { ...root(), body: { a: "b" } });
    assert.equal((await s.request("GET", "tuned/k", root())).body.lease_duration, 3600);
    // "" leaves a value alone; "system" resets it; an empty option value removes the option.
    const t2 = await s.request("POST", "sys/mounts/tuned/tune", {
      ...root(),
      body: { default_lease_ttl: "system", max_lease_ttl: "", options: { extra: "" } },
    });
    assert.equal(t2.status, 204, t2.text);
    const after = await readData(s, "sys/mounts/tuned/tune");
    assert.equal(after.max_lease_ttl, 14400);
    assert.equal(after.default_lease_ttl, 14400, "the system default, capped by the mount's max");
    assert.deepEqual(after.options, { version: "1" });
    assert.equal(after.description, "tuned mount");
  });

  test("every malformed tune is a 400 and changes nothing", async () => {
    assert.equal((await enable("tune-bad", { type: "kv-v2", config: { max_lease_ttl: "2h" } })).status, 204);
    const before = await readData(s, "sys/mounts/tune-bad/tune");
    const cases: Array<[string, unknown, string | RegExp]> = [
      [
        "tune-bad",
        { default_lease_ttl: "3h", description: "never applied" },
        "new backend default lease TTL of 10800 greater than new backend max lease TTL of 7200",
      ],
      [
        "tune-bad",
        { max_lease_ttl: "system", default_lease_ttl: "800h" },
        /new default lease TTL of 2880000 greater than system max lease TTL of 2764800/,
      ],
      ["tune-bad", { default_lease_ttl: "-5s" }, /default_lease_ttl/],
      [
        "tune-bad",
        { options: { version: "1" }, description: "never" },
        "cannot downgrade mount from version 2",
      ],
      ["tune-bad", { options: { version: "7" } }, "invalid version provided: 7"],
      ["tune-bad", { options: { version: "two" } }, /unable to parse options/],
      ["tune-bad", { token_type: "batch" }, "'token_type' can only be modified on auth mounts"],
      ["tune-bad", { listing_visibility: "sometimes" }, "invalid listing_visibility sometimes"],
      ["no-such-mount", { description: "x" }, 'tune of path "no-such-mount/" failed: no mount entry found'],
      ["sys", { description: "x" }, 'cannot tune "sys/"'],
      ["cubbyhole", { default_lease_ttl: "1h" }, 'cannot tune "cubbyhole/"'],
      ["identity", { description: "x" }, 'cannot tune "identity/"'],
    ];
    for (const [path, body, message] of cases) {
      assertError(await s.request("POST", `sys/mounts/${path}/tune`, { ...root(), body }), 400, message);
    }
    assert.deepEqual(await readData(s, "sys/mounts/tune-bad/tune"), before);
    assertError(
      await s.request("GET", "sys/mounts/no-such-mount/tune", root()),
      400,
      'cannot fetch sysview for path "no-such-mount/"',
    );
  });

  test("a token without rights on the tune path cannot tune", async () => {
    const t = await tokenWithPolicy(
      s,
      "tune-reader",
      'path "sys/mounts/secret/tune" { capabilities = ["read"] }',
    );
    assert.equal((await s.request("GET", "sys/mounts/secret/tune", { token: t })).status, 200);
    assertDenied(
      await s.request("POST", "sys/mounts/secret/tune", { token: t, body: { description: "hijacked" } }),
    );
    assert.equal((await readData(s, "sys/mounts/secret/tune")).description, "");
  });
});

describe("remount", () => {
  test("moves a mount with its data; the old path is gone; status reports success", async () => {
    assert.equal((await enable("move-src", { type: "kv-v2", description: "moving" })).status, 204);
    await s.request("POST", "move-src/data/app", { ...root(), body: { data: { pw: "kept" } } });
    const r = await s.request("POST", "sys/remount", {
      ...root(),
      body: { from: "move-src", to: "move-dst" },
    });
    assert.equal(r.status, 200, r.text);
    const id = r.body.data.migration_id;
    assert.match(id, /^[0-9a-f-]{36}$/);
    assert.equal(r.body.migration_id, id, "sys/remount data is injected at the top level");
    assert.equal(r.body.warnings.length, 1);
    const paths = await mountPaths(s);
    assert.ok(paths.includes("move-dst/") && !paths.includes("move-src/"));
    assert.equal((await readData(s, "sys/mounts/move-dst")).description, "moving");
    assert.deepEqual(((await readData(s, "move-dst/data/app")).data as Record<string, unknown>).pw, "kept");
    assert.equal((await s.request("GET", "move-src/data/app", root())).status, 404);
    const st = await readData(s, `sys/remount/status/${id}`);
    assert.deepEqual(st, {
      migration_id: id,
      migration_info: { source_mount: "move-src/", target_mount: "move-dst/", status: "success" },
    });
    assert.equal((await s.request("GET", "sys/remount/status/unknown-id", root())).status, 404);
  });

  test("malformed moves are 400s and move nothing", async () => {
    assert.equal((await enable("stay", { type: "kv-v2" })).status, 204);
    const before = await mountPaths(s);
    const cases: Array<[unknown, string]> = [
      [{ from: "stay" }, "both 'from' and 'to' path must be specified as a string"],
      [{ to: "x" }, "both 'from' and 'to' path must be specified as a string"],
      [{ from: "stay", to: "secret" }, 'path already in use at "secret/"'],
      [{ from: "stay", to: "stay/inner" }, 'path already in use at "stay/"'],
      [{ from: "stay", to: "sys/stay" }, "cannot remount to destination sys/stay/"],
      [{ from: "sys", to: "elsewhere" }, 'cannot remount "sys/"'],
      [{ from: "cubbyhole", to: "elsewhere" }, 'cannot remount "cubbyhole/"'],
      [{ from: "not-mounted", to: "elsewhere" }, 'no matching mount at "not-mounted/"'],
      [{ from: "stay ", to: "elsewhere" }, "'from' path cannot contain trailing whitespace"],
      [{ from: "auth/token", to: "auth/tok2" }, 'cannot remount "auth/token/"'],
      [{ from: "auth/token", to: "kv-token" }, 'cannot remount auth mount to non-auth mount "kv-token/"'],
    ];
    for (const [body, message] of cases) {
      assertError(await s.request("POST", "sys/remount", { ...root(), body }), 400, message);
    }
    assert.deepEqual(await mountPaths(s), before);
  });

  test("remount needs sudo: update alone is refused and nothing moves", async () => {
    const plain = await tokenWithPolicy(
      s,
      "remount-plain",
      'path "sys/remount" { capabilities = ["update"] }',
    );
    const sudo = await tokenWithPolicy(
      s,
      "remount-sudo",
      'path "sys/remount" { capabilities = ["update", "sudo"] }',
    );
    assert.equal((await enable("sudo-src", { type: "kv-v2" })).status, 204);
    assertDenied(
      await s.request("POST", "sys/remount", { token: plain, body: { from: "sudo-src", to: "sudo-dst" } }),
    );
    assert.ok((await mountPaths(s)).includes("sudo-src/"));
    const ok = await s.request("POST", "sys/remount", {
      token: sudo,
      body: { from: "sudo-src", to: "sudo-dst" },
    });
    assert.equal(ok.status, 200, ok.text);
    assert.ok((await mountPaths(s)).includes("sudo-dst/"));
  });
});

describe("concurrency", () => {
  test("concurrent enables of the same or overlapping paths: exactly one wins (sqlite)", async () => {
    const db = await startTestServer({ storage: "sqlite" });
    try {
      const enableOn = (path: string) =>
        db.request("POST", `sys/mounts/${path}`, { token: db.rootToken, body: { type: "kv-v2" } });
      for (let i = 0; i < 3; i++) {
        const same = await Promise.all([enableOn(`same-${i}`), enableOn(`same-${i}`), enableOn(`same-${i}`)]);
        assert.deepEqual(same.map((r) => r.status).sort(), [204, 400, 400]);
        const nested = await Promise.all([enableOn(`nest-${i}`), enableOn(`nest-${i}/inner`)]);
        assert.deepEqual(nested.map((r) => r.status).sort(), [204, 400], nested.map((r) => r.text).join(" "));
      }
      const paths = Object.keys((await db.request("GET", "sys/mounts", { token: db.rootToken })).body.data);
      assert.equal(paths.filter((p) => p.startsWith("same-")).length, 3);
      assert.equal(paths.filter((p) => p.startsWith("nest-")).length, 3);
    } finally {
      await db.close();
    }
  });

  test("a malformed JSON body is a 400 and mounts nothing", async () => {
    const before = await mountPaths(s);
    const r = await s.request("POST", "sys/mounts/broken", { ...root(), body: '{"type": "kv"' });
    assert.equal(r.status, 400, r.text);
    assert.deepEqual(await mountPaths(s), before);
  });
});

test("a backend sees tuned options and description without being rebuilt", async () => {
  const mem = new MemoryStorage();
  const seen: Array<() => { options: Record<string, string>; description: string }> = [];
  const table = new MountTable({
    storage: mem,
    clock: systemClock,
    logger: silentLogger,
    systemTTLs: { defaultLeaseTTL: 60, maxLeaseTTL: 60 },
    factory: () => (ctx) => {
      seen.push(() => ({ options: ctx.mount.options, description: ctx.mount.description }));
      return createBackend({ type: "t", paths: [] });
    },
  });
  const entry = await table.enable("mounts", { path: "live", type: "t", options: { a: "1" } });
  await table.update(entry, { options: { a: "2" }, description: "tuned" }, false);
  assert.equal(seen.length, 1);
  assert.deepEqual(seen[0](), { options: { a: "2" }, description: "tuned" });
});
