import assert from "node:assert/strict";
import { test } from "node:test";
import { isCIDRSubset } from "../../../src/auth/approle/cidr-subset.js";
import { createApproleBackend } from "../../../src/auth/approle/index.js";
import { CofreError } from "../../../src/errors.js";
import { PrefixedStorageView } from "../../../src/logical/storage-view.js";
import type { BackendContext, LogicalRequest, Operation, SecureStorage } from "../../../src/logical/types.js";
import { MemoryStorage } from "../../../src/storage/memory.js";
import { ManualClock } from "../../../src/util/clock.js";
import { createLogger } from "../../../src/util/logger.js";
import { makeRequest } from "../../helpers/request.js";

/** Plain storage whose reads yield to the event loop, so concurrent requests really interleave. */
function slowReads(mem: MemoryStorage): SecureStorage {
  const tick = () => new Promise((resolve) => setImmediate(resolve));
  return {
    get: async (k) => {
      const v = await mem.get(k);
      await tick();
      return v;
    },
    put: (k, v) => mem.put(k, v),
    delete: (k) => mem.delete(k),
    list: (p) => mem.list(p),
    transaction: (ops, checks) => mem.transaction(ops, checks),
  };
}

async function setup() {
  const mem = new MemoryStorage();
  const logs: string[] = [];
  const ctx: BackendContext = {
    storage: new PrefixedStorageView(slowReads(mem), "auth/a1/"),
    clock: new ManualClock(),
    logger: createLogger({ level: "debug", write: (l) => logs.push(l) }),
    mount: {
      path: "auth/approle/",
      type: "approle",
      accessor: "auth_approle_1",
      options: {},
      description: "",
    },
    ttls: () => ({ defaultLeaseTTL: 3600, maxLeaseTTL: 7200 }),
  };
  const backend = await createApproleBackend(ctx);
  await backend.initialize?.();
  const call = (
    op: Operation,
    path: string,
    data: Record<string, unknown> = {},
    extra: Partial<LogicalRequest> = {},
  ) => backend.handle(makeRequest(op, path, data, extra));
  const outcome = (p: Promise<unknown>) =>
    p.then(
      () => "ok",
      (e) => (e instanceof CofreError ? `${e.code}: ${e.message}` : `crash: ${String(e)}`),
    );
  await call("update", "config/rate_limit", { disable: true });
  return { mem, logs, call, outcome };
}

async function allStored(mem: MemoryStorage, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  for (const k of await mem.list(prefix)) {
    if (k.endsWith("/")) out.push(...(await allStored(mem, prefix + k)));
    else out.push(prefix + k + Buffer.from((await mem.get(prefix + k))?.value ?? []).toString("utf8"));
  }
  return out;
}

test("storage holds secret IDs and role IDs only as keyed hashes; logs never show them", async () => {
  const { mem, logs, call, outcome } = await setup();
  await call("create", "role/svc", { role_id: "role-id-value-1234", token_policies: "p" });
  await call("update", "role/svc/custom-secret-id", { secret_id: "custom-secret-value-5678" });
  const generated = (await call("update", "role/svc/secret-id"))?.data?.secret_id as string;
  assert.equal(
    await outcome(call("update", "login", { role_id: "role-id-value-1234", secret_id: generated })),
    "ok",
  );
  assert.equal(
    await outcome(call("update", "login", { role_id: "role-id-value-1234", secret_id: "wrong-secret-9999" })),
    "invalid_request: invalid role or secret ID",
  );
  const stored = (await allStored(mem)).join("\n");
  for (const secret of ["custom-secret-value-5678", generated, "wrong-secret-9999"]) {
    for (const form of [
      secret,
      Buffer.from(secret).toString("base64"),
      Buffer.from(secret).toString("hex"),
    ]) {
      assert.ok(!stored.includes(form));
      assert.ok(!logs.join("\n").includes(form));
    }
  }
  // The role entry keeps its role_id (Vault shows it at role/<name>/role-id); the index is hashed.
  assert.ok(!(await mem.list("auth/a1/role_id/")).some((k) => k.includes("role-id-value")));
  assert.match(logs.join("\n"), /approle login refused.*unknown secret_id/);
});

test("a single-use secret ID wins exactly one of many interleaved logins", async () => {
  const { call, outcome } = await setup();
  await call("create", "role/once", {});
  const roleId = (await call("read", "role/once/role-id"))?.data?.role_id as string;
  const secret = (await call("update", "role/once/secret-id", { num_uses: 1 }))?.data?.secret_id as string;
  const results = await Promise.all(
    Array.from({ length: 8 }, () => outcome(call("update", "login", { role_id: roleId, secret_id: secret }))),
  );
  assert.equal(results.filter((r) => r === "ok").length, 1, results.join(", "));
  assert.ok(results.every((r) => r === "ok" || r === "invalid_request: invalid role or secret ID"));

  const three = (await call("update", "role/once/secret-id", { num_uses: 3 }))?.data?.secret_id as string;
  const more = await Promise.all(
    Array.from({ length: 8 }, () => outcome(call("update", "login", { role_id: roleId, secret_id: three }))),
  );
  assert.equal(more.filter((r) => r === "ok").length, 3, more.join(", "));
});

test("two roles claiming one role_id at once: exactly one gets it", async () => {
  const { call, outcome } = await setup();
  const results = await Promise.all(
    ["a", "b", "c"].map((name) => outcome(call("create", `role/${name}`, { role_id: "shared-id" }))),
  );
  assert.equal(results.filter((r) => r === "ok").length, 1, results.join(", "));
  assert.ok(results.every((r) => r === "ok" || r === "invalid_request: role_id already in use"));
});

test("CIDR subsets, IPv4 and IPv6", () => {
  assert.ok(isCIDRSubset(["10.1.0.0/16", "10.2.3.4/32"], ["10.0.0.0/8"]));
  assert.ok(isCIDRSubset(["10.1.2.3/8"], ["10.0.0.0/8"]));
  assert.ok(!isCIDRSubset(["10.0.0.0/7"], ["10.0.0.0/8"]));
  assert.ok(!isCIDRSubset(["11.0.0.1/32"], ["10.0.0.0/8"]));
  assert.ok(isCIDRSubset(["192.168.1.0/24"], ["10.0.0.0/8", "192.168.0.0/16"]));
  assert.ok(isCIDRSubset(["anything/1"].slice(1), []));
  assert.ok(isCIDRSubset(["2001:db8::1/128", "2001:db8:0:1::/64"], ["2001:db8::/32"]));
  assert.ok(!isCIDRSubset(["2001:db9::/48"], ["2001:db8::/32"]));
  assert.ok(!isCIDRSubset(["10.0.0.0/8"], ["::/0"]));
  assert.ok(isCIDRSubset(["::ffff:10.0.0.1/128"], ["::ffff:10.0.0.0/120"]));
});
