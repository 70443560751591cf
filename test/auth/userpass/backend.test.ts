import assert from "node:assert/strict";
import { test } from "node:test";
import { createUserpassBackend } from "../../../src/auth/userpass/index.js";
import { CofreError } from "../../../src/errors.js";
import { PrefixedStorageView } from "../../../src/logical/storage-view.js";
import type { BackendContext, LogicalRequest, Operation } from "../../../src/logical/types.js";
import { MemoryStorage } from "../../../src/storage/memory.js";
import { ManualClock } from "../../../src/util/clock.js";
import { createLogger } from "../../../src/util/logger.js";
import { secureOver } from "../../engines/kv/harness.js";
import { makeRequest } from "../../helpers/request.js";

const PASSWORD = "correct-horse-Battery-9";

async function setup() {
  const mem = new MemoryStorage();
  const clock = new ManualClock();
  const logs: string[] = [];
  const ctx: BackendContext = {
    storage: new PrefixedStorageView(secureOver(mem), "auth/u1/"),
    clock,
    logger: createLogger({ level: "debug", write: (l) => logs.push(l) }),
    mount: {
      path: "auth/userpass/",
      type: "userpass",
      accessor: "auth_userpass_1",
      options: {},
      description: "",
    },
    ttls: () => ({ defaultLeaseTTL: 3600, maxLeaseTTL: 7200 }),
  };
  const backend = await createUserpassBackend(ctx);
  const call = (
    op: Operation,
    path: string,
    data: Record<string, unknown> = {},
    extra: Partial<LogicalRequest> = {},
  ) => backend.handle(makeRequest(op, path, data, extra));
  const failure = async (p: Promise<unknown>): Promise<string> => {
    try {
      await p;
    } catch (e) {
      assert.ok(e instanceof CofreError);
      return `${e.code}: ${e.message}`;
    }
    assert.fail("expected a failure");
  };
  return { mem, clock, logs, backend, call, failure };
}

test("a user logs in with the configured token settings; reads never show the password", async () => {
  const { call, mem, logs } = await setup();
  await call("create", "users/Alice", {
    password: PASSWORD,
    token_policies: "dev, ops",
    token_ttl: "10m",
    token_max_ttl: "1h",
    token_bound_cidrs: ["127.0.0.0/8"],
    token_num_uses: 3,
  });
  const read = await call("read", "users/alice");
  assert.deepEqual(read?.data?.token_policies, ["dev", "ops"]);
  assert.equal(read?.data?.token_ttl, 600);
  assert.equal(read?.data?.token_max_ttl, 3600);
  assert.ok(!JSON.stringify(read).includes(PASSWORD));
  assert.ok(!JSON.stringify(read).includes("hash"));
  assert.deepEqual((await call("list", "users/"))?.data, { keys: ["alice"] });

  const res = await call("update", "login/alice", { password: PASSWORD });
  assert.deepEqual(res?.auth?.policies, ["dev", "ops"]);
  assert.equal(res?.auth?.ttl, 600);
  assert.equal(res?.auth?.maxTTL, 3600);
  assert.equal(res?.auth?.numUses, 3);
  assert.deepEqual(res?.auth?.boundCIDRs, ["127.0.0.0/8"]);
  assert.deepEqual(res?.auth?.metadata, { username: "alice" });
  assert.ok(!JSON.stringify(res).includes(PASSWORD));

  // The raw store holds a salted scrypt hash, never the password (in any common encoding).
  const forms = [PASSWORD, Buffer.from(PASSWORD).toString("base64"), Buffer.from(PASSWORD).toString("hex")];
  const key = "auth/u1/user/alice";
  const raw = Buffer.from((await mem.get(key))?.value ?? []).toString("utf8");
  assert.match(raw, /"alg":"scrypt","logN":15,"r":8,"p":1/);
  for (const form of forms) {
    assert.ok(!raw.includes(form));
    assert.ok(!logs.join("\n").includes(form));
  }
});

test("unknown user and wrong password give the same answer; bad input changes nothing", async () => {
  const { call, failure, mem } = await setup();
  await call("create", "users/bob", { password: PASSWORD, token_policies: ["dev"] });
  const wrong = await failure(call("update", "login/bob", { password: "nope" }));
  const unknown = await failure(call("update", "login/nobody", { password: "nope" }));
  assert.equal(wrong, "invalid_request: invalid username or password");
  assert.equal(unknown, wrong);
  assert.equal(await failure(call("update", "login/bob", {})), "invalid_request: missing password");
  const before = await mem.list("auth/u1/user/");
  assert.match(await failure(call("create", "users/carol", { token_policies: ["x"] })), /missing password/);
  assert.match(
    await failure(call("create", "users/carol", { password: "p", token_ttl: "forever" })),
    /token_ttl/,
  );
  assert.match(
    await failure(call("create", "users/carol", { password: "p", token_bound_cidrs: "10.0.0.0/99" })),
    /CIDR/,
  );
  assert.match(
    await failure(call("create", "users/carol", { password: "p", token_ttl: 7200, token_max_ttl: 60 })),
    /token_ttl/,
  );
  assert.match(await failure(call("create", "users/a%2Fb", { password: "p" })), /invalid username/);
  assert.match(await failure(call("update", "users/bob/policies", {})), /missing token_policies/);
  assert.deepEqual(await mem.list("auth/u1/user/"), before);
});

