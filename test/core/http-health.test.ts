/**
 * HTTP tests of sys/health (GET and HEAD, status-code parameters as Vault's), sys/leader and
 * sys/step-down.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { ManualClock } from "../../src/util/clock.js";
import { startTestServer, type TestServer, tokenWith } from "../helpers/server.js";
import {
  assertError,
  checkedRequests,
  PERMISSION_DENIED,
  type Send,
  sealAsRoot,
  unsealWith,
} from "./seal-helpers.js";

const HEALTH_KEYS = [
  "cluster_id",
  "cluster_name",
  "enterprise",
  "initialized",
  "performance_standby",
  "replication_dr_mode",
  "replication_performance_mode",
  "sealed",
  "server_time_utc",
  "standby",
  "version",
];
const CODE_PARAMS = [
  "activecode",
  "standbycode",
  "drsecondarycode",
  "performancestandbycode",
  "haunhealthycode",
  "removedcode",
  "sealedcode",
  "uninitcode",
];
/** What the Go SDK (vault status, ESO, Agent) sends: every code as 299, standby accepted. */
const GO_SDK_QUERY = `${CODE_PARAMS.map((p) => `${p}=299`).join("&")}&standbyok=true&perfstandbyok=true`;

describe("sys/health on an active server", () => {
  const clock = new ManualClock(Date.UTC(2026, 5, 1, 12, 0, 0));
  let s: TestServer;
  let req: Send;
  before(async () => {
    s = await startTestServer({ clock });
    req = checkedRequests(s);
  });
  after(() => s.close());

  test("GET answers 200 with Vault's body", async () => {
    const r = await req("GET", "sys/health");
    assert.equal(r.status, 200);
    assert.deepEqual(Object.keys(r.body).sort(), HEALTH_KEYS);
    assert.equal(r.body.initialized, true);
    assert.equal(r.body.sealed, false);
    assert.equal(r.body.standby, false);
    assert.equal(r.body.performance_standby, false);
    assert.equal(r.body.replication_performance_mode, "disabled");
    assert.equal(r.body.replication_dr_mode, "disabled");
    assert.equal(r.body.server_time_utc, Date.UTC(2026, 5, 1, 12, 0, 0) / 1000);
    assert.match(r.body.cluster_name, /^vault-cluster-/);
    assert.equal(r.body.cluster_id, (await req("GET", "sys/seal-status")).body.cluster_id);
  });

  test("HEAD answers the same status with no body", async () => {
    const r = await req("HEAD", "sys/health");
    assert.equal(r.status, 200);
    assert.equal(r.text, "");
    const custom = await req("HEAD", "sys/health?activecode=204");
    assert.deepEqual([custom.status, custom.text], [204, ""]);
  });

  test("activecode picks the status; codes for other states do not apply", async () => {
    const r = await req("GET", "sys/health?activecode=299&sealedcode=200&uninitcode=200&standbycode=200");
    assert.equal(r.status, 299);
    assert.equal(r.body.sealed, false);
  });

  test("the Go SDK's query (every code 299) gets 299 with a JSON body", async () => {
    const r = await req("GET", `sys/health?${GO_SDK_QUERY}`);
    assert.equal(r.status, 299);
    assert.deepEqual(Object.keys(r.body).sort(), HEALTH_KEYS);
  });

  test("a code that is not an integer HTTP status is a 400", async () => {
    for (const name of CODE_PARAMS) {
      for (const value of ["abc", "", "2.5", "-1", "99", "600", "0x1f4"]) {
        const r = await req("GET", `sys/health?${name}=${encodeURIComponent(value)}`);
        assertError(r, 400, `bad code for ${name}`);
      }
    }
    assert.equal((await req("HEAD", "sys/health?sealedcode=x")).status, 400);
  });

  test("standbyok and perfstandbyok parse like Go booleans", async () => {
    for (const v of ["true", "True", "1", "t", "false", "F", "0", ""]) {
      assert.equal((await req("GET", `sys/health?standbyok=${v}&perfstandbyok=${v}`)).status, 200, v);
    }
    assertError(await req("GET", "sys/health?standbyok=maybe"), 400, "bad value for standbyok parameter");
    assertError(
      await req("GET", "sys/health?perfstandbyok=yes"),
      400,
      "bad value for perfstandbyok parameter",
    );
  });

  test("a repeated code takes its first value, as Go's Query().Get does", async () => {
    assert.equal((await req("GET", "sys/health?activecode=299&activecode=abc")).status, 299);
  });

  test("other methods are refused with 405", async () => {
    assert.equal((await req("PUT", "sys/health")).status, 405);
    assert.equal((await req("DELETE", "sys/health")).status, 405);
  });

  test("sys/leader has Vault's non-HA shape", async () => {
    const r = await req("GET", "sys/leader");
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, {
      ha_enabled: false,
      is_self: false,
      active_time: "0001-01-01T00:00:00Z",
      leader_address: "",
      leader_cluster_address: "",
      performance_standby: false,
      performance_standby_last_remote_wal: 0,
      last_wal: 0,
    });
    assert.equal((await req("POST", "sys/leader")).status, 405);
  });

  test("sys/step-down: 204 for root, 403 without sudo", async () => {
    const r = await req("PUT", "sys/step-down", { token: s.rootToken });
    assert.deepEqual([r.status, r.text], [204, ""]);
    assertError(
      await req("PUT", "sys/step-down", { token: await tokenWith(s, ["default"]) }),
      403,
      PERMISSION_DENIED,
    );
    assertError(await req("PUT", "sys/step-down"), 403, PERMISSION_DENIED);
    assert.equal((await req("GET", "sys/health")).body.sealed, false);
  });

  test("sealed: 503 (or sealedcode), sealed true, standby true, no cluster identity", async () => {
    await sealAsRoot(s);
    const r = await req("GET", "sys/health");
    assert.equal(r.status, 503);
    assert.equal(r.body.initialized, true);
    assert.equal(r.body.sealed, true);
    assert.equal(r.body.standby, true);
    assert.equal(r.body.cluster_name, undefined);
    assert.equal(r.body.cluster_id, undefined);
    const head = await req("HEAD", "sys/health");
    assert.deepEqual([head.status, head.text], [503, ""]);
    assert.equal((await req("GET", "sys/health?sealedcode=200")).status, 200);
    assert.equal((await req("GET", `sys/health?${GO_SDK_QUERY}`)).status, 299);
    assert.equal((await req("GET", "sys/leader")).status, 200);
    await unsealWith(s, s.keys);
    assert.equal((await req("GET", "sys/health")).status, 200);
  });
});

test("sys/health on an uninitialised server: 501, or uninitcode", async () => {
  const s = await startTestServer({ init: false });
  try {
    const req = checkedRequests(s);
    const r = await req("GET", "sys/health");
    assert.equal(r.status, 501);
    assert.deepEqual([r.body.initialized, r.body.sealed], [false, true]);
    assert.equal(r.body.cluster_name, undefined);
    const head = await req("HEAD", "sys/health");
    assert.deepEqual([head.status, head.text], [501, ""]);
    assert.equal((await req("GET", "sys/health?uninitcode=200&sealedcode=299")).status, 200);
    assert.equal((await req("GET", `sys/health?${GO_SDK_QUERY}`)).status, 299);
  } finally {
    await s.close();
  }
});
