/** WrappingService's storage: Vault's cubbyhole layout, and records written by an earlier cofre. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { WrappingService, type WrappingTokenPort } from "../../src/core/wrapping.js";
import { cubbyholePrefix } from "../../src/engines/cubbyhole/index.js";
import { PrefixedStorageView } from "../../src/logical/storage-view.js";
import type { CoreResponse } from "../../src/logical/types.js";
import { MemoryStorage } from "../../src/storage/memory.js";
import { ManualClock } from "../../src/util/clock.js";
import { secureOver } from "../engines/kv/harness.js";

const response: CoreResponse = {
  requestId: "0d6c1d0e-8f7b-4c57-9f4e-1a2b3c4d5e6f",
  leaseId: "",
  renewable: false,
  leaseDuration: 0,
  data: { data: { pw: "s3cret" }, metadata: { version: 3 } },
  warnings: null,
  auth: null,
  wrapInfo: null,
  mountType: "kv",
};

function setup() {
  const cubbyhole = new PrefixedStorageView(secureOver(new MemoryStorage()), "logical/cubby/");
  const live = new Map<string, string>();
  let n = 0;
  const tokens: WrappingTokenPort = {
    async createWrappingToken() {
      n++;
      live.set(`hvs.wrap${n}`, `acc${n}`);
      return { token: `hvs.wrap${n}`, accessor: `acc${n}` };
    },
    async resolveWrappingToken(raw) {
      const accessor = live.get(raw);
      return accessor ? { accessor } : null;
    },
    async revokeRaw(raw) {
      live.delete(raw);
    },
  };
  const svc = new WrappingService({ tokens, cubbyhole: () => cubbyhole, clock: new ManualClock() });
  return { svc, cubbyhole };
}

test("a wrap stores response (JSON text of the wire envelope) and wrapinfo, as Vault's cubbyhole", async () => {
  const { svc, cubbyhole } = setup();
  const info = await svc.wrap(response, 300, "secret/data/app", undefined);
  const view = cubbyhole.sub(cubbyholePrefix(info.accessor));
  assert.deepEqual((await view.list("")).sort(), ["response", "wrapinfo"]);
  const stored = await view.getJSON<{ response: string }>("response");
  assert.deepEqual(Object.keys(stored!), ["response"]);
  const wire = JSON.parse(stored!.response);
  assert.equal(wire.request_id, response.requestId);
  assert.deepEqual(wire.data, response.data);
  assert.equal(wire.mount_type, "kv");
  assert.deepEqual(await view.getJSON("wrapinfo"), {
    creation_time: info.creation_time,
    creation_ttl: 300,
    creation_path: "secret/data/app",
  });
  assert.deepEqual(await svc.unwrap(info.token, false), response);
  await assert.rejects(svc.unwrap(info.token, false), /wrapping token is not valid/);
});

test("rewrap stores the same text under a new token with the same TTL, path and wrapped accessor", async () => {
  const { svc } = setup();
  const first = await svc.wrap(response, 120, "auth/token/create", "tokacc");
  const second = await svc.rewrap(first.token, false);
  assert.equal(second.ttl, 120);
  assert.equal(second.creation_path, "auth/token/create");
  assert.equal(second.wrapped_accessor, "tokacc");
  assert.notEqual(second.token, first.token);
  assert.deepEqual(await svc.lookup(second.token), {
    creation_path: "auth/token/create",
    creation_time: second.creation_time,
    creation_ttl: 120,
  });
  assert.deepEqual(await svc.unwrap(second.token, false), response);
});

test("a record written by an earlier cofre (one object under response) still unwraps and looks up", async () => {
  const { svc, cubbyhole } = setup();
  const info = await svc.wrap(response, 60, "secret/data/app", undefined);
  const view = cubbyhole.sub(cubbyholePrefix(info.accessor));
  await view.delete("wrapinfo");
  await view.putJSON("response", {
    response,
    creation_time: "2026-11-20T10:00:00.000Z",
    creation_ttl: 60,
    creation_path: "secret/data/app",
  });
  assert.deepEqual(await svc.lookup(info.token), {
    creation_path: "secret/data/app",
    creation_time: "2026-11-20T10:00:00.000Z",
    creation_ttl: 60,
  });
  assert.deepEqual(await svc.unwrap(info.token, false), response);
});

test("a stored response that is not a response is an internal error, never returned", async () => {
  const { svc, cubbyhole } = setup();
  const info = await svc.wrap(response, 60, "secret/data/app", undefined);
  await cubbyhole.sub(cubbyholePrefix(info.accessor)).putJSON("response", { response: '{"data":"nope"}' });
  await assert.rejects(svc.unwrap(info.token, false), /not a response/);
});