test("failed logins lock the user out, variant spellings included, until the lockout ends", async () => {
  const { call, failure, clock, logs } = await setup();
  await call("create", "users/José", { password: PASSWORD });
  await call("update", "config/lockout", {
    lockout_threshold: 3,
    lockout_duration: "10m",
    lockout_counter_reset: "5m",
  });
  const spellings = ["JOSÉ", " jose\u0301 ", "José"];
  for (const name of spellings) {
    assert.match(
      await failure(call("update", `login/${name}`, { password: "bad" })),
      /invalid username or password/,
    );
  }
  // Locked: the right password gets the same refusal, under any spelling.
  assert.match(
    await failure(call("update", "login/josé", { password: PASSWORD })),
    /invalid username or password/,
  );
  assert.ok(logs.some((l) => l.includes("locked out")));
  clock.advance(9 * 60 * 1000);
  assert.match(
    await failure(call("update", "login/josé", { password: PASSWORD })),
    /invalid username or password/,
  );
  clock.advance(61 * 1000);
  assert.deepEqual((await call("update", "login/JOSÉ", { password: PASSWORD }))?.auth?.metadata, {
    username: "josé",
  });
  // Failures further apart than the counter reset window never add up to a lockout.
  for (let i = 0; i < 3; i++) {
    await failure(call("update", "login/josé", { password: "bad" }));
    clock.advance(5 * 60 * 1000);
  }
  assert.ok((await call("update", "login/josé", { password: PASSWORD }))?.auth);
});

test("login attempts are rate limited per client address", async () => {
  const { call, failure, clock } = await setup();
  await call("update", "config/rate_limit", { rate: 1, burst: 2 });
  const from = (addr: string) => ({ connection: { remoteAddress: addr, remotePort: 1, tls: false } });
  for (let i = 0; i < 2; i++) await failure(call("update", "login/x", { password: "a" }, from("10.0.0.1")));
  assert.equal(
    await failure(call("update", "login/x", { password: "a" }, from("10.0.0.1"))),
    "rate_limited: too many login attempts from this address; try again later",
  );
  assert.match(
    await failure(call("update", "login/x", { password: "a" }, from("10.0.0.2"))),
    /invalid username/,
  );
  clock.advance(1000);
  assert.match(
    await failure(call("update", "login/x", { password: "a" }, from("10.0.0.1"))),
    /invalid username/,
  );
});

test("a login from outside the user's bound CIDRs is refused; renewal re-checks the user", async () => {
  const { call, failure, backend } = await setup();
  await call("create", "users/dana", {
    password: PASSWORD,
    token_bound_cidrs: "10.1.0.0/16",
    token_policies: "a",
  });
  const outside = { connection: { remoteAddress: "127.0.0.1", remotePort: 1, tls: false } };
  const inside = { connection: { remoteAddress: "10.1.2.3", remotePort: 1, tls: false } };
  assert.match(
    await failure(call("update", "login/dana", { password: PASSWORD }, outside)),
    /invalid username/,
  );
  const ok = await call("update", "login/dana", { password: PASSWORD }, inside);
  assert.ok(ok?.auth);
  const renewReq = (internal: Record<string, unknown>) =>
    makeRequest(
      "renew",
      "login/dana",
      {},
      { lease: { leaseId: "x", internal, issueTime: 0, ttl: 60, increment: 0 } },
    );
  await call("update", "users/dana", { token_ttl: "20m" });
  const renewed = await backend.renewAuth?.(renewReq(ok.auth.internal));
  assert.equal(renewed?.auth?.ttl, 1200);
  await call("update", "users/dana/policies", { token_policies: "a,b" });
  assert.match(
    await failure(backend.renewAuth?.(renewReq(ok.auth.internal)) ?? Promise.resolve()),
    /policies have changed/,
  );
  await call("delete", "users/dana");
  assert.match(
    await failure(backend.renewAuth?.(renewReq(ok.auth.internal)) ?? Promise.resolve()),
    /no longer exists/,
  );
});
